// dormant-reactivated: the SQL on a real DuckDB (the last activity before a sign-in, the flow's own
// events not counting, per-partner thresholds, the store's start when there is no earlier activity)
// and the scoring's escalations.
import { describe, expect, it } from 'vitest'
import { dormantReactivated } from '../../detectors/dormant-reactivated/index.js'
import { score } from '../../detectors/dormant-reactivated/score.js'
import type { DormantCandidate } from '../../detectors/dormant-reactivated/queries.js'
import { dbTest } from '../helpers/db.js'
import { context, detect, dirUser, oktaEvent, partner, store } from './lifecycle-fixtures.js'

const fabrikam = partner({ id: 'fabrikam', dormantAfterDays: 30 })
const bob = { actorId: '00u2bob', actorLogin: 'bob@fabrikam.example' }
const newPc = {
  dtHash: 'dt-new',
  userAgent: 'Mozilla/5.0 (Macintosh) Safari/17',
  browser: 'SAFARI',
  os: 'Mac OS X',
  asn: 5410,
  asOrg: 'bouygues telecom',
}

describe('dormant-reactivated queries', () => {
  dbTest(
    'a sign-in after the partner threshold of silence, with its flow not counted',
    async ({ db }) => {
      await dirUser(db, { id: '00u1ana' })
      await dirUser(db, { id: '00u2bob', login: 'bob@fabrikam.example', partnerId: 'fabrikam' })
      await dirUser(db, { id: '00u3emp', login: 'emp@acme.example', partnerId: null })
      const emp = { actorId: '00u3emp', actorLogin: 'emp@acme.example' }
      const until = await store(db, [
        oktaEvent('ana-old', '2026-06-01T09:00:00Z'),
        oktaEvent('bob-old', '2026-06-01T09:00:00Z', bob),
        oktaEvent('emp-old', '2026-06-01T09:00:00Z', emp),
        oktaEvent('bob-mid', '2026-08-15T09:00:00Z', bob),
        // Ana: 95 days later, her MFA step a second before the session start is the same flow.
        oktaEvent('ana-mfa', '2026-09-04T09:00:00Z', {
          ...newPc,
          eventType: 'user.authentication.auth_via_mfa',
        }),
        oktaEvent('ana-back', '2026-09-04T09:00:01Z', newPc),
        // Bob: 31 days after his last sign-in; Fabrikam's threshold is 30.
        oktaEvent('bob-back', '2026-09-15T09:00:00Z', bob),
        oktaEvent('emp-back', '2026-09-15T09:00:00Z', emp),
        oktaEvent('ana-next', '2026-09-05T09:00:00Z'),
      ])
      const ctx = context([partner({ id: 'northwind' }), fabrikam])
      const findings = await detect(db, dormantReactivated, { afterSeq: 0n, untilSeq: until }, ctx)
      expect(findings.map((f) => [f.eventIds, f.severity])).toEqual([
        // Bob's mid-August sign-in already came 75 days after June's.
        [['bob-old', 'bob-mid'], 'medium'],
        [['ana-old', 'ana-back'], 'high'],
        [['bob-mid', 'bob-back'], 'medium'],
      ])
      expect(findings[1]?.details).toMatchObject({
        silentDays: 95,
        dormantAfterDays: 90,
        escalatedBy: ['newDevice', 'newNetwork'],
      })
      expect(findings[2]?.details).toMatchObject({
        silentDays: 31,
        dormantAfterDays: 30,
        escalatedBy: [],
      })
      // Employees only with partnersOnly: false.
      const all = await detect(
        db,
        dormantReactivated,
        { afterSeq: 0n, untilSeq: until },
        context(ctx.partners, { partnersOnly: false }),
      )
      expect(all.map((f) => f.userId)).toContain('00u3emp')
    },
  )

  dbTest(
    'no earlier activity: silence counts from the later of the store start and activation',
    async ({ db }) => {
      await dirUser(db, { id: '00u1ana', created: '2025-01-01T00:00:00Z' })
      await dirUser(db, {
        id: '00u2bob',
        login: 'bob@fabrikam.example',
        partnerId: 'fabrikam',
        created: '2026-09-01T00:00:00Z',
      })
      const until = await store(db, [
        oktaEvent('other', '2026-05-01T00:00:00Z', {
          actorId: '00u9x',
          actorLogin: 'x@acme.example',
        }),
        oktaEvent('ana-first', '2026-08-15T09:00:00Z'),
        oktaEvent('bob-first', '2026-09-20T09:00:00Z', bob),
      ])
      const findings = await detect(
        db,
        dormantReactivated,
        { afterSeq: 0n, untilSeq: until },
        context([partner({ id: 'northwind' }), fabrikam]),
      )
      expect(findings.map((f) => f.eventIds)).toEqual([['ana-first']])
      expect(findings[0]?.details).toMatchObject({ silentDays: 106, lastActivity: null })
    },
  )
})

const base: DormantCandidate = {
  org: 'hub',
  userId: '00u1ana',
  userLogin: 'ana@northwind.example',
  partnerId: 'northwind',
  dormantAfterDays: 90,
  uuid: 'e2',
  published: new Date('2026-11-01T09:00:00Z'),
  last: {
    uuid: 'e1',
    published: new Date('2026-07-01T09:00:00Z'),
    eventType: 'user.session.start',
  },
  storeStart: new Date('2026-01-01T00:00:00Z'),
  accountSince: null,
  current: {
    ip: '1.2.3.4',
    city: 'Lyon',
    country: 'France',
    asNumber: 3215,
    asOrg: 'orange',
    dtHash: 'dt1',
    userAgent: 'ua1',
    isProxy: false,
    behaviors: null,
  },
  priorDtHashes: ['dt1'],
  priorUserAgents: ['ua1'],
  priorAsns: [3215],
}

describe('dormant-reactivated score', () => {
  it('medium when only the silence is odd, escalated by a new device, network, anonymiser', () => {
    const ctx = context()
    expect(score([base], ctx)[0]).toMatchObject({ severity: 'medium', score: 50 })
    const stranger = {
      ...base,
      current: { ...base.current, dtHash: 'dt9', userAgent: 'ua9', asNumber: 9009, isProxy: true },
    }
    expect(score([stranger], ctx)[0]).toMatchObject({
      severity: 'critical',
      details: { escalatedBy: ['newDevice', 'newNetwork', 'anonymizer'] },
    })
    // No baseline: Okta's verdicts stand in.
    const cold = {
      ...base,
      priorDtHashes: [],
      priorUserAgents: [],
      priorAsns: [],
      current: { ...base.current, behaviors: '{New Device=POSITIVE, New IP=NEGATIVE}' },
    }
    expect(score([cold], ctx)[0]?.details).toMatchObject({ escalatedBy: ['newDevice'] })
    // Silence below the threshold is not dormancy; twice the threshold is noted.
    expect(score([{ ...base, dormantAfterDays: 200 }], ctx)).toEqual([])
    expect(score([{ ...base, dormantAfterDays: 60 }], ctx)[0]?.details).toMatchObject({
      escalatedBy: ['longDormant'],
    })
  })
})
