import { describe, expect } from 'vitest'
import { fixedClock } from '../../lib/clock.js'
import { createEventStoreQueries, type RawEvent } from '../../ingest/event-store-queries.js'
import { dbTest } from '../helpers/db.js'

const clock = fixedClock('2026-11-29T12:00:00Z')

function event(uuid: string, published: string, extra: Record<string, unknown> = {}): RawEvent {
  const body = {
    actor: { alternateId: 'ana@northwind.example', displayName: 'Ana', id: '00u1', type: 'User' },
    client: {
      geographicalContext: {
        city: 'Lyon',
        country: 'France',
        geolocation: { lat: 45.7, lon: 4.8 },
      },
      ipAddress: '198.51.100.7',
      userAgent: { browser: 'FIREFOX', os: 'Windows 10', rawUserAgent: 'Mozilla/5.0' },
      zone: 'null',
    },
    debugContext: {
      debugData: { risk: '{reasons=Anomalous Device, level=MEDIUM}', threatSuspected: 'true' },
    },
    eventType: 'user.session.start',
    outcome: { reason: null, result: 'SUCCESS' },
    published,
    securityContext: { asNumber: 64500, isProxy: false },
    target: [{ alternateId: 'ana@northwind.example', id: '00u1', type: 'User' }],
    uuid,
    ...extra,
  }
  return { position: `item ${uuid}`, raw: JSON.stringify(body) }
}

describe('event store', () => {
  dbTest('types the columns detectors read and keeps the raw text', async ({ db }) => {
    const store = await createEventStoreQueries(db, clock)
    const e = event('u-1', '2026-11-29T10:00:00.123Z')
    expect(await store.storeBatch('hub', 'okta', [e])).toEqual({
      received: 1,
      stored: 1,
      duplicates: 0,
      quarantined: 0,
    })
    const row = await db.one(
      `SELECT uuid, org, source, published, event_type, actor_login, city, country, lat, as_number, is_proxy,
              client_zone, threat_suspected, risk_level, risk_reasons, target_user_id, raw FROM events`,
    )
    expect(row).toEqual({
      uuid: 'u-1',
      org: 'hub',
      source: 'okta',
      published: new Date('2026-11-29T10:00:00.123Z'),
      event_type: 'user.session.start',
      actor_login: 'ana@northwind.example',
      city: 'Lyon',
      country: 'France',
      lat: 45.7,
      as_number: 64500n,
      is_proxy: false,
      client_zone: null,
      threat_suspected: true,
      risk_level: 'MEDIUM',
      risk_reasons: 'Anomalous Device',
      target_user_id: '00u1',
      raw: e.raw,
    })
  })

  dbTest(
    'counts exact repeats as duplicates and quarantines different events under one uuid',
    async ({ db }) => {
      const store = await createEventStoreQueries(db, clock)
      const a = event('u-1', '2026-11-29T10:00:00Z')
      const b = event('u-2', '2026-11-29T10:00:01Z')
      const bAgain = { ...b, position: 'item b again' }
      const aImpostor = event('u-1', '2026-11-29T10:00:00Z', {
        eventType: 'user.account.privilege.grant',
      })
      const bImpostor = event('u-2', '2026-11-29T10:00:01Z', { eventType: 'user.session.end' })
      expect(await store.storeBatch('hub', 'okta', [a, b, bAgain, bImpostor])).toEqual({
        received: 4,
        stored: 2,
        duplicates: 1,
        quarantined: 1,
      })
      expect(await store.storeBatch('hub', 'okta', [a, aImpostor])).toEqual({
        received: 2,
        stored: 0,
        duplicates: 1,
        quarantined: 1,
      })
      // The same uuid under another published time is caught by the unique key, then handled the same way.
      const shifted = event('u-1', '2026-11-28T09:00:00Z')
      const c = event('u-3', '2026-11-28T09:00:00Z')
      expect(await store.storeBatch('hub', 'okta', [shifted, c])).toEqual({
        received: 2,
        stored: 1,
        duplicates: 0,
        quarantined: 1,
      })
      const q = await db.all<{ position: string; reason: string }>(
        'SELECT position, reason FROM quarantine ORDER BY id',
      )
      expect(q.map((r) => r.position)).toEqual(['item u-2', 'item u-1', 'item u-1'])
      expect(new Set(q.map((r) => r.reason))).toEqual(
        new Set(['another event with this uuid and different content was already received']),
      )
      expect(await db.all('SELECT uuid FROM events ORDER BY ingest_seq')).toEqual([
        { uuid: 'u-1' },
        { uuid: 'u-2' },
        { uuid: 'u-3' },
      ])
    },
  )

  dbTest(
    'quarantines what cannot be stored with the reason, and stores the rest of the batch',
    async ({ db }) => {
      const store = await createEventStoreQueries(db, clock)
      const good = event('u-ok', '2026-11-29T10:00:00Z')
      const batch: RawEvent[] = [
        { position: 'line 1', raw: '{"uuid": "x", "published": ' },
        { position: 'line 2', raw: '[1, 2]' },
        { position: 'line 3', raw: '{"published": "2026-11-29T10:00:00Z"}' },
        { position: 'line 4', raw: '{"uuid": "u-t", "published": "yesterday"}' },
        { position: 'line 5', raw: '{"uuid": "u-n"}' },
        { position: 'line 6', raw: 'caf\uFFFD', reason: 'not valid UTF-8' },
        { ...good, position: 'line 7' },
        // JSON.parse takes a lone surrogate escape, DuckDB's parser does not (nor would the INSERT).
        {
          position: 'line 8',
          raw: String.raw`{"uuid": "u-s", "published": "2026-11-29T10:00:00Z", "x": "\ud800"}`,
        },
      ]
      expect(await store.storeBatch('hub', 'file:x', batch)).toEqual({
        received: 8,
        stored: 1,
        duplicates: 0,
        quarantined: 7,
      })
      expect(await db.all('SELECT position, reason, raw FROM quarantine ORDER BY id')).toEqual([
        { position: 'line 1', reason: 'not valid JSON', raw: batch[0]!.raw },
        { position: 'line 2', reason: 'not a JSON object', raw: '[1, 2]' },
        { position: 'line 3', reason: 'no uuid', raw: batch[2]!.raw },
        { position: 'line 4', reason: 'unparseable published time', raw: batch[3]!.raw },
        { position: 'line 5', reason: 'no published time', raw: batch[4]!.raw },
        { position: 'line 6', reason: 'not valid UTF-8', raw: 'caf\uFFFD' },
        { position: 'line 8', reason: 'not valid JSON', raw: batch[7]!.raw },
      ])
    },
  )

  dbTest('quarantines an unparseable time in a batch with nothing else wrong', async ({ db }) => {
    // Only DuckDB's cast finds this one: the batch's keys all looked fine to JavaScript.
    const store = await createEventStoreQueries(db, clock)
    const batch = [
      event('u-1', '2026-11-29T10:00:00Z'),
      event('u-2', '2026-11-31T10:00:00Z'),
      event('u-3', '2026-11-29T10:00:01Z'),
    ]
    expect(await store.storeBatch('hub', 'okta', batch)).toEqual({
      received: 3,
      stored: 2,
      duplicates: 0,
      quarantined: 1,
    })
    expect(await db.all('SELECT position, reason FROM quarantine')).toEqual([
      { position: batch[1]!.position, reason: 'unparseable published time' },
    ])
  })

  dbTest('writes the cursor with the rows, and neither when the batch fails', async ({ db }) => {
    const store = await createEventStoreQueries(db, clock)
    await store.storeBatch('hub', 'okta', [event('u-1', '2026-11-29T10:00:00Z')], {
      org: 'hub',
      nextUrl: 'https://o/next1',
    })
    expect(await store.readCursor('hub')).toMatchObject({ nextUrl: 'https://o/next1', pages: 1n })
    // Make the next insert fail inside the transaction: a NOT NULL column the batch cannot fill.
    await db.run('ALTER TABLE events ALTER COLUMN actor_type SET NOT NULL')
    const failing = store.storeBatch(
      'hub',
      'okta',
      [event('u-2', '2026-11-29T10:00:01Z', { actor: { id: 'x' } })],
      {
        org: 'hub',
        nextUrl: 'https://o/next2',
      },
    )
    await expect(failing).rejects.toMatchObject({ code: 'ERR_STORE' })
    expect(await store.readCursor('hub')).toMatchObject({ nextUrl: 'https://o/next1', pages: 1n })
    expect(await db.one('SELECT count(*)::INTEGER AS n FROM events')).toEqual({ n: 1 })
  })

  dbTest(
    'a transaction of batches commits the last cursor with its rows, or nothing',
    async ({ db }) => {
      const store = await createEventStoreQueries(db, clock)
      const three = (tag: string) =>
        store.inTransaction(async (put) => {
          for (const n of [1, 2, 3]) {
            await put('hub', 'okta', [event(`${tag}-${n}`, '2026-11-29T10:00:00Z')], {
              org: 'hub',
              nextUrl: `https://o/${tag}/${n}`,
            })
            // Inside the transaction the cursor is not written yet: only its COMMIT makes it so.
            expect(await store.readCursor('hub')).toBeUndefined()
            if (tag === 'fails' && n === 2) {
              throw new Error('the source broke off')
            }
          }
        })
      await expect(three('fails')).rejects.toThrow('the source broke off')
      expect(await db.one('SELECT count(*)::INTEGER AS n FROM events')).toEqual({ n: 0 })
      await three('ok')
      expect(await store.readCursor('hub')).toMatchObject({ nextUrl: 'https://o/ok/3', pages: 3n })
      expect(await db.one('SELECT count(*)::INTEGER AS n FROM events')).toEqual({ n: 3 })
    },
  )

  dbTest('numbers rows in ascending ingest order across batches', async ({ db }) => {
    const store = await createEventStoreQueries(db, clock)
    await store.storeBatch('hub', 'okta', [
      event('late', '2026-11-29T09:00:00Z'),
      event('a', '2026-11-29T10:00:00Z'),
    ])
    await store.storeBatch('hub', 'okta', [event('older', '2026-11-01T00:00:00Z')])
    const rows = await db.all<{ uuid: string; ingest_seq: bigint }>(
      'SELECT uuid, ingest_seq FROM events ORDER BY ingest_seq',
    )
    expect(rows.map((r) => r.uuid)).toEqual(['late', 'a', 'older'])
  })
})

describe('event store memory', () => {
  // DuckDB never checkpoints temp storage: a staging table emptied with DELETE kept every earlier
  // batch's raw text in memory, so a long-running ingest grew without bound.
  dbTest('stages each batch in place of the last, not beside it', async ({ db }) => {
    const store = await createEventStoreQueries(db, clock)
    const stagedRows = async () =>
      (
        await db.one<{ n: number }>(
          `SELECT sum(count)::INTEGER AS n FROM pragma_storage_info('event_stage')
           WHERE column_name = 'raw' AND segment_type = 'VARCHAR'`,
        )
      )?.n
    for (let b = 0; b < 4; b++) {
      const batch = Array.from({ length: 50 }, (_, i) =>
        event(`m-${b}-${i}`, '2026-11-29T10:00:00Z'),
      )
      expect((await store.storeBatch('hub', 'okta', batch)).stored).toBe(50)
      expect(await stagedRows()).toBe(50)
    }
    await store.inTransaction(async (put) => {
      await put('hub', 'okta', [event('t-1', '2026-11-29T10:00:00Z')])
      await put('hub', 'okta', [event('t-2', '2026-11-29T10:00:00Z')])
    })
    expect(await stagedRows()).toBe(1)
    expect(await db.one('SELECT count(*)::INTEGER AS n FROM events')).toEqual({ n: 202 })
  })
})
