// How much of an event, and of a batch, the store works on at once: DuckDB's memory for a batch's
// statements grows with the text it holds (ingest/README.md, Ninth session), so a batch is stored
// in slices and an event beyond MAX_EVENT_BYTES is quarantined with only its start kept.
import type { RawEvent } from './event-store-queries.js'

/**
 * The raw text one batch's statements work on at most: a larger batch is stored in slices of this
 * size, in order, in the same transaction. DuckDB's INSERT holds several 2,048-row chunks of the
 * batch at once, so its memory grows with the size of the events, not only their number: in a
 * 128 MB pool a batch of 1,900 events of 13 KB (25 MB) failed with "Out of Memory", 1,290 (17 MB)
 * passed; in a 96 MB pool 900 (12 MB) passed (ingest/README.md, Ninth session). Okta's usual 2–3
 * KB events (4,000 per pull batch, 5,120 per import batch) stay in one slice.
 */
export const RAW_BYTES_PER_BATCH = 12 * 1024 * 1024

/**
 * The largest event stored. One event of 20 MB failed its batch's INSERT with "Out of Memory" in
 * the 128 MB pool, and with it the import (or, in a pull, the same page at every retry); one of
 * 8 MB, and twelve of 4 MB, passed in a 96 MB pool. A larger event is quarantined, with the first
 * OVERSIZED_KEPT_BYTES of its text to find it by (the quarantine is a table of the same pool).
 */
export const MAX_EVENT_BYTES = 4 * 1024 * 1024
export const OVERSIZED_KEPT_BYTES = 64 * 1024

/** The quarantine's reason for an event of `bytes` (UTF-8 bytes, or characters of a string). */
export function oversizedReason(bytes: number): string {
  return `event of ${bytes} bytes, larger than the ${MAX_EVENT_BYTES} an event may have; its first ${OVERSIZED_KEPT_BYTES} bytes are kept`
}

/**
 * `events` in consecutive slices of at most `maxBytes` of raw text (an event longer than that is a
 * slice of its own); one slice, the array itself, when it all fits.
 */
export function slicesOf(events: readonly RawEvent[], maxBytes: number): (readonly RawEvent[])[] {
  const slices: (readonly RawEvent[])[] = []
  let start = 0
  let bytes = 0
  events.forEach((e, i) => {
    if (i > start && bytes + e.raw.length > maxBytes) {
      slices.push(events.slice(start, i))
      start = i
      bytes = 0
    }
    bytes += e.raw.length
  })
  if (start === 0) {
    return [events]
  }
  slices.push(events.slice(start))
  return slices
}

/** The start of an oversized event's text that the quarantine keeps. */
export function keptOf(raw: string | Buffer): string {
  return typeof raw === 'string'
    ? raw.slice(0, OVERSIZED_KEPT_BYTES)
    : raw.subarray(0, OVERSIZED_KEPT_BYTES).toString('utf8')
}
