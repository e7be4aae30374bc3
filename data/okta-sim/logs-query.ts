// Reads and checks the parameters of GET /api/v1/logs (okta-api.md §1.1–1.2) into a query plan.
// Polling mode (no `until`, ascending) walks persistence order from a cursor; every other mix is a
// finite walk in `published` order between `since` (inclusive) and `until` (exclusive).
import { invalidFilter, unsupportedOperator, validationFailed } from './errors.js'
import type { Position } from './event-store.js'
import { FilterSyntaxError, filterPaths, parseFilter, type FilterNode } from './filter.js'
import { parseCursor, positionBefore } from './log-cursor.js'
import { readLimit } from './paging.js'

export const DAY_MS = 24 * 60 * 60 * 1000
export const RETENTION_MS = 90 * DAY_MS
const MAX_SINCE_AGE_MS = 180 * DAY_MS
const DEFAULT_WINDOW_MS = 7 * DAY_MS

/** Top-level LogEvent fields a filter may name (`published` is for since/until only). */
const FILTER_FIELDS = new Set([
  'actor',
  'authenticationContext',
  'client',
  'debugContext',
  'device',
  'displayMessage',
  'eventType',
  'legacyEventType',
  'outcome',
  'request',
  'securityContext',
  'severity',
  'target',
  'transaction',
  'uuid',
  'version',
])
const NO_CONTAINS = new Set(['debugContext.debugData.url', 'debugContext.debugData.requestUri'])

export interface LogsQuery {
  polling: boolean
  descending: boolean
  limit: number
  /** Exclusive start: persistence position (polling) or published position (finite). */
  start: Position
  /** Finite ascending: published < untilMs. */
  untilMs: number
  /** Finite descending: published >= sinceMs. */
  sinceMs: number
  filter: FilterNode | undefined
  /** Lower-cased `q` keywords; all must occur in the event's values. */
  keywords: string[]
}

export function readLogsQuery(query: URLSearchParams, nowMs: number): LogsQuery {
  const limit = readLimit(query, 100, 1000, true)
  const sortOrder = query.get('sortOrder') ?? 'ASCENDING'
  if (sortOrder !== 'ASCENDING' && sortOrder !== 'DESCENDING') {
    throw validationFailed("sortOrder: must be 'ASCENDING' or 'DESCENDING'")
  }
  const descending = sortOrder === 'DESCENDING'
  const since = readInstant(query, 'since')
  const until = readInstant(query, 'until')
  const afterText = query.get('after')
  if (afterText !== null && since !== undefined) {
    throw validationFailed('since: cannot be combined with after')
  }
  const cursor = afterText === null ? undefined : parseCursor(afterText)
  if (afterText !== null && cursor === undefined) {
    throw validationFailed('after: is not a cursor from a next link')
  }
  if (since !== undefined && since < nowMs - MAX_SINCE_AGE_MS) {
    throw invalidFilter(
      'Invalid parameter: The since parameter is over 180 days prior to the current day.',
    )
  }
  const polling = until === undefined && !descending
  const untilMs = until ?? nowMs
  const sinceMs = cursor?.sinceMs ?? since ?? untilMs - DEFAULT_WINDOW_MS
  let start: Position
  if (cursor) {
    start = cursor.position
  } else {
    start = positionBefore(descending ? untilMs : sinceMs)
  }
  return {
    polling,
    descending,
    limit,
    start,
    untilMs,
    sinceMs,
    filter: readFilter(query.get('filter')),
    keywords: readKeywords(query.get('q')),
  }
}

function readInstant(query: URLSearchParams, name: 'since' | 'until'): number | undefined {
  const raw = query.get(name)
  if (raw === null || raw === '') {
    return undefined
  }
  const ms = /^\d{4}-\d{2}-\d{2}/.test(raw) ? Date.parse(raw) : Number.NaN
  if (!Number.isFinite(ms)) {
    throw validationFailed(
      `${name}: The date format in your query is not recognized. Please enter dates using ISO8601 string format.`,
      `${name}: must be a valid date-time or empty.`,
    )
  }
  return ms
}

function readFilter(text: string | null): FilterNode | undefined {
  if (text === null || text.trim() === '') {
    return undefined
  }
  let node: FilterNode
  try {
    node = parseFilter(text)
  } catch (err) {
    if (err instanceof FilterSyntaxError) {
      throw invalidFilter(err.message)
    }
    throw err
  }
  for (const { path, op } of filterPaths(node)) {
    const root = path.split('.')[0] ?? ''
    if (!FILTER_FIELDS.has(root)) {
      throw invalidFilter(`field is not valid: ${path}`)
    }
    if (op === 'co' && NO_CONTAINS.has(path)) {
      throw unsupportedOperator(op, path)
    }
  }
  return node
}

function readKeywords(q: string | null): string[] {
  const keywords = (q ?? '').split(/\s+/).filter((k) => k !== '')
  if (keywords.some((k) => k.length > 40)) {
    throw validationFailed(
      "'q': Freeform search cannot contain items longer than 40 characters. Please shorten the items in your search or use an advanced filter to query by specific fields.",
    )
  }
  if (keywords.length > 10) {
    throw validationFailed("'q': Freeform search cannot contain more than 10 items.")
  }
  return keywords.map((k) => k.toLowerCase())
}
