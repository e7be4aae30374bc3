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
    'silence just over the threshold, with the flow crossing midnight, still fires',
    async ({ db }) => {
      // The day-level prefilter must not drop Carol: her MFA step six minutes before the session
      // start falls on the previous day; Dave is ten minutes short of the threshold.
      await dirUser(db, { id: '00u4car', login: 'carol@fabrikam.example', partnerId: 'fabrikam' })
      await dirUser(db, { id: '00u5dav', login: 'dave@fabrikam.example', partnerId: 'fabrikam' })
      const carol = { actorId: '00u4car', actorLogin: 'carol@fabrikam.example' }
      const dave = { actorId: '00u5dav', actorLogin: 'dave@fabrikam.example' }
      const until = await store(db, [
        oktaEvent('store-start', '2026-06-01T09:00:00Z'),
        oktaEvent('carol-last', '2026-08-14T23:59:00Z', carol),
        oktaEvent('dave-last', '2026-08-15T00:10:00Z', dave),
        oktaEvent('carol-mfa', '2026-09-13T23:58:00Z', {
          ...carol,
          eventType: 'user.authentication.auth_via_mfa',
        }),
        oktaEvent('carol-back', '2026-09-14T00:04:00Z', carol),
        oktaEvent('dave-back', '2026-09-14T00:04:00Z', dave),
      ])
      const ctx = context([partner({ id: 'northwind' }), fabrikam])
      const findings = await detect(db, dormantReactivated, { afterSeq: 0n, untilSeq: until }, ctx)
      // Their first sign-ins come 75 days into the store: silent since it began.
      expect(findings.map((f) => f.eventIds)).toEqual([
        ['carol-last'],
        ['dave-last'],
        ['carol-last', 'carol-back'],
      ])
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
