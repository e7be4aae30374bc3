// Large events: a batch's memory in DuckDB grows with its raw text, so the store works on slices of
// RAW_BYTES_PER_BATCH. Before it did, 1,500 events of 13 KB (one import batch, or a page and a
// half) failed in an ingest process's 128 MB pool with "Out of Memory" and stored nothing.
import { describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fixedClock } from '../../lib/clock.js'
import { openDatabase } from '../../lib/db.js'
import { createEventStoreQueries, type RawEvent } from '../../ingest/event-store-queries.js'
import {
  MAX_EVENT_BYTES,
  OVERSIZED_KEPT_BYTES,
  RAW_BYTES_PER_BATCH,
  oversizedReason,
  slicesOf,
} from '../../ingest/batch-bounds.js'
import { dbTest } from '../helpers/db.js'
import { INGEST_MEMORY_LIMIT, ingestProcessSettings } from '../../ingest/process-settings.js'

const clock = fixedClock('2026-11-29T12:00:00Z')

function large(i: number, note = ''): RawEvent {
  const raw = JSON.stringify({
    uuid: `big-${i}`,
    published: new Date(Date.UTC(2026, 10, 28, 0, 0, i)).toISOString(),
    eventType: 'user.session.start',
    actor: { id: `00u${i}`, alternateId: `user${i}@partner.example`, type: 'User' },
    debugContext: { debugData: { requestUri: '/x', pad: 'p'.repeat(13_000), note } },
  })
  return { position: `item ${i + 1}`, raw }
}

const sized = (bytes: number[]): RawEvent[] =>
  bytes.map((n, i) => ({ position: `item ${i + 1}`, raw: 'x'.repeat(n) }))

describe('slices of a batch', () => {
  it('cuts in order at the byte bound, an oversized event alone, and keeps a batch that fits', () => {
    const lengths = (slices: (readonly RawEvent[])[]) =>
      slices.map((s) => s.map((e) => e.raw.length))
    expect(lengths(slicesOf(sized([4, 4, 4, 4, 4]), 8))).toEqual([[4, 4], [4, 4], [4]])
    expect(lengths(slicesOf(sized([3, 20, 3, 3]), 8))).toEqual([[3], [20], [3, 3]])
    const fits = sized([4, 4])
    expect(slicesOf(fits, 8)).toEqual([fits])
    expect(slicesOf([], 8)).toEqual([[]])
  })
})

describe('large events in an ingest process pool', () => {
  it('stores a batch of 13 KB events in slices, judging repeats across slices', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-large-'))
    const db = await openDatabase({
      path: join(dir, 'store.duckdb'),
      settings: ingestProcessSettings(INGEST_MEMORY_LIMIT),
    })
    try {
      const store = await createEventStoreQueries(db, clock)
      const events = Array.from({ length: 1_500 }, (_, i) => large(i))
      // The last two repeat the first event (same text: a duplicate) and the second (different
      // text under its uuid: quarantined), from a later slice than their first copies.
      events.push({ ...large(0), position: 'item 1501' })
      events.push({ ...large(1, 'changed'), position: 'item 1502' })
      const bytes = events.reduce((n, e) => n + e.raw.length, 0)
      expect(bytes).toBeGreaterThan(RAW_BYTES_PER_BATCH)
      const result = await store.inTransaction((put) => put('hub', 'okta', events))
      expect(result).toEqual({ received: 1_502, stored: 1_500, duplicates: 1, quarantined: 1 })
      // Several slices, numbered in the batch's order without gaps.
      expect(store.figures().batches).toBeGreaterThan(1)
      const rows = await db.all<{ uuid: string; seq: bigint }>(
        'SELECT uuid, ingest_seq AS seq FROM events ORDER BY ingest_seq',
      )
      expect(rows.map((r) => r.uuid)).toEqual(events.slice(0, 1_500).map((_, i) => `big-${i}`))
      const seqs = rows.map((r) => Number(r.seq))
      expect(seqs.at(-1)! - seqs[0]!).toBe(1_499)
      expect(await db.all('SELECT position, reason FROM quarantine', [])).toEqual([
        {
          position: 'item 1502',
          reason: 'another event with this uuid and different content was already received',
        },
      ])
    } finally {
      db.closeSync()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('an event larger than an event may be', () => {
  dbTest(
    'is quarantined with its start and size, and the rest of its batch stored',
    async ({ db }) => {
      // One event of 20 MB failed its batch's INSERT (and so the whole import, or the page at every
      // retry of a pull) with "Out of Memory" in the ingest pool.
      const store = await createEventStoreQueries(db, clock)
      const huge = large(7)
      const raw = String(huge.raw).replace('"pad":"', `"pad":"${'h'.repeat(MAX_EVENT_BYTES)}`)
      const events = [large(6), { ...huge, raw }, large(8)]
      expect(await store.storeBatch('hub', 'okta', events)).toEqual({
        received: 3,
        stored: 2,
        duplicates: 0,
        quarantined: 1,
      })
      expect(await db.all('SELECT uuid FROM events ORDER BY ingest_seq')).toEqual([
        { uuid: 'big-6' },
        { uuid: 'big-8' },
      ])
      const q = await db.one<{ position: string; reason: string; raw: string }>(
        'SELECT position, reason, raw FROM quarantine',
      )
      expect(q?.position).toBe('item 8')
      expect(q?.reason).toBe(oversizedReason(raw.length))
      expect(q?.raw).toBe(raw.slice(0, OVERSIZED_KEPT_BYTES))
    },
  )
})
