// The export cursor: opaque to consumers, exclusive (it names the last row delivered), strictly
// ascending over `events.ingest_seq` / `findings.finding_seq`, and bound to its stream, its filters
// and the export schema version. Encoded as base64url of a small versioned JSON with a checksum, so a
// truncated, edited or foreign cursor is refused with a coded one-line error instead of silently
// skipping or repeating rows. The checksum is not a secret: partner scope is never read from a cursor.
import { createHash } from 'node:crypto'
import { CursorInvalid } from '../../lib/errors.js'

/** Bumped when the records an export writes change shape; a cursor of another version is refused. */
export const EXPORT_SCHEMA_VERSION = 1

export const EXPORT_STREAMS = ['events', 'anomalies'] as const
export type ExportStream = (typeof EXPORT_STREAMS)[number]

/** What a cursor resumes: the stream, the last sequence number delivered, and the filters in force. */
export interface CursorState {
  stream: ExportStream
  /** Exclusive: the next page starts after this sequence number. 0 = from the beginning. */
  afterSeq: bigint
  partner: string | null
  /** Sorted, distinct; empty = every type. */
  eventTypes: readonly string[]
  /** Bootstrap lower bound on event time (`published` / `occurred_at`), ISO; null = none. */
  sinceIso: string | null
}

interface CursorJson {
  v: number
  s: ExportStream
  q: string
  p: string | null
  t: string[]
  f: string | null
  c: string
}

/** The longest cursor accepted (a cursor with many event types is still far below it). */
export const MAX_CURSOR_LENGTH = 8192

export function encodeCursor(state: CursorState): string {
  const body = {
    v: EXPORT_SCHEMA_VERSION,
    s: state.stream,
    q: state.afterSeq.toString(),
    p: state.partner,
    t: [...state.eventTypes],
    f: state.sinceIso,
  }
  const json: CursorJson = { ...body, c: checksum(body) }
  return Buffer.from(JSON.stringify(json), 'utf8').toString('base64url')
}

export function decodeCursor(cursor: string): CursorState {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH) {
    throw new CursorInvalid(`length ${cursor.length} is outside 1..${MAX_CURSOR_LENGTH}`)
  }
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw new CursorInvalid('not base64url text')
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw new CursorInvalid('does not decode to a cursor (truncated or altered?)')
  }
  const json = checkShape(parsed)
  if (json.v !== EXPORT_SCHEMA_VERSION) {
    throw new CursorInvalid(
      `written for export schema version ${json.v}, this server writes version ${EXPORT_SCHEMA_VERSION}; start again without a cursor`,
    )
  }
  const { c, ...body } = json
  if (checksum(body) !== c) {
    throw new CursorInvalid('checksum does not match (altered?)')
  }
  return {
    stream: json.s,
    afterSeq: BigInt(json.q),
    partner: json.p,
    eventTypes: json.t,
    sinceIso: json.f,
  }
}

function checkShape(x: unknown): CursorJson {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) {
    throw new CursorInvalid('does not decode to a cursor object')
  }
  const o = x as Record<string, unknown>
  const keys = Object.keys(o).sort().join(',')
  if (keys !== 'c,f,p,q,s,t,v') {
    throw new CursorInvalid('does not decode to a cursor object')
  }
  const ok =
    typeof o.v === 'number' &&
    typeof o.s === 'string' &&
    (EXPORT_STREAMS as readonly string[]).includes(o.s) &&
    typeof o.q === 'string' &&
    /^(0|[1-9]\d{0,18})$/.test(o.q) &&
    (o.p === null || typeof o.p === 'string') &&
    Array.isArray(o.t) &&
    o.t.every((t) => typeof t === 'string') &&
    (o.f === null || (typeof o.f === 'string' && !Number.isNaN(Date.parse(o.f)))) &&
    typeof o.c === 'string'
  if (!ok) {
    throw new CursorInvalid('a field has the wrong type or value')
  }
  return o as unknown as CursorJson
}

function checksum(body: Omit<CursorJson, 'c'>): string {
  return createHash('sha256')
    .update(`partnerwatch-export-cursor\n${JSON.stringify(body)}`)
    .digest('base64url')
    .slice(0, 12)
}

/** The filters of a request, normalised the way a cursor stores them. */
export function normaliseFilters(filters: {
  partner?: string | undefined
  eventTypes?: readonly string[] | undefined
  since?: Date | undefined
}): Pick<CursorState, 'partner' | 'eventTypes' | 'sinceIso'> {
  return {
    partner: filters.partner ?? null,
    eventTypes: [...new Set(filters.eventTypes ?? [])].sort(),
    sinceIso: filters.since ? filters.since.toISOString() : null,
  }
}

/**
 * The state a page resumes from: the cursor's, after checking that the request names the same stream
 * and, where it names filters at all, the same ones (a cursor cannot be reused with other filters:
 * its position means nothing there).
 */
export function resumeState(
  stream: ExportStream,
  after: string | undefined,
  filters: Pick<CursorState, 'partner' | 'eventTypes' | 'sinceIso'>,
  given: { partner: boolean; eventTypes: boolean; since: boolean },
): CursorState {
  if (after === undefined) {
    return { stream, afterSeq: 0n, ...filters }
  }
  const state = decodeCursor(after)
  if (state.stream !== stream) {
    throw new CursorInvalid(`it belongs to the ${state.stream} stream, not ${stream}`)
  }
  if (given.partner && filters.partner !== state.partner) {
    throw new CursorInvalid(`it was issued for partner ${state.partner ?? '(any)'}`)
  }
  if (given.eventTypes && filters.eventTypes.join(',') !== state.eventTypes.join(',')) {
    throw new CursorInvalid(
      `it was issued for event types ${state.eventTypes.join(',') || '(any)'}`,
    )
  }
  if (given.since && filters.sinceIso !== state.sinceIso) {
    throw new CursorInvalid(`it was issued for since=${state.sinceIso ?? '(none)'}`)
  }
  return state
}
