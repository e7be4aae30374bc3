// okta-threat: the SQL on a real DuckDB (flagged sign-ins with the ThreatInsight event before them,
// ThreatInsight events alone tied to a user by transaction or address, one per address and day)
// and the scoring.
import { describe, expect, it } from 'vitest'
import { oktaThreat } from '../../detectors/okta-threat/index.js'
import { highestDetection, score } from '../../detectors/okta-threat/score.js'
import type { ThreatOnly } from '../../detectors/okta-threat/queries.js'
import { dbTest } from '../helpers/db.js'
import { context, detect, dirUser, oktaEvent, store } from './lifecycle-fixtures.js'

const BAD_IP = '45.155.1.1'
const threat = (uuid: string, at: string, result: string, o = {}) =>
  oktaEvent(uuid, at, {
    eventType: 'security.threat.detected',
    actorId: BAD_IP,
    actorLogin: 'unknown',
    actorType: 'IP address',
    ip: BAD_IP,
    result,
    reason: 'Password Spray',
    sessionId: null,
    threatSuspected: true,
    threatDetections: '{"Password Spray":"HIGH","Login Failures":"MEDIUM"}',
    ...o,
  })

describe('okta-threat queries', () => {
  dbTest('a flagged sign-in carries the ThreatInsight event before it, once', async ({ db }) => {
    await dirUser(db, { id: '00u1ana' })
    await dirUser(db, { id: '00u2bob', login: 'bob@northwind.example' })
    const bob = { actorId: '00u2bob', actorLogin: 'bob@northwind.example' }
    const until = await store(db, [
      oktaEvent('ok', '2026-11-10T08:00:00Z'),
      threat('ti-1', '2026-11-10T09:00:00Z', 'ALLOW'),
      oktaEvent('pre', '2026-11-10T09:00:01Z', {
        eventType: 'policy.evaluate_sign_on',
        ip: BAD_IP,
        threatSuspected: true,
      }),
      oktaEvent('flagged', '2026-11-10T09:00:02Z', { ip: BAD_IP, threatSuspected: true }),
      oktaEvent('risky', '2026-11-10T12:00:00Z', {
        ...bob,
        risk: '{reasons=Anomalous Device, level=HIGH}',
      }),
      oktaEvent('medium', '2026-11-10T13:00:00Z', { ...bob, risk: '{level=MEDIUM}' }),
    ])
    const findings = await detect(db, oktaThreat, { afterSeq: 0n, untilSeq: until })
    expect(findings.map((f) => [f.eventIds, f.severity])).toEqual([
      [['ti-1', 'flagged'], 'critical'],
      [['risky'], 'medium'],
    ])
    expect(findings[0]?.details).toMatchObject({
      threatInsight: { outcome: 'ALLOW', highest: 'HIGH' },
    })
  })

  dbTest(
    'ThreatInsight alone: the first per address and day, tied to the user it acted as',
    async ({ db }) => {
      await dirUser(db, { id: '00u1ana' })
      const until = await store(db, [
        threat('ti-1', '2026-11-10T09:00:00Z', 'DENY', { transactionId: 'tx-9' }),
        threat('ti-2', '2026-11-10T09:01:00Z', 'DENY'),
        oktaEvent('fail', '2026-11-10T09:00:00Z', {
          result: 'FAILURE',
          ip: BAD_IP,
          transactionId: 'tx-9',
          sessionId: null,
        }),
        threat('ti-other', '2026-11-10T09:05:00Z', 'ALLOW', { ip: '5.6.7.8', actorId: '5.6.7.8' }),
      ])
      const findings = await detect(db, oktaThreat, { afterSeq: 0n, untilSeq: until })
      expect(findings.map((f) => [f.eventIds, f.severity, f.userId])).toEqual([
        [['ti-1'], 'low', '00u1ana'],
        [['ti-other'], 'high', null],
      ])
      expect(findings[0]?.details).toMatchObject({ tiedBy: 'transaction', allowed: false })
      const more = await store(db, [
        threat('ti-3', '2026-11-10T18:00:00Z', 'DENY'),
        threat('ti-4', '2026-11-11T01:00:00Z', 'DENY'),
      ])
      const next = await detect(db, oktaThreat, { afterSeq: until, untilSeq: more })
      expect(next.map((f) => f.eventIds)).toEqual([['ti-4']])
    },
  )
})

describe('okta-threat score', () => {
  it('reads the highest detection level', () => {
    expect(highestDetection('{"Login Failures":"MEDIUM","Password Spray":"HIGH"}')).toBe('HIGH')
    expect(highestDetection('{"x":"LOW"}')).toBe('LOW')
    expect(highestDetection(null)).toBeNull()
  })

  it('an allowed threat without a HIGH detection is medium; a denied one is low', () => {
    const t: ThreatOnly = {
      kind: 'threat',
      org: 'hub',
      threat: {
        uuid: 't',
        published: new Date(),
        outcome: 'ALLOW',
        reason: 'x',
        detections: '{"a":"MEDIUM"}',
        ip: '1.1.1.1',
      },
      userId: null,
      userLogin: null,
      partnerId: null,
      tiedBy: null,
      eventsToday: 3,
    }
    expect(score([t], context())[0]).toMatchObject({ severity: 'medium', score: 50 })
    expect(
      score([{ ...t, threat: { ...t.threat, outcome: 'RATE_LIMIT' } }], context())[0]?.severity,
    ).toBe('low')
  })
})
