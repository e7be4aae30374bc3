// Exactly once without a unique index (migration 7): the store checks each batch against uuid_hash,
// and against uuid for rows other writers stored without a hash; an old store keeps its rows.
import { describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fixedClock } from '../../lib/clock.js'
import { openDatabase } from '../../lib/db.js'
import { MIGRATIONS } from '../../lib/migrations/index.js'
import { createEventStoreQueries, type RawEvent } from '../../ingest/event-store-queries.js'
import { dbTest } from '../helpers/db.js'

const clock = fixedClock('2026-11-29T12:00:00Z')

function event(
  uuid: string,
  published: string,
  eventType = 'user.session.start',
): RawEvent & { raw: string } {
  return { position: `item ${uuid}`, raw: JSON.stringify({ uuid, published, eventType }) }
}

describe('event store dedupe', () => {
  dbTest('keeps no unique index on events, and stores the uuid hash', async ({ db }) => {
    const store = await createEventStoreQueries(db, clock)
    await store.storeBatch('hub', 'okta', [event('u-1', '2026-11-29T10:00:00Z')])
    const constraints = await db.all<{ t: string }>(
      `SELECT constraint_type AS t FROM duckdb_constraints() WHERE table_name = 'events' AND constraint_type <> 'NOT NULL'`,
    )
    expect(constraints).toEqual([])
    // The first 8 bytes of MD5('u-1'), big-endian.
    expect(await db.one('SELECT uuid_hash FROM events')).toEqual({ uuid_hash: 0xa6048cbdca02ecd4n })
  })

  dbTest('finds repeats among rows another writer stored without a hash', async ({ db }) => {
    await db.run(
      `INSERT INTO events (ingest_seq, uuid, org, source, ingested_at, published, raw)
       VALUES (nextval('events_seq'), 'u-old', 'hub', 'test', now(), '2026-11-01T00:00:00Z', $raw)`,
      { raw: event('u-old', '2026-11-01T00:00:00Z').raw },
    )
    const store = await createEventStoreQueries(db, clock)
    const result = await store.storeBatch('hub', 'okta', [
      event('u-old', '2026-11-01T00:00:00Z'),
      event('u-old', '2026-11-02T00:00:00Z'),
      event('u-new', '2026-11-02T00:00:00Z'),
    ])
    expect(result).toEqual({ received: 3, stored: 1, duplicates: 1, quarantined: 1 })
    expect(await db.all('SELECT uuid FROM events ORDER BY ingest_seq')).toEqual([
      { uuid: 'u-old' },
      { uuid: 'u-new' },
    ])
  })

  dbTest(
    'sees earlier batches of the same transaction, and a rollback keeps none',
    async ({ db }) => {
      const store = await createEventStoreQueries(db, clock)
      const counts = await store.inTransaction(async (put) => [
        await put('hub', 'okta', [event('a', '2026-11-29T10:00:00Z')]),
        await put('hub', 'okta', [
          event('a', '2026-11-29T10:00:00Z'),
          event('b', '2026-11-29T10:00:01Z'),
        ]),
      ])
      expect(counts.map((c) => [c.stored, c.duplicates])).toEqual([
        [1, 0],
        [1, 1],
      ])
      const failing = store.inTransaction(async (put) => {
        await put('hub', 'okta', [event('c', '2026-11-29T10:00:02Z')], {
          org: 'hub',
          nextUrl: 'https://o/next',
        })
        throw new Error('reader failed')
      })
      await expect(failing).rejects.toThrow('reader failed')
      expect(await db.all('SELECT uuid FROM events ORDER BY ingest_seq')).toEqual([
        { uuid: 'a' },
        { uuid: 'b' },
      ])
      expect(await store.readCursor('hub')).toBeUndefined()
    },
  )

  it('migrates a store made before migration 7: same rows and order, hashes filled, dedupe works', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-mig7-'))
    const path = join(dir, 'pw.duckdb')
    try {
      const old = await openDatabase({ path, migrations: MIGRATIONS.filter((m) => m.version < 7) })
      // Rows as the version-6 store wrote them (uuid UNIQUE, ingest_seq PRIMARY KEY).
      const first = [event('x', '2026-11-29T10:00:00Z'), event('y', '2026-11-29T10:00:01Z')]
      for (const e of first) {
        await old.run(
          `INSERT INTO events (ingest_seq, uuid, org, source, ingested_at, published, raw)
           SELECT nextval('events_seq'), r.uuid, 'hub', 'okta', now(), r.published::TIMESTAMPTZ, $raw
           FROM (SELECT json_extract_string($raw, ['$.uuid', '$.published']) AS k) t,
             LATERAL (SELECT k[1] AS uuid, k[2] AS published) r`,
          { raw: e.raw },
        )
      }
      old.closeSync()

      const db = await openDatabase({ path })
      try {
        expect(await db.schemaVersion()).toBeGreaterThanOrEqual(7)
        expect(
          await db.all(
            `SELECT ingest_seq, uuid, raw, uuid_hash = ('0x' || left(md5(uuid), 16))::UBIGINT AS hashed
             FROM events ORDER BY ingest_seq`,
          ),
        ).toEqual([
          { ingest_seq: 1n, uuid: 'x', raw: first[0]?.raw, hashed: true },
          { ingest_seq: 2n, uuid: 'y', raw: first[1]?.raw, hashed: true },
        ])
        const store = await createEventStoreQueries(db, clock)
        expect(
          await store.storeBatch('hub', 'okta', [
            event('y', '2026-11-29T10:00:01Z'),
            event('z', '2026-11-29T10:00:02Z'),
          ]),
        ).toEqual({ received: 2, stored: 1, duplicates: 1, quarantined: 0 })
        expect(await db.one('SELECT max(ingest_seq) AS s FROM events')).toEqual({ s: 3n })
      } finally {
        db.closeSync()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
