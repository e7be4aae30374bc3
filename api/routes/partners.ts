// /partners: the list, one partner with counts, and a partner's users.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { NotFound } from '../../lib/errors.js'
import { scopeOf } from '../auth/authenticate.js'
import type { ApiContext } from '../context.js'
import { decodeCursor, encodeCursor, fingerprint } from '../cursor.js'
import { createPartnersQueries } from '../queries/partners-queries.js'
import { READ_ERRORS, WITH_NOT_FOUND } from '../schemas/common.js'
import {
  PartnerDetail,
  PartnerList,
  PartnerParams,
  UserListQuery,
  UserPage,
} from '../schemas/partners.js'
import { toUser } from '../views.js'

const TAGS = ['partners']
const READERS = ['admin', 'analyst', 'partner-admin'] as const

export const partnersRoutes: FastifyPluginAsyncTypebox<{ ctx: ApiContext }> = async (app, opts) => {
  const partners = createPartnersQueries(opts.ctx.store, opts.ctx.config.partners)

  app.get(
    '/partners',
    {
      config: { roles: READERS },
      schema: {
        tags: TAGS,
        summary: 'The configured partners (a partner-admin sees its own)',
        response: { 200: PartnerList, ...READ_ERRORS },
      },
    },
    async (request) => ({ items: await partners.list(scopeOf(request)) }),
  )

  app.get(
    '/partners/:partnerId',
    {
      config: { roles: READERS },
      schema: {
        tags: TAGS,
        summary: 'One partner with its user and finding counts',
        params: PartnerParams,
        response: { 200: PartnerDetail, ...WITH_NOT_FOUND },
      },
    },
    async (request) => {
      const { partnerId } = request.params
      const row = await partners.one(partnerId, scopeOf(request))
      if (!row) {
        throw new NotFound(`partner ${partnerId}`)
      }
      return {
        id: row.id,
        name: row.name,
        users: Number(row.users),
        activeUsers: Number(row.active),
        findings: {
          low: Number(row.findings_low),
          medium: Number(row.findings_medium),
          high: Number(row.findings_high),
          critical: Number(row.findings_critical),
          open: Number(row.findings_open),
        },
      }
    },
  )

  app.get(
    '/partners/:partnerId/users',
    {
      config: { roles: READERS },
      schema: {
        tags: TAGS,
        summary: 'A partner’s users from the directory snapshot',
        params: PartnerParams,
        querystring: UserListQuery,
        response: { 200: UserPage, ...WITH_NOT_FOUND },
      },
    },
    async (request) => {
      const { partnerId } = request.params
      const scope = scopeOf(request)
      const q = request.query
      if (!(await partners.list(scope)).some((p) => p.id === partnerId)) {
        throw new NotFound(`partner ${partnerId}`)
      }
      const filters = fingerprint({ status: q.status ?? null })
      const k = q.cursor
        ? decodeCursor(q.cursor, { partner: partnerId, scope, filters, keys: 2 })
        : undefined
      const rows = await partners.users({
        partner: partnerId,
        scope,
        status: q.status ?? null,
        after: k ? { org: String(k[0]), id: String(k[1]) } : null,
        limit: q.limit + 1,
      })
      const page = rows.slice(0, q.limit)
      const last = page.at(-1)
      const nextCursor =
        rows.length > q.limit && last
          ? encodeCursor({ k: [last.org, last.id], p: partnerId, f: filters })
          : null
      return { items: page.map(toUser), nextCursor }
    },
  )
}
