// Opaque keyset cursors. A cursor holds the position (whatever key the list orders on), the partner it
// was minted for and a fingerprint of the other filters, so it cannot be replayed against a different
// query or by a caller confined to another partner. It is not secret: the SQL's partner scope, not the
// cursor, is what keeps rows apart.
import { createHash } from 'node:crypto'
import { CursorInvalid, Forbidden } from '../lib/errors.js'

export interface CursorBody {
  /** The keyset position, e.g. [occurredMicros, id]. */
  k: (string | number)[]
  /** The partner the list was confined to (scope or filter), or null. */
  p: string | null
  /** Fingerprint of the other filters. */
  f: string
}

export function fingerprint(filters: Record<string, unknown>): string {
  const text = JSON.stringify(Object.entries(filters).sort(([a], [b]) => a.localeCompare(b)))
  return createHash('sha256').update(text).digest('base64url').slice(0, 16)
}

export function encodeCursor(body: CursorBody): string {
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url')
}

/**
 * Reads a cursor for a query confined to `partner` (null: none) by a caller whose scope is `scope`.
 * Malformed, or for other filters: CursorInvalid. Minted for a partner the caller may not read: Forbidden.
 */
export function decodeCursor(
  text: string,
  expect: { partner: string | null; scope: string | null; filters: string; keys: number },
): CursorBody['k'] {
  let body: unknown
  try {
    body = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
  } catch {
    throw new CursorInvalid('malformed')
  }
  if (!isCursorBody(body) || body.k.length !== expect.keys) {
    throw new CursorInvalid('malformed')
  }
  if (expect.scope !== null && body.p !== expect.scope) {
    throw new Forbidden('the cursor belongs to another partner')
  }
  if (body.p !== expect.partner || body.f !== expect.filters) {
    throw new CursorInvalid('it belongs to a query with other filters')
  }
  return body.k
}

function isCursorBody(v: unknown): v is CursorBody {
  if (typeof v !== 'object' || v === null) {
    return false
  }
  const o = v as Record<string, unknown>
  return (
    Array.isArray(o.k) &&
    o.k.every((x) => typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x))) &&
    (o.p === null || typeof o.p === 'string') &&
    typeof o.f === 'string'
  )
}

/** A cursor key that must be a whole number of microseconds. */
export function cursorMicros(value: string | number | undefined): bigint {
  if (typeof value !== 'string' || !/^-?\d{1,18}$/.test(value)) {
    throw new CursorInvalid('malformed')
  }
  return BigInt(value)
}
