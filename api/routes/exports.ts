// /exports/{events|anomalies}: one page of a SIEM stream in the asked format, read a batch at a time
// from DuckDB and streamed out (gzip when the client accepts it). Every page carries
// `Link: <…?after=NEXT>; rel="next"`, as Okta's own API pages; a consumer that follows it to the
// end never skips a late event (the cursor runs over the ingest sequence). A partner-admin's
// partner is enforced in the export's SQL, whatever the filters or the cursor say.
import { Readable } from 'node:stream'
import compress from '@fastify/compress'
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Forbidden } from '../../lib/errors.js'
import { exportPage, ExportQuerySchema } from '../../reports/export/export-page.js'
import { scopeOf } from '../auth/authenticate.js'
import type { ApiContext } from '../context.js'
import { READ_ERRORS } from '../schemas/common.js'

const Params = Type.Object(
  { stream: Type.Union([Type.Literal('events'), Type.Literal('anomalies')]) },
  { additionalProperties: false },
)

const Body = Type.String({
  description:
    'Records in the asked format (NDJSON, CEF, LEEF, OCSF, ECS, HEC, syslog lines; Arrow IPC or Parquet bytes)',
})

export const exportsRoutes: FastifyPluginAsyncTypebox<{ ctx: ApiContext }> = async (app, opts) => {
  const { db } = opts.ctx
  await app.register(compress, {
    global: true,
    encodings: ['gzip'],
    threshold: 1024,
    // NDJSON, CEF, syslog and Arrow bodies all compress well, whatever mime-db says of their types.
    customTypes: /^(text|application)\//,
  })
  app.get(
    '/exports/:stream',
    {
      config: { roles: ['admin', 'analyst', 'siem', 'partner-admin'] },
      schema: {
        tags: ['exports'],
        summary: 'One page of the events or anomalies stream, with a Link to the next',
        params: Params,
        querystring: ExportQuerySchema,
        response: { 200: Body, 410: Type.Ref('ErrorBody'), ...READ_ERRORS },
      },
    },
    async (request, reply) => {
      const q = request.query
      const scope = scopeOf(request)
      if (scope !== null && q.partner !== undefined && q.partner !== scope) {
        throw new Forbidden(`this token may read partner ${scope} only`)
      }
      const page = await exportPage(db, {
        stream: request.params.stream,
        format: q.format,
        after: q.after,
        limit: q.limit,
        partner: q.partner,
        eventTypes: q.eventType,
        since: q.since ? new Date(q.since) : undefined,
        partnerScope: scope ?? undefined,
        framing: q.framing,
      })
      const next = new URLSearchParams()
      for (const [key, value] of Object.entries(q)) {
        if (key === 'after' || value === undefined) {
          continue
        }
        for (const v of Array.isArray(value) ? value : [value]) {
          next.append(key, String(v))
        }
      }
      next.set('after', page.nextCursor)
      const path = request.url.split('?')[0] ?? ''
      return reply
        .header('content-type', page.contentType)
        .header('link', `<${path}?${next.toString()}>; rel="next"`)
        .header('x-record-count', String(page.count))
        .header('x-next-cursor', page.nextCursor)
        .header('x-has-more', String(page.hasMore))
        .send(Readable.from(page.records))
    },
  )
}
