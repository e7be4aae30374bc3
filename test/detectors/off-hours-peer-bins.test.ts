// The off-hours peer baseline kept in DuckDB: refreshed run by run for the days each slice touched
// (late events included) it holds exactly what a rebuild from all events holds; a changed partner
// zone or a gap in coverage rebuilds it.
import { describe, expect } from 'vitest'
import { createEventStoreQueries } from '../../ingest/event-store-queries.js'
import { readPeerBins, refreshPeerBins } from '../../detectors/off-hours/peer-bins.js'
import type { Database } from '../../lib/db.js'
import { dbTest } from '../helpers/db.js'
import { clock, event, partners, users } from './off-hours-fixtures.js'

const SIGN_IN = `e.event_type = 'user.session.start' AND e.outcome_result = 'SUCCESS'`

async function table(db: Database): Promise<string[]> {
  const rows = await readPeerBins(db, ['northwind', 'contoso'], '2026-01-01', '2027-01-01')
  return rows.map((r) => `${r.partnerId} ${r.localDate} ${r.isoDow} ${r.bin} ${r.n}`)
}

const maxSeq = async (db: Database): Promise<bigint> =>
  (await db.one<{ s: bigint }>('SELECT max(ingest_seq) AS s FROM events'))?.s ?? 0n

describe('off-hours peer bins', () => {
  dbTest('incremental refreshes equal a rebuild, late events included', async ({ db }) => {
    await users(db)
    const store = await createEventStoreQueries(db, clock)
    await store.storeBatch('hub', 'okta', [
      event('a1', '2026-11-02T07:30:00Z', 'ana'),
      event('a2', '2026-11-02T07:35:00Z', 'ana'),
      event('k1', '2026-11-02T23:30:00Z', 'ken'), // Tokyo: 08:30 on 11-03
      event('e1', '2026-11-02T07:30:00Z', 'emp'), // staff: no partner
    ])
    const first = await maxSeq(db)
    await refreshPeerBins(db, SIGN_IN, { after: 0n, until: first, since: null }, partners, 10)
    expect(await table(db)).toEqual(['contoso 2026-11-03 2 51 1', 'northwind 2026-11-02 1 51 2'])

    // A new day, and a late event for a day already counted.
    await store.storeBatch('hub', 'okta', [
      event('a3', '2026-11-05T13:00:00Z', 'ana'),
      event('a-late', '2026-11-02T07:39:00Z', 'ana'),
      event('a-fail', '2026-11-02T07:40:00Z', 'ana', { result: 'FAILURE' }),
    ])
    const second = await maxSeq(db)
    await refreshPeerBins(db, SIGN_IN, { after: first, until: second, since: null }, partners, 10)
    const incremental = await table(db)
    expect(incremental).toEqual([
      'contoso 2026-11-03 2 51 1',
      'northwind 2026-11-02 1 51 3',
      'northwind 2026-11-05 4 84 1',
    ])

    await db.run('DELETE FROM off_hours_peer_state')
    await refreshPeerBins(db, SIGN_IN, { after: second, until: second, since: null }, partners, 10)
    expect(await table(db)).toEqual(incremental)
  })

  dbTest('a changed zone or a gap in coverage rebuilds the table', async ({ db }) => {
    await users(db)
    const store = await createEventStoreQueries(db, clock)
    await store.storeBatch('hub', 'okta', [event('a1', '2026-11-02T23:30:00Z', 'ana')])
    const seq = await maxSeq(db)
    await refreshPeerBins(db, SIGN_IN, { after: 0n, until: seq, since: null }, partners, 10)
    expect(await table(db)).toEqual(['northwind 2026-11-03 2 3 1']) // 00:30 Amsterdam

    const moved = partners.map((p) => (p.id === 'northwind' ? { ...p, timeZone: 'UTC' } : p))
    await refreshPeerBins(db, SIGN_IN, { after: seq, until: seq, since: null }, moved, 10)
    expect(await table(db)).toEqual(['northwind 2026-11-02 1 141 1']) // 23:30 UTC

    // Events the table never saw (ingested while the detector was not running) and a window
    // starting after them: the gap is noticed and the table rebuilt.
    await store.storeBatch('hub', 'okta', [event('a2', '2026-11-04T12:00:00Z', 'ana')])
    await store.storeBatch('hub', 'okta', [event('a3', '2026-11-06T12:00:00Z', 'ana')])
    const last = await maxSeq(db)
    await refreshPeerBins(db, SIGN_IN, { after: last - 1n, until: last, since: null }, moved, 10)
    expect(await table(db)).toEqual([
      'northwind 2026-11-02 1 141 1',
      'northwind 2026-11-04 3 72 1',
      'northwind 2026-11-06 5 72 1',
    ])
  })
})
