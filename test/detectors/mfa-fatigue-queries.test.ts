// MFA fatigue on a real DuckDB, in both forms: Classic deny_push and the Identity Engine's
// auth_via_mfa FAILURE INVALID_CREDENTIALS; unanswered pushes count; a normal push timeout does not;
// password-as-factor failures are not pushes; an approval and a session from the attacker's address
// make it critical.
import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../lib/clock.js'
import { createEventStoreQueries } from '../../ingest/event-store-queries.js'
import { mfaFatigue } from '../../detectors/mfa-fatigue/index.js'
import { stepOf } from '../../detectors/mfa-fatigue/queries.js'
import { dbTest } from '../helpers/db.js'
import { NORTHWIND, at, ev, partnerUsers } from './sign-in-fixtures.js'

const clock = fixedClock('2026-11-20T12:00:00Z')
const ctx = { now: clock.now(), config: {}, partners: [NORTHWIND] }
const t0 = '2026-11-10T22:00:00Z'
const ATTACKER = { ip: '102.89.4.7', asn: 29465, asOrg: 'mtn nigeria', session: 'idx-attack' }
const push = (uuid: string, m: number, more = {}) =>
  ev({
    uuid,
    published: at(t0, m),
    type: 'system.push.send_factor_verify_push',
    ...ATTACKER,
    ...more,
  })
const oieDeny = (uuid: string, m: number) =>
  ev({
    uuid,
    published: at(t0, m),
    type: 'user.authentication.auth_via_mfa',
    result: 'FAILURE',
    reason: 'INVALID_CREDENTIALS',
    factor: 'OKTA_VERIFY_PUSH',
    credentialType: null,
    ...ATTACKER,
  })
const classicDeny = (uuid: string, m: number) =>
  ev({ uuid, published: at(t0, m), type: 'user.mfa.okta_verify.deny_push', ...ATTACKER })

async function run(db: Parameters<typeof createEventStoreQueries>[0], until: bigint) {
  return mfaFatigue.score(
    await mfaFatigue.candidates(db, { afterSeq: 0n, untilSeq: until }, ctx),
    ctx,
  )
}

describe('mfa-fatigue queries and scoring', () => {
  dbTest('finds the Identity Engine form, critical when the push is approved', async ({ db }) => {
    const store = await createEventStoreQueries(db, clock)
    await partnerUsers(db, ['00u1ana'])
    await store.storeBatch('hub', 'okta', [
      push('p1', 0),
      oieDeny('d1', 0.2),
      push('p2', 1),
      oieDeny('d2', 1.2),
      push('p3', 2),
      push('p4', 3),
      ev({
        uuid: 'ok',
        published: at(t0, 3.2),
        type: 'user.authentication.auth_via_mfa',
        factor: 'OKTA_VERIFY_PUSH',
        credentialType: null,
        ...ATTACKER,
      }),
      ev({ uuid: 'start', published: at(t0, 3.3), ...ATTACKER }),
    ])
    const [f] = await run(db, 8n)
    expect(f).toMatchObject({ severity: 'critical', userId: '00u1ana' })
    expect(f?.eventIds).toEqual(['p1', 'd1', 'p2', 'd2', 'p3', 'ok', 'start'])
    expect(f?.details).toMatchObject({
      pushes: 4,
      denied: 2,
      approved: 1,
      rejected: 3,
      forms: ['auth_via_mfa'],
    })
  })

  dbTest('finds the Classic form and unanswered pushes, not a push timeout', async ({ db }) => {
    const store = await createEventStoreQueries(db, clock)
    await partnerUsers(db, ['00u1ana', '00u2bob', '00u3cy'])
    await store.storeBatch('hub', 'okta', [
      push('p1', 0),
      classicDeny('d1', 0.3),
      push('p2', 1),
      classicDeny('d2', 1.3),
      push('p3', 2),
      // Bob: a push times out, the second is approved.
      push('b1', 0, { actor: '00u2bob' }),
      push('b2', 1.5, { actor: '00u2bob' }),
      ev({
        uuid: 'b-ok',
        published: at(t0, 1.7),
        actor: '00u2bob',
        type: 'user.authentication.auth_via_mfa',
        factor: 'OKTA_VERIFY_PUSH',
      }),
      // Cy: three wrong passwords in OIE are password-as-factor failures, not pushes.
      ...[0, 1, 2].map((m) =>
        ev({
          uuid: `c${m}`,
          published: at(t0, m),
          actor: '00u3cy',
          type: 'user.authentication.auth_via_mfa',
          result: 'FAILURE',
          reason: 'INVALID_CREDENTIALS',
          factor: 'PASSWORD_AS_FACTOR',
        }),
      ),
    ])
    const found = await run(db, 11n)
    expect(found.map((f) => [f.userId, f.severity, f.eventIds])).toEqual([
      ['00u1ana', 'medium', ['p1', 'd1', 'p2', 'd2', 'p3']],
    ])
    expect(found[0]?.details).toMatchObject({ forms: ['deny_push'], denied: 2, rejected: 3 })
  })

  it('reads UNANSWERED and ABANDONED as rejections and password factors as nothing', () => {
    const row = (outcome_result: string, factor: string | null) => ({
      event_type: 'user.authentication.auth_via_mfa',
      outcome_result,
      credential_type: null,
      factor,
    })
    expect(stepOf(row('UNANSWERED', 'OKTA_VERIFY_PUSH'))).toBe('unanswered')
    expect(stepOf(row('ABANDONED', null))).toBe('unanswered')
    expect(stepOf(row('FAILURE', 'PASSWORD_AS_FACTOR'))).toBeNull()
    expect(stepOf(row('SUCCESS', 'OKTA_VERIFY_PUSH'))).toBe('approve')
  })
})
