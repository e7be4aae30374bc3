// /anomalies: the list (filters and a keyset cursor), one finding, and triage.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CursorInvalid, Forbidden, InvalidWindow, NotFound } from '../../lib/errors.js'
import { principalOf, scopeOf } from '../auth/authenticate.js'
import { cursorMicros, decodeCursor, encodeCursor, fingerprint } from '../cursor.js'
import type { ApiContext } from '../context.js'
import { createAnomaliesQueries } from '../queries/anomalies-queries.js'
import { toAnomaly } from '../views.js'
import {
  AnomalyListQuery,
  AnomalyPage,
  AnomalyParams,
  TriageBody,
  type AnomalyListQueryType,
} from '../schemas/anomalies.js'
import { READ_ERRORS, WITH_NOT_FOUND, WRITE_ERRORS } from '../schemas/common.js'
import { createListCache } from '../list-cache.js'

const TAGS = ['anomalies']

export const anomaliesRoutes: FastifyPluginAsyncTypebox<{ ctx: ApiContext }> = async (
  app,
  opts,
) => {
  const { store, clock, settings } = opts.ctx
  const read = createAnomaliesQueries(store)
  const cache = createListCache<string>({
    checkMs: settings.listCacheMs,
    maxEntries: 500,
    version: () => read.version(),
  })

  app.get(
    '/anomalies',
    {
      config: { roles: ['admin', 'analyst', 'partner-admin'] },
      schema: {
        tags: TAGS,
        summary: 'List anomalies, newest first (or oldest first, or by score)',
        querystring: AnomalyListQuery,
        response: { 200: AnomalyPage, ...READ_ERRORS },
      },
    },
    async (request, reply) => {
      const q = request.query
      const scope = scopeOf(request)
      const since = q.since ? new Date(q.since) : null
      const until = q.until ? new Date(q.until) : null
      if (since && until && since >= until) {
        throw new InvalidWindow('since must be before until')
      }
      const partner = q.partner ?? null
      if (scope !== null && partner !== null && partner !== scope) {
        throw new Forbidden(`this token may read partner ${scope} only`)
      }
      const filters = fingerprint(filterKey(q))
      const mintedFor = partner ?? scope
      const sort = q.sort
      const k = q.cursor
        ? decodeCursor(q.cursor, {
            partner: mintedFor,
            scope,
            filters,
            keys: sort === 'score' ? 3 : 2,
          })
        : undefined
      const after = k
        ? { occurredUs: cursorMicros(k[0]), id: String(k[1]), score: cursorScore(k[2], sort) }
        : null
      const filter = {
        scope,
        partner,
        detector: q.detector ?? null,
        severity: q.severity ?? null,
        status: q.status ?? null,
        user: q.user ?? null,
        since,
        until,
        sort,
        after,
        limit: q.limit + 1,
      }
      // The page is cached as the JSON its response schema produced (the allow-list still applies),
      // so a repeated request costs neither a query nor a serialisation.
      const json = await cache.get(JSON.stringify(filter, replacer), async () => {
        const rows = await read.list(filter)
        const page = rows.slice(0, q.limit)
        const last = page.at(-1)
        const nextCursor =
          rows.length > q.limit && last
            ? encodeCursor({
                k:
                  sort === 'score'
                    ? [String(last.occurred_us), last.id, last.score]
                    : [String(last.occurred_us), last.id],
                p: mintedFor,
                f: filters,
              })
            : null
        const out = reply.serialize({ items: page.map((r) => toAnomaly(r, scope)), nextCursor })
        return typeof out === 'string' ? out : Buffer.from(out as ArrayBuffer).toString('utf8')
      })
      return reply.type('application/json; charset=utf-8').send(json)
    },
  )

  app.get(
    '/anomalies/:id',
    {
      config: { roles: ['admin', 'analyst', 'partner-admin'] },
      schema: {
        tags: TAGS,
        summary: 'One anomaly',
        params: AnomalyParams,
        response: { 200: { $ref: 'Anomaly' }, ...WITH_NOT_FOUND },
      },
    },
    async (request) => {
      const scope = scopeOf(request)
      const row = await read.one(request.params.id, scope)
      if (!row) {
        throw new NotFound(`anomaly ${request.params.id}`)
      }
      return toAnomaly(row, scope)
    },
  )

  app.post(
    '/anomalies/:id/triage',
    {
      config: { roles: ['admin', 'analyst'] },
      schema: {
        tags: TAGS,
        summary: 'Set an anomaly’s status, with a comment; records who and when',
        params: AnomalyParams,
        body: TriageBody,
        response: { 200: { $ref: 'Anomaly' }, ...WRITE_ERRORS },
      },
    },
    async (request) => {
      const principal = principalOf(request)
      const scope = principal.partnerScope
      const { id } = request.params
      const done = await store.transaction((w) =>
        createAnomaliesQueries(w).triage({
          id,
          scope,
          status: request.body.status,
          comment: request.body.comment,
          by: principal.name,
          at: clock.now(),
        }),
      )
      cache.invalidate()
      const row = done ? await read.one(id, scope) : undefined
      if (!row) {
        throw new NotFound(`anomaly ${id}`)
      }
      return toAnomaly(row, scope)
    },
  )
}

function filterKey(q: AnomalyListQueryType): Record<string, unknown> {
  return {
    detector: q.detector ?? null,
    severity: q.severity ?? null,
    status: q.status ?? null,
    user: q.user ?? null,
    since: q.since ?? null,
    until: q.until ?? null,
    // Newest first has no key, so the cursors minted before sorting existed still read.
    ...(q.sort === 'newest' ? {} : { sort: q.sort }),
  }
}

/** The score in a score-sorted cursor (a whole number 0–100); absent for the other sorts. */
function cursorScore(value: string | number | undefined, sort: string): number | undefined {
  if (sort !== 'score') {
    return undefined
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 100) {
    throw new CursorInvalid('malformed')
  }
  return value
}

function replacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value
}
