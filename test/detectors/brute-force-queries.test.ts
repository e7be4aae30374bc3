// Brute force on a real DuckDB: failures and a lockout read with the success after them; typos are
// not attacks; the crossing event lands in one window, so incremental runs report the attack once
// and add an escalated finding when the attacker's success arrives later.
import { describe, expect } from 'vitest'
import { fixedClock } from '../../lib/clock.js'
import { createEventStoreQueries } from '../../ingest/event-store-queries.js'
import { bruteForce } from '../../detectors/brute-force/index.js'
import { dbTest } from '../helpers/db.js'
import { NORTHWIND, at, ev, partnerUsers } from './sign-in-fixtures.js'

const clock = fixedClock('2026-11-20T12:00:00Z')
const ctx = { now: clock.now(), config: {}, partners: [NORTHWIND] }
const t0 = '2026-11-10T02:00:00Z'
const ATTACKER = { ip: '45.32.1.9', asn: 20473, asOrg: 'the constant company, llc' }

const fail = (uuid: string, minutes: number, more = {}) =>
  ev({
    uuid,
    published: at(t0, minutes),
    result: 'FAILURE',
    reason: 'INVALID_CREDENTIALS',
    session: null,
    ...ATTACKER,
    ...more,
  })

describe('brute-force queries and runs', () => {
  dbTest('reports the attack once, then escalates on the attacker’s success', async ({ db }) => {
    const store = await createEventStoreQueries(db, clock)
    await partnerUsers(db, ['00u1ana'])
    await store.storeBatch('hub', 'okta', [
      ...[0, 1, 2, 3, 4, 5].map((m) => fail(`f${m}`, m)),
      ev({
        uuid: 'lock',
        published: at(t0, 6),
        type: 'user.account.lock',
        actor: 'system',
        actorType: 'SystemPrincipal',
        targetUser: '00u1ana',
      }),
    ])
    const first = bruteForce.score(
      await bruteForce.candidates(db, { afterSeq: 0n, untilSeq: 7n }, ctx),
      ctx,
    )
    expect(first.map((f) => f.eventIds)).toEqual([['f0', 'f1', 'f2', 'f3', 'f4']])
    expect(first[0]).toMatchObject({ userId: '00u1ana', severity: 'high', score: 65 })
    expect(first[0]?.details).toMatchObject({
      failures: 6,
      lockouts: 1,
      escalatedBy: ['lockout', 'hostingAsn'],
    })

    // The user's own sign-in from home later does not escalate; the attacker's does.
    await store.storeBatch('hub', 'okta', [
      ev({ uuid: 'own', published: at(t0, 70) }),
      ev({ uuid: 'win', published: at(t0, 95), ...ATTACKER }),
    ])
    const second = bruteForce.score(
      await bruteForce.candidates(db, { afterSeq: 7n, untilSeq: 9n }, ctx),
      ctx,
    )
    expect(second.map((f) => f.eventIds)).toEqual([['f0', 'f1', 'f2', 'f3', 'f4', 'win']])
    expect(second[0]?.severity).toBe('critical')

    // One run over everything: only the escalated finding.
    const all = bruteForce.score(
      await bruteForce.candidates(db, { afterSeq: 0n, untilSeq: 9n }, ctx),
      ctx,
    )
    expect(all.map((f) => f.eventIds)).toEqual(second.map((f) => f.eventIds))
  })

  dbTest('leaves typos, slow failures and other users’ failures alone', async ({ db }) => {
    const store = await createEventStoreQueries(db, clock)
    await partnerUsers(db, ['00u1ana', '00u2bob'])
    const home = { ip: '84.26.10.20', asn: 1136, asOrg: 'kpn b.v.' }
    await store.storeBatch('hub', 'okta', [
      fail('t1', 0, home),
      fail('t2', 1, home),
      ev({ uuid: 'ok', published: at(t0, 2), ...home }),
      // Four failures an hour apart: four bursts of one.
      ...[60, 120, 180, 240].map((m) => fail(`s${m}`, m)),
      // Four failures of one user and one of another: nobody reaches five.
      ...[300, 301, 302, 303].map((m) => fail(`b${m}`, m)),
      fail('c', 304, { actor: '00u2bob' }),
    ])
    const found = bruteForce.score(
      await bruteForce.candidates(db, { afterSeq: 0n, untilSeq: 12n }, ctx),
      ctx,
    )
    expect(found).toEqual([])
  })
})
