// /audit: every API request, newest first (auditors and admins).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CursorInvalid } from '../../lib/errors.js'
import { createAuditQueries } from '../audit/audit-queries.js'
import type { AuditWriter } from '../audit/audit-writer.js'
import { scopeOf } from '../auth/authenticate.js'
import type { ApiContext } from '../context.js'
import { decodeCursor, encodeCursor, fingerprint } from '../cursor.js'
import { READ_ERRORS } from '../schemas/common.js'
import { AuditPage, AuditQuery } from '../schemas/audit.js'

export const auditRoutes: FastifyPluginAsyncTypebox<{
  ctx: ApiContext
  writer: AuditWriter
}> = async (app, opts) => {
  const audit = createAuditQueries(opts.ctx.store)

  app.get(
    '/audit',
    {
      config: { roles: ['admin', 'auditor'] },
      schema: {
        tags: ['audit'],
        summary: 'The audit trail of API requests, newest first',
        querystring: AuditQuery,
        response: { 200: AuditPage, ...READ_ERRORS },
      },
    },
    async (request) => {
      const q = request.query
      const scope = scopeOf(request)
      // What is buffered is written first, so the trail includes the requests just before this one.
      await opts.writer.flush()
      const filters = fingerprint({
        token: q.token ?? null,
        since: q.since ?? null,
        until: q.until ?? null,
      })
      const k = q.cursor
        ? decodeCursor(q.cursor, { partner: scope, scope, filters, keys: 1 })
        : undefined
      const beforeId = k ? Number(k[0]) : undefined
      if (beforeId !== undefined && !Number.isSafeInteger(beforeId)) {
        throw new CursorInvalid('malformed')
      }
      const rows = await audit.list({
        beforeId,
        tokenName: q.token,
        since: q.since ? new Date(q.since) : undefined,
        until: q.until ? new Date(q.until) : undefined,
        limit: q.limit + 1,
      })
      const page = rows.slice(0, q.limit)
      const last = page.at(-1)
      return {
        items: page.map((r) => ({ ...r, at: r.at.toISOString() })),
        nextCursor:
          rows.length > q.limit && last
            ? encodeCursor({ k: [last.id], p: scope, f: filters })
            : null,
      }
    },
  )
}
