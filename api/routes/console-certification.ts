// The certification reads only the console needs, beside the API's own (api/routes/certification.ts):
// a campaign's figures (decisions so far, items per partner and per reviewer, the sign-off) and its
// items filtered by decision and partner as well as reviewer, a page at a time by seq. Same roles as
// the certification reads: admins, analysts and auditors.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { NotFound } from '../../lib/errors.js'
import type { ApiContext } from '../context.js'
import { CampaignParams } from '../schemas/certification.js'
import { Nullable, WITH_NOT_FOUND } from '../schemas/common.js'

const READERS = ['admin', 'analyst', 'auditor'] as const
const TAGS = ['console']
const Time = Type.String({ format: 'date-time' })
const Count = Type.Integer({ minimum: 0 })

const Figures = Type.Object(
  {
    decisions: Type.Object(
      { approve: Count, revoke: Count, no_response: Count, undecided: Count },
      { additionalProperties: false },
    ),
    partners: Type.Array(
      Type.Object({ id: Type.String(), items: Count }, { additionalProperties: false }),
    ),
    reviewers: Type.Array(
      Type.Object(
        { reviewer: Type.String(), items: Count, undecided: Count },
        { additionalProperties: false },
      ),
    ),
    signOff: Nullable(
      Type.Object(
        { signedBy: Type.String(), signedAt: Time, statement: Nullable(Type.String()) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
)

const DECISIONS = ['approve', 'revoke', 'no_response', 'undecided'] as const

const ItemsQuery = Type.Object(
  {
    decision: Type.Optional(Type.Union(DECISIONS.map((d) => Type.Literal(d)))),
    partner: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    reviewer: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    afterSeq: Type.Optional(Type.Integer({ minimum: 0 })),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  },
  { additionalProperties: false },
)

const Item = Type.Object(
  {
    seq: Type.Integer(),
    login: Nullable(Type.String()),
    displayName: Nullable(Type.String()),
    userStatus: Type.String(),
    partnerId: Type.String(),
    entitlementType: Type.String(),
    entitlementName: Nullable(Type.String()),
    lastActivity: Nullable(Time),
    daysInactive: Nullable(Type.Integer()),
    openHighFindings: Type.Integer(),
    recommendation: Type.String(),
    reasons: Type.Array(Type.String()),
    reviewer: Type.String(),
    decision: Nullable(Type.String()),
    justification: Nullable(Type.String()),
    decidedBy: Nullable(Type.String()),
    decidedAt: Nullable(Time),
  },
  { additionalProperties: false },
)

const ItemPage = Type.Object(
  { items: Type.Array(Item), nextAfterSeq: Nullable(Type.Integer()) },
  { additionalProperties: false },
)

interface ItemRow {
  seq: number
  login: string | null
  displayName: string | null
  userStatus: string
  partnerId: string
  entitlementType: string
  entitlementName: string | null
  lastActivity: Date | null
  daysInactive: number | null
  openHighFindings: number
  recommendation: string
  reasons: string[]
  reviewer: string
  decision: string | null
  justification: string | null
  decidedBy: string | null
  decidedAt: Date | null
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null)

export const consoleCertificationRoutes: FastifyPluginAsyncTypebox<{ ctx: ApiContext }> = async (
  app,
  opts,
) => {
  const { store } = opts.ctx
  const known = async (id: string) => {
    if (!(await store.one(`SELECT id FROM cert_campaigns WHERE id = $id`, { id }))) {
      throw new NotFound(`campaign ${id}`)
    }
  }

  app.get(
    '/console/certification/campaigns/:id/figures',
    {
      config: { roles: READERS },
      schema: {
        tags: TAGS,
        summary: "A campaign's decisions so far, items per partner and reviewer, and its sign-off",
        params: CampaignParams,
        response: { 200: Figures, ...WITH_NOT_FOUND },
      },
    },
    async (request) => {
      const { id } = request.params
      await known(id)
      const rows = await store.all<{
        partner: string
        reviewer: string
        decision: string
        n: number
      }>(
        `SELECT i.partner_id AS partner, i.reviewer, coalesce(d.decision, 'undecided') AS decision,
           count(*)::INTEGER AS n
         FROM cert_items i
         LEFT JOIN cert_decisions d ON d.campaign_id = i.campaign_id AND d.item_seq = i.seq
         WHERE i.campaign_id = $id
         GROUP BY ALL ORDER BY ALL`,
        { id },
      )
      const decisions = { approve: 0, revoke: 0, no_response: 0, undecided: 0 }
      const partners = new Map<string, number>()
      const reviewers = new Map<string, { items: number; undecided: number }>()
      for (const r of rows) {
        if (r.decision in decisions) {
          decisions[r.decision as keyof typeof decisions] += r.n
        }
        partners.set(r.partner, (partners.get(r.partner) ?? 0) + r.n)
        const rv = reviewers.get(r.reviewer) ?? { items: 0, undecided: 0 }
        rv.items += r.n
        rv.undecided += r.decision === 'undecided' ? r.n : 0
        reviewers.set(r.reviewer, rv)
      }
      const signed = await store.one<{
        signed_by: string
        signed_at: Date
        statement: string | null
      }>(
        `SELECT signed_by, signed_at, statement FROM cert_signoffs WHERE campaign_id = $id
         ORDER BY signed_at DESC LIMIT 1`,
        { id },
      )
      return {
        decisions,
        partners: [...partners].map(([p, items]) => ({ id: p, items })),
        reviewers: [...reviewers].map(([reviewer, v]) => ({ reviewer, ...v })),
        signOff: signed
          ? {
              signedBy: signed.signed_by,
              signedAt: signed.signed_at.toISOString(),
              statement: signed.statement,
            }
          : null,
      }
    },
  )

  app.get(
    '/console/certification/campaigns/:id/items',
    {
      config: { roles: READERS },
      schema: {
        tags: TAGS,
        summary: 'Review items by seq, filtered by decision, partner and reviewer',
        params: CampaignParams,
        querystring: ItemsQuery,
        response: { 200: ItemPage, ...WITH_NOT_FOUND },
      },
    },
    async (request) => {
      const { id } = request.params
      const q = request.query
      await known(id)
      const rows = await store.all<ItemRow>(
        `SELECT i.seq, i.login, i.display_name AS "displayName", i.user_status AS "userStatus",
           i.partner_id AS "partnerId", i.entitlement_type AS "entitlementType",
           i.entitlement_name AS "entitlementName", i.last_activity AS "lastActivity",
           i.days_inactive AS "daysInactive", i.open_high_findings AS "openHighFindings",
           i.recommendation, i.reasons, i.reviewer, d.decision, d.justification,
           d.decided_by AS "decidedBy", d.decided_at AS "decidedAt"
         FROM cert_items i
         LEFT JOIN cert_decisions d ON d.campaign_id = i.campaign_id AND d.item_seq = i.seq
         WHERE i.campaign_id = $id AND i.seq > $after
           AND ($partner::VARCHAR IS NULL OR i.partner_id = $partner::VARCHAR)
           AND ($reviewer::VARCHAR IS NULL OR lower(i.reviewer) = lower($reviewer::VARCHAR))
           AND ($decision::VARCHAR IS NULL OR coalesce(d.decision, 'undecided') = $decision::VARCHAR)
         ORDER BY i.seq LIMIT $limit`,
        {
          id,
          after: q.afterSeq ?? 0,
          partner: q.partner ?? null,
          reviewer: q.reviewer ?? null,
          decision: q.decision ?? null,
          limit: q.limit + 1,
        },
      )
      const page = rows.slice(0, q.limit)
      return {
        items: page.map((r) => ({
          ...r,
          reasons: [...r.reasons],
          lastActivity: iso(r.lastActivity),
          decidedAt: iso(r.decidedAt),
        })),
        nextAfterSeq: rows.length > q.limit ? (page.at(-1)?.seq ?? null) : null,
      }
    },
  )
}
