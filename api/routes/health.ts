// /healthz (the process answers) and /readyz (the database answers; the last ingest per org and its
// lag). Both without a token, for load balancers and orchestrators.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { ApiContext } from '../context.js'
import { createHealthQueries, type OrgIngestRow } from '../queries/health-queries.js'
import { iso } from '../views.js'

const NO_ROWS: Omit<OrgIngestRow, 'org'> = {
  cursor_updated_at: null,
  pages: null,
  newest_event: null,
  last_sync_at: null,
  last_sync_status: null,
  last_good_sync_at: null,
}

const Health = Type.Object({ status: Type.Literal('ok') }, { additionalProperties: false })

const IngestLoop = Type.Object(
  {
    state: Type.Union(
      [Type.Literal('running'), Type.Literal('retrying'), Type.Literal('stopped')],
      {
        description:
          'retrying: waiting out a failure, to resume from the stored cursor; stopped: an error retrying cannot mend (bad credentials), until a restart',
      },
    ),
    failures: Type.Integer({ description: 'System Log failures in a row' }),
    lastError: Type.Union([Type.String(), Type.Null()]),
    lastFailureAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    retryAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { additionalProperties: false },
)

const OrgReadiness = Type.Object(
  {
    org: Type.String(),
    lastIngestAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
      description: 'When the last System Log page was stored',
    }),
    lagSeconds: Type.Union([Type.Number(), Type.Null()], {
      description: 'Now minus lastIngestAt',
    }),
    newestEventAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    lastDirectorySyncAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    lastDirectorySyncStatus: Type.Union([Type.String(), Type.Null()]),
    lastGoodDirectorySyncAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    ingest: Type.Union([IngestLoop, Type.Null()], {
      description: "This process's ingest loop for the org; null when it runs none (not `serve`)",
    }),
  },
  { additionalProperties: false },
)

const Readiness = Type.Object(
  {
    status: Type.Union([Type.Literal('ready'), Type.Literal('unavailable')]),
    database: Type.Boolean(),
    orgs: Type.Array(OrgReadiness),
  },
  { additionalProperties: false },
)

export const healthRoutes: FastifyPluginAsyncTypebox<{ ctx: ApiContext }> = async (app, opts) => {
  const health = createHealthQueries(opts.ctx.store)

  app.get(
    '/healthz',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        summary: 'The process answers',
        security: [],
        response: { 200: Health },
      },
    },
    async () => ({ status: 'ok' as const }),
  )

  app.get(
    '/readyz',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        summary: 'The database answers; last ingest per org and its lag',
        security: [],
        response: { 200: Readiness, 503: Readiness },
      },
    },
    async (request, reply) => {
      let database = false
      try {
        database = await health.ping()
        const now = opts.ctx.clock.now().getTime()
        const loops = opts.ctx.ingestStatus
        const rows = new Map((await health.orgs()).map((o) => [o.org, o]))
        // Orgs with stored rows, and those this process ingests (one refused at once has no rows).
        const names = [...new Set([...rows.keys(), ...(loops?.names() ?? [])])].sort()
        const orgs = names.map((org) => {
          const o = rows.get(org) ?? { ...NO_ROWS, org }
          const loop = loops?.get(org)
          return {
            org,
            lastIngestAt: iso(o.cursor_updated_at),
            lagSeconds: o.cursor_updated_at
              ? Math.max(0, Math.round((now - o.cursor_updated_at.getTime()) / 1000))
              : null,
            newestEventAt: iso(o.newest_event),
            lastDirectorySyncAt: iso(o.last_sync_at),
            lastDirectorySyncStatus: o.last_sync_status,
            lastGoodDirectorySyncAt: iso(o.last_good_sync_at),
            ingest: loop
              ? {
                  state: loop.state,
                  failures: loop.failures,
                  lastError: loop.lastError,
                  lastFailureAt: iso(loop.lastFailureAt),
                  retryAt: iso(loop.retryAt),
                }
              : null,
          }
        })
        return { status: 'ready' as const, database, orgs }
      } catch (err) {
        request.log.error({ err }, 'readiness check failed')
        return reply.status(503).send({ status: 'unavailable', database, orgs: [] })
      }
    },
  )
}
