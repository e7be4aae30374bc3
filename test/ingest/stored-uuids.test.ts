// The in-memory filter of stored uuids decides whether a batch is checked against every stored row.
// It must never miss a stored uuid (a miss would store a duplicate): its hash must be DuckDB's, and
// it must follow the table through other writers, deletes and growth.
import { describe, expect, it } from 'vitest'
import { randomUUID } from 'node:crypto'
import { fixedClock } from '../../lib/clock.js'
import type { Database } from '../../lib/db.js'
import { UUID_HASH_SQL } from '../../lib/migrations/007-events-dedupe-hash.js'
import { createEventStoreQueries, type RawEvent } from '../../ingest/event-store-queries.js'
import { StoredUuids, UuidBloom, storedUuidsOf, uuidHash } from '../../ingest/stored-uuids.js'
import { dbTest } from '../helpers/db.js'

const clock = fixedClock('2026-11-29T12:00:00Z')

function event(uuid: string, second = 0): RawEvent {
  const published = `2026-11-29T10:00:${String(second).padStart(2, '0')}Z`
  return { position: `item ${uuid}`, raw: JSON.stringify({ uuid, published }) }
}

/** A row as test fixtures and loaders write it: no hash, any ingest_seq. */
async function insertRaw(db: Database, uuid: string, seq: number | 'next'): Promise<void> {
  await db.run(
    `INSERT INTO events (ingest_seq, uuid, org, source, ingested_at, published, raw)
     VALUES (${seq === 'next' ? "nextval('events_seq')" : '$seq'}, $uuid, 'hub', 'test', now(), '2026-11-01T00:00:00Z', '{}')`,
    seq === 'next' ? { uuid } : { uuid, seq },
  )
}

describe('stored uuids', () => {
  dbTest('hashes a uuid exactly as UUID_HASH_SQL does, non-ASCII text included', async ({ db }) => {
    const uuids = ['u-1', randomUUID(), 'ünïcødé', '😀 pair', '東京', 'a'.repeat(200)]
    for (const uuid of uuids) {
      const row = await db.one<{ h: bigint }>(`SELECT ${UUID_HASH_SQL('$u')} AS h`, { u: uuid })
      const { hi, lo } = uuidHash(uuid)
      expect((BigInt(hi) << 32n) | BigInt(lo)).toBe(row?.h)
    }
  })

  it('never misses an added uuid, and rarely claims one it was not given', () => {
    const bloom = new UuidBloom(100_000)
    const added = Array.from({ length: 100_000 }, () => uuidHash(randomUUID()))
    added.forEach((h) => bloom.add(h))
    expect(added.every((h) => bloom.mayHold(h))).toBe(true)
    const others = Array.from({ length: 100_000 }, () => uuidHash(randomUUID()))
    // At 24+ bits per uuid and 16 probes the expected count is far below 1.
    expect(others.filter((h) => bloom.mayHold(h)).length).toBeLessThanOrEqual(2)
  })

  dbTest(
    'follows the table: new rows are added, deletes and low numbers rebuild',
    async ({ db }) => {
      const filter = new StoredUuids()
      const holds = (uuid: string) => filter.mayRepeat([{ uuid, hash: uuidHash(uuid) }])
      expect(await filter.sync(db)).toBe('rebuilt')
      expect(holds('a')).toBe(false)
      await insertRaw(db, 'a', 'next')
      expect(await filter.sync(db)).toBe('added')
      expect(holds('a')).toBe(true)
      expect(await filter.sync(db)).toBe('current')
      // Another writer numbers its row below the highest one read: only the count shows it.
      await insertRaw(db, 'low', -5)
      expect(holds('low')).toBe(false)
      expect(await filter.sync(db)).toBe('rebuilt')
      expect(holds('low')).toBe(true)
      // A row deleted and another added above: same count, new highest number, but not only additions.
      await db.run("DELETE FROM events WHERE uuid = 'a'")
      await insertRaw(db, 'b', 'next')
      await insertRaw(db, 'c', 'next')
      await db.run("DELETE FROM events WHERE uuid = 'low'")
      expect(await filter.sync(db)).toBe('rebuilt')
      expect([holds('b'), holds('c')]).toEqual([true, true])
      // A batch with one uuid twice needs the exact check, whatever is stored.
      expect(
        filter.mayRepeat([
          { uuid: 'd', hash: uuidHash('d') },
          { uuid: 'd', hash: uuidHash('d') },
        ]),
      ).toBe(true)
    },
  )

  dbTest(
    'lets the store skip the scan for new batches, and still finds repeats',
    async ({ db }) => {
      const store = await createEventStoreQueries(db, clock)
      await store.storeBatch('hub', 'okta', [event('a'), event('b')])
      await store.storeBatch('hub', 'okta', [event('c'), event('d')])
      expect(store.figures()).toEqual({ batches: 2, scanned: 0 })
      // Rows another writer stored, without a hash and numbered below ours, between two batches.
      await insertRaw(db, 'fixture', -1)
      expect(
        await store.storeBatch('hub', 'okta', [event('fixture', 1), event('a'), event('e')]),
      ).toEqual({ received: 3, stored: 1, duplicates: 1, quarantined: 1 })
      expect(store.figures()).toEqual({ batches: 3, scanned: 1 })
      // Inside one transaction, a later batch sees the uuids of an earlier one.
      const counts = await store.inTransaction(async (put) => [
        await put('hub', 'okta', [event('f')]),
        await put('hub', 'okta', [event('f'), event('g')]),
      ])
      expect(counts.map((c) => [c.stored, c.duplicates])).toEqual([
        [1, 0],
        [1, 1],
      ])
      expect(store.figures()).toEqual({ batches: 5, scanned: 2 })
      expect(await db.one('SELECT count(*) AS n, count(DISTINCT uuid) AS u FROM events')).toEqual({
        n: 8n,
        u: 8n,
      })
    },
  )

  dbTest('is one filter per database, shared by its stores', async ({ db }) => {
    // `serve` makes a store per org: a filter each would hold every stored uuid once per org.
    const hub = await createEventStoreQueries(db, clock)
    const partner = await createEventStoreQueries(db, clock)
    await hub.storeBatch('hub', 'okta', [event('a')])
    expect(await partner.storeBatch('p', 'okta', [event('a'), event('b')])).toEqual({
      received: 2,
      stored: 1,
      duplicates: 1,
      quarantined: 0,
    })
    await hub.storeBatch('hub', 'okta', [event('c')])
    expect(storedUuidsOf(db).builds).toBe(1)
    expect([hub.figures(), partner.figures()]).toEqual([
      { batches: 2, scanned: 0 },
      { batches: 1, scanned: 1 },
    ])
  })
})
