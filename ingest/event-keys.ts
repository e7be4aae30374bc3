// The two fields every stored event needs, uuid and published, read in JavaScript while a batch is
// staged: one JSON.parse per event (~7 µs for a 2.2 KB Okta event) instead of a DuckDB pass that
// parsed every event a second time (ingest/README.md, Benchmark). The typed columns are still
// computed by DuckDB's json_transform in the INSERT, so what JSON.parse accepts and DuckDB's parser
// (yyjson) refuses is refused here too: an escaped lone surrogate (`"\ud800"`). The other way round,
// yyjson accepts trailing commas and NaN, which are not JSON: refused here, as any SIEM would.

import { uuidHash, type UuidHash } from './stored-uuids.js'
import { MAX_EVENT_BYTES, oversizedReason } from './batch-bounds.js'

export interface EventKeys {
  /** The uuid as DuckDB's json_transform renders it as VARCHAR, trimmed like DuckDB's trim(). */
  uuid: string | null
  published: string | null
  /** Why the event cannot be stored, when the keys alone tell. */
  reason?: string
  /** The uuid's `uuid_hash` (stored-uuids.ts), for the store's filter: set when there is no reason. */
  hash?: UuidHash
}

const MAX_UUID_LENGTH = 200

export function readEventKeys(raw: string): EventKeys {
  // An oversized event is quarantined by the store whatever it holds: it is not parsed.
  if (raw.length > MAX_EVENT_BYTES) {
    return { uuid: null, published: null, reason: oversizedReason(raw.length) }
  }
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    return { uuid: null, published: null, reason: 'not valid JSON' }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { uuid: null, published: null, reason: 'not a JSON object' }
  }
  if (SURROGATE_ESCAPE.test(raw) && !wellFormed(value)) {
    return { uuid: null, published: null, reason: 'not valid JSON' }
  }
  const event = value as Record<string, unknown>
  const uuid = asText(event.uuid)
  if (uuid === null || trimSpaces(uuid) === '') {
    return { uuid: null, published: null, reason: 'no uuid' }
  }
  if (uuid.length > MAX_UUID_LENGTH && [...uuid].length > MAX_UUID_LENGTH) {
    return { uuid: null, published: null, reason: 'uuid longer than 200 characters' }
  }
  const published = asText(event.published)
  if (published === null) {
    return { uuid: null, published: null, reason: 'no published time' }
  }
  const trimmed = trimSpaces(uuid)
  return { uuid: trimmed, published, hash: uuidHash(trimmed) }
}

/** A JSON value as json_transform gives it for a VARCHAR field: text as is, anything else as JSON. */
function asText(v: unknown): string | null {
  if (v === null || v === undefined) {
    return null
  }
  return typeof v === 'string' ? v : JSON.stringify(v)
}

/**
 * A `\\uD800`–`\\uDFFF` escape, or such a character in the text itself (only from a caller's string:
 * decoded bytes never hold one): rare (an emoji is a pair), so the walk below is too.
 */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]|[\uD800-\uDFFF]/

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** No string, key or value, holds half a surrogate pair. */
function wellFormed(value: unknown): boolean {
  if (typeof value === 'string') {
    return !LONE_SURROGATE.test(value)
  }
  if (value === null || typeof value !== 'object') {
    return true
  }
  if (Array.isArray(value)) {
    return value.every(wellFormed)
  }
  return Object.entries(value).every(([k, v]) => !LONE_SURROGATE.test(k) && wellFormed(v))
}

const EDGE_SPACE = /^\p{Zs}|\p{Zs}$/u
const EDGE_SPACES = /^\p{Zs}+|\p{Zs}+$/gu

/** DuckDB's trim(): Unicode space separators (category Zs) at either end; tabs and newlines stay. */
export function trimSpaces(s: string): string {
  return EDGE_SPACE.test(s) ? s.replace(EDGE_SPACES, '') : s
}
