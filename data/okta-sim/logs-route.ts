// GET /api/v1/logs. Events are served byte for byte as stored: the body is the raw lines joined
// into a JSON array. Polling answers always carry a next link (an empty page keeps the cursor);
// finite answers carry one only while more events remain.
import { uuidOf } from './event-text.js'
import { formatCursor, type LogCursor } from './log-cursor.js'
import { readLogsQuery } from './logs-query.js'
import { scanLogs } from './logs-scan.js'
import { linkHeaders } from './paging.js'
import type { Route, SimContext, SimRequest, SimResponse } from './types.js'

export async function listLogs(req: SimRequest, ctx: SimContext): Promise<SimResponse> {
  const nowMs = req.now.getTime()
  const q = readLogsQuery(req.query, nowMs)
  const scan = await scanLogs(ctx.events, q, nowMs, ctx.maxScan)
  let cursor: LogCursor | undefined
  if (q.polling) {
    cursor = {
      position: scan.resume ? { ms: scan.resume.persistMs, seq: scan.resume.seq } : q.start,
    }
  } else if (scan.more) {
    const position = scan.resume ? { ms: scan.resume.publishedMs, seq: scan.resume.seq } : q.start
    cursor = q.descending ? { position, sinceMs: q.sinceMs } : { position }
  }
  return {
    status: 200,
    body: `[${scan.texts.join(',')}]`,
    headers: { link: linkHeaders(req, cursor && formatCursor(cursor)) },
    servedUuids: scan.texts.map((t) => uuidOf(t) ?? ''),
  }
}

export const logsRoutes: readonly Route[] = [
  { method: 'GET', pattern: '/api/v1/logs', scope: 'okta.logs.read', handle: listLogs },
]
