// /users/:userId/timeline: sign-ins (place, device, outcome) and findings of one user.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { InvalidWindow, NotFound } from '../../lib/errors.js'
import { scopeOf } from '../auth/authenticate.js'
import type { ApiContext } from '../context.js'
import { cursorMicros, decodeCursor, encodeCursor, fingerprint } from '../cursor.js'
import { createUsersQueries, type SignInRow } from '../queries/users-queries.js'
import { WITH_NOT_FOUND } from '../schemas/common.js'
import { Timeline, TimelineParams, TimelineQuery } from '../schemas/users.js'
import { toAnomaly, toUser } from '../views.js'

export const usersRoutes: FastifyPluginAsyncTypebox<{ ctx: ApiContext }> = async (app, opts) => {
  const users = createUsersQueries(opts.ctx.store)

  app.get(
    '/users/:userId/timeline',
    {
      config: { roles: ['admin', 'analyst', 'partner-admin'] },
      schema: {
        tags: ['users'],
        summary: 'A user’s sign-ins and findings, newest first',
        params: TimelineParams,
        querystring: TimelineQuery,
        response: { 200: Timeline, ...WITH_NOT_FOUND },
      },
    },
    async (request) => {
      const { userId } = request.params
      const scope = scopeOf(request)
      const q = request.query
      const since = q.since ? new Date(q.since) : null
      const until = q.until ? new Date(q.until) : null
      if (since && until && since >= until) {
        throw new InvalidWindow('since must be before until')
      }
      const user = await users.user(userId, scope)
      if (!user) {
        throw new NotFound(`user ${userId}`)
      }
      const filters = fingerprint({ user: userId, since: q.since ?? null, until: q.until ?? null })
      const k = q.cursor
        ? decodeCursor(q.cursor, { partner: scope, scope, filters, keys: 2 })
        : undefined
      const beforeUs = k ? cursorMicros(k[0]) : null
      const [signIns, findings] = await Promise.all([
        users.signIns({
          user: userId,
          scope,
          since,
          until,
          beforeUs,
          beforeUuid: k ? String(k[1]) : null,
          limit: q.limit + 1,
        }),
        k
          ? Promise.resolve([])
          : users.findings({ user: userId, scope, since, until, limit: q.limit }),
      ])
      const page = signIns.slice(0, q.limit)
      const last = page.at(-1)
      return {
        user: toUser(user),
        signIns: page.map(toSignIn),
        nextCursor:
          signIns.length > q.limit && last
            ? encodeCursor({ k: [String(last.published_us), last.uuid], p: scope, f: filters })
            : null,
        findings: findings.map((f) => toAnomaly(f, scope)),
      }
    },
  )
}

function toSignIn(r: SignInRow) {
  return {
    eventId: r.uuid,
    at: r.published.toISOString(),
    eventType: r.event_type,
    outcome: { result: r.outcome_result, reason: r.outcome_reason },
    place: { city: r.city, state: r.state, country: r.country, lat: r.lat, lon: r.lon },
    network: { ip: r.client_ip, asOrg: r.as_org },
    device: { kind: r.client_device, os: r.os, browser: r.browser, userAgent: r.user_agent },
    sessionId: r.session_id,
  }
}
