// The web console (console/): its built files at / and the reads only it needs under /api/v1 — who
// the caller is (role, partner and brand colour), a finding's evidence events with their raw JSON, a
// partner's sign-ins per day, and a campaign's figures and filtered items (console-certification.ts).
// Mounted by `serve` through buildApp's `routes`.
import { createReadStream, existsSync } from 'node:fs'
import { extname, join, resolve } from 'node:path'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { NotFound } from '../../lib/errors.js'
import { principalOf, scopeOf } from '../auth/authenticate.js'
import { ROLES } from '../auth/roles.js'
import type { ApiContext } from '../context.js'
import { consoleCertificationRoutes } from './console-certification.js'
import { READ_ERRORS, WITH_NOT_FOUND } from '../schemas/common.js'
import { AnomalyParams } from '../schemas/anomalies.js'
import { PartnerParams } from '../schemas/partners.js'

/** Where `npm run build:console` writes the bundle. */
export const CONSOLE_DIST = resolve(import.meta.dirname, '../../console/dist')

const Session = Type.Object(
  {
    name: Type.String(),
    role: Type.String(),
    partner: Type.Union([
      Type.Object(
        { id: Type.String(), name: Type.String(), color: Type.Union([Type.String(), Type.Null()]) },
        { additionalProperties: false },
      ),
      Type.Null(),
    ]),
  },
  { additionalProperties: false },
)

const Evidence = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          id: Type.String(),
          published: Type.String({ format: 'date-time' }),
          eventType: Type.Union([Type.String(), Type.Null()]),
          raw: Type.Unknown({ description: 'The System Log event as Okta sent it' }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
)

const Activity = Type.Object(
  {
    days: Type.Array(
      Type.Object(
        {
          day: Type.String({ format: 'date' }),
          success: Type.Integer(),
          failure: Type.Integer({ description: 'Any outcome but SUCCESS' }),
        },
        { additionalProperties: false },
      ),
    ),
    dormantAfterDays: Type.Integer(),
    contractEnd: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  },
  { additionalProperties: false },
)

const ACTIVITY_DAYS = 30

interface EvidenceRow {
  uuid: string
  published: Date
  event_type: string | null
  raw: string
}

/** The console's routes; `dist` is the built console (a test may point it elsewhere). */
/** The console's pages at the root of the app: give to buildApp as `site`. */
export function consoleSite(dist: string = CONSOLE_DIST): (root: FastifyInstance) => void {
  return (root) => mountSite(root, dist)
}

export function consoleRoutes(): FastifyPluginAsyncTypebox<{ ctx: ApiContext }> {
  return async (app, opts) => {
    const { store, config } = opts.ctx
    await app.register(consoleCertificationRoutes, { ctx: opts.ctx })

    app.get(
      '/console/session',
      {
        config: { roles: ROLES },
        schema: {
          tags: ['console'],
          summary:
            'The caller: token name, role, and the partner (with brand colour) it is bound to',
          response: { 200: Session, ...READ_ERRORS },
        },
      },
      async (request) => {
        const p = principalOf(request)
        const partner = config.partners.find((x) => x.id === p.partnerScope)
        return {
          name: p.name,
          role: p.role,
          partner: partner
            ? { id: partner.id, name: partner.name, color: partner.color ?? null }
            : null,
        }
      },
    )

    app.get(
      '/console/anomalies/:id/evidence',
      {
        config: { roles: ['admin', 'analyst', 'partner-admin'] },
        schema: {
          tags: ['console'],
          summary: 'The evidence events of a finding with their raw JSON, oldest first',
          params: AnomalyParams,
          response: { 200: Evidence, ...WITH_NOT_FOUND },
        },
      },
      async (request) => {
        const scope = scopeOf(request)
        const { id } = request.params
        const finding = await store.one(
          `SELECT id FROM findings WHERE id = $id AND ($scope IS NULL OR partner_id = $scope)`,
          { id, scope },
        )
        if (!finding) {
          throw new NotFound(`anomaly ${id}`)
        }
        const rows = await store.all<EvidenceRow>(
          `SELECT e.uuid, e.published, e.event_type, e.raw
           FROM events e
           WHERE e.uuid IN (
             SELECT unnest(event_ids) FROM findings
             WHERE id = $id AND ($scope IS NULL OR partner_id = $scope))
           ORDER BY e.published, e.uuid`,
          { id, scope },
        )
        return {
          items: rows.map((r) => ({
            id: r.uuid,
            published: r.published.toISOString(),
            eventType: r.event_type,
            raw: parseRaw(r.raw),
          })),
        }
      },
    )
    app.get(
      '/console/partners/:partnerId/activity',
      {
        config: { roles: ['admin', 'analyst', 'partner-admin'] },
        schema: {
          tags: ['console'],
          summary: `Sign-ins per day (UTC) of a partner's users over the last ${ACTIVITY_DAYS} days`,
          params: PartnerParams,
          response: { 200: Activity, ...WITH_NOT_FOUND },
        },
      },
      async (request) => {
        const scope = scopeOf(request)
        const { partnerId } = request.params
        const partner = config.partners.find((p) => p.id === partnerId)
        if (!partner || (scope !== null && scope !== partnerId)) {
          throw new NotFound(`partner ${partnerId}`)
        }
        const since = new Date(opts.ctx.clock.now().getTime() - ACTIVITY_DAYS * 86_400_000)
        const rows = await store.all<{ day: string; success: bigint; failure: bigint }>(
          `SELECT strftime(timezone('UTC', e.published), '%Y-%m-%d') AS day,
             count(*) FILTER (WHERE e.outcome_result = 'SUCCESS') AS success,
             count(*) FILTER (WHERE e.outcome_result IS DISTINCT FROM 'SUCCESS') AS failure
           FROM events e
           WHERE e.event_type = 'user.session.start' AND e.published >= $since::TIMESTAMPTZ
             AND e.actor_id IN (SELECT id FROM dir_users
               WHERE partner_id = $partner AND ($scope IS NULL OR partner_id = $scope))
           GROUP BY 1 ORDER BY 1`,
          { partner: partnerId, scope, since: since.toISOString() },
        )
        return {
          days: rows.map((r) => ({
            day: r.day,
            success: Number(r.success),
            failure: Number(r.failure),
          })),
          dormantAfterDays: partner.dormantAfterDays,
          contractEnd: partner.contractEnd ?? null,
        }
      },
    )
  }
}

function parseRaw(raw: string): unknown {
  try {
    return JSON.parse(raw)
  } catch {
    return raw
  }
}

const MISSING = `The web console is not built. Run \`npm run build:console\` (npm start does it), then reload.
The API itself is at /api/v1 (see /docs).
`

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
}

/**
 * The built files: index.html at / and the hashed bundle under /assets/. Served by hand rather than
 * with @fastify/static, whose reply decorator would land in the /api/v1 context this module is
 * registered in, not on the root routes; asset names are checked against a strict pattern.
 */
function mountSite(root: FastifyInstance, dist: string): void {
  const page = { config: { public: true }, schema: { hide: true } }
  if (!existsSync(join(dist, 'index.html'))) {
    root.get('/', page, async (_request, reply) =>
      reply.status(503).type('text/plain; charset=utf-8').send(MISSING),
    )
    return
  }
  root.get('/', page, async (_request, reply) =>
    reply
      .type(TYPES['.html'] ?? 'text/html')
      .header('cache-control', 'no-cache')
      .send(createReadStream(join(dist, 'index.html'))),
  )
  root.get('/assets/*', page, async (request, reply) => {
    const name = (request.params as { '*': string })['*']
    const file = join(dist, 'assets', name)
    if (!/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(name) || !existsSync(file)) {
      throw new NotFound(`asset ${name.slice(0, 100)}`)
    }
    return reply
      .type(TYPES[extname(name)] ?? 'application/octet-stream')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(createReadStream(file))
  })
}
