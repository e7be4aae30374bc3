// deactivated-access: the SQL on a real DuckDB (the latest lifecycle event before each success, a
// reactivation in between, the directory as the fallback, one finding per session and per day of
// failures, incremental windows) and the scoring.
import { describe, expect, it } from 'vitest'
import { deactivatedAccess } from '../../detectors/deactivated-access/index.js'
import { score } from '../../detectors/deactivated-access/score.js'
import type { BlockedCandidate } from '../../detectors/deactivated-access/queries.js'
import { dbTest } from '../helpers/db.js'
import { context, detect, dirUser, oktaEvent, store } from './lifecycle-fixtures.js'

const ADMIN = { actorId: '00uadmin', actorLogin: 'admin@acme.example', sessionId: 'admin-s' }
const lifecycle = (uuid: string, at: string, action: string, userId = '00u1ana') =>
  oktaEvent(uuid, at, {
    ...ADMIN,
    eventType: `user.lifecycle.${action}`,
    targets: [{ id: userId, type: 'User', alternateId: `${userId}@northwind.example` }],
  })

describe('deactivated-access queries', () => {
  dbTest(
    'a success after deactivation fires once per session; failures once per day',
    async ({ db }) => {
      await dirUser(db, {
        id: '00u1ana',
        status: 'DEPROVISIONED',
        statusChanged: '2026-11-10T10:00:00Z',
      })
      const until = await store(db, [
        oktaEvent('before', '2026-11-09T09:00:00Z'),
        lifecycle('deact', '2026-11-10T10:00:00Z', 'deactivate'),
        oktaEvent('s1-mfa', '2026-11-11T09:00:00Z', {
          eventType: 'user.authentication.auth_via_mfa',
          sessionId: 's1',
        }),
        oktaEvent('s1-start', '2026-11-11T09:00:01Z', { sessionId: 's1' }),
        oktaEvent('s1-sso', '2026-11-11T09:05:00Z', {
          eventType: 'user.authentication.sso',
          sessionId: 's1',
        }),
        oktaEvent('f1', '2026-11-12T09:00:00Z', {
          result: 'FAILURE',
          reason: 'INVALID_CREDENTIALS',
          sessionId: null,
        }),
        oktaEvent('f2', '2026-11-12T09:01:00Z', {
          result: 'FAILURE',
          reason: 'INVALID_CREDENTIALS',
          sessionId: null,
        }),
      ])
      const findings = await detect(
        db,
        deactivatedAccess,
        { afterSeq: 0n, untilSeq: until },
        context(),
      )
      expect(findings.map((f) => [f.eventIds, f.severity])).toEqual([
        [['deact', 's1-mfa'], 'critical'],
        [['deact', 'f1'], 'low'],
      ])
      expect(findings[0]?.details).toMatchObject({
        blockedBy: { action: 'deactivate', by: 'admin@acme.example', evidence: 'system log' },
        hoursSinceBlock: 23,
      })

      // The same session and the same day of failures again: nothing new. A new session: new.
      const more = await store(db, [
        oktaEvent('s1-sso2', '2026-11-12T10:00:00Z', {
          eventType: 'user.authentication.sso',
          sessionId: 's1',
        }),
        oktaEvent('f3', '2026-11-12T11:00:00Z', {
          result: 'FAILURE',
          reason: 'INVALID_CREDENTIALS',
          sessionId: null,
        }),
        oktaEvent('s2-start', '2026-11-13T09:00:00Z', { sessionId: 's2' }),
      ])
      const next = await detect(
        db,
        deactivatedAccess,
        { afterSeq: until, untilSeq: more },
        context(),
      )
      expect(next.map((f) => f.eventIds)).toEqual([['deact', 's2-start']])
    },
  )

  dbTest(
    'a reactivation in between, in the log or the directory, clears the account',
    async ({ db }) => {
      await dirUser(db, { id: '00u1ana', status: 'ACTIVE', statusChanged: '2026-11-05T12:00:00Z' })
      await dirUser(db, {
        id: '00u2bob',
        login: 'bob@northwind.example',
        status: 'ACTIVE',
        statusChanged: '2026-11-07T12:00:00Z',
      })
      await dirUser(db, {
        id: '00u3cy',
        login: 'cy@northwind.example',
        status: 'SUSPENDED',
        statusChanged: '2026-11-01T00:00:00Z',
      })
      const bob = { actorId: '00u2bob', actorLogin: 'bob@northwind.example' }
      const cy = { actorId: '00u3cy', actorLogin: 'cy@northwind.example' }
      const until = await store(db, [
        lifecycle('susp', '2026-11-04T10:00:00Z', 'suspend'),
        lifecycle('unsusp', '2026-11-05T12:00:00Z', 'unsuspend'),
        oktaEvent('ana-ok', '2026-11-06T09:00:00Z'),
        // Bob: the log has his deactivation but not the reactivation the directory shows.
        lifecycle('bob-deact', '2026-11-06T10:00:00Z', 'deactivate', '00u2bob'),
        oktaEvent('bob-suspended-window', '2026-11-07T09:00:00Z', { ...bob, sessionId: 'b1' }),
        oktaEvent('bob-ok', '2026-11-08T09:00:00Z', { ...bob, sessionId: 'b2' }),
        // Cy: suspended before the log begins; only the directory knows.
        oktaEvent('cy-in', '2026-11-06T09:00:00Z', { ...cy, sessionId: 'c1' }),
      ])
      const findings = await detect(
        db,
        deactivatedAccess,
        { afterSeq: 0n, untilSeq: until },
        context(),
      )
      expect(findings.map((f) => [f.eventIds, f.severity])).toEqual([
        [['cy-in'], 'high'],
        [['bob-deact', 'bob-suspended-window'], 'critical'],
      ])
      expect(findings[0]?.details).toMatchObject({
        blockedBy: { action: 'suspend', evidence: 'directory status' },
      })
    },
  )
})

const base: BlockedCandidate = {
  org: 'hub',
  userId: '00u1ana',
  userLogin: 'ana@northwind.example',
  partnerId: 'northwind',
  kind: 'success',
  uuid: 'e1',
  eventType: 'user.session.start',
  published: new Date('2026-11-12T10:00:00Z'),
  sessionId: 's1',
  block: { uuid: 'l1', action: 'suspend', at: new Date('2026-11-10T10:00:00Z'), by: null },
  groupEvents: 1,
  ip: null,
  city: null,
  country: null,
  asNumber: null,
  userAgent: null,
}

describe('deactivated-access score', () => {
  it('grades by outcome and by how the account was closed', () => {
    const ctx = context()
    expect(score([base], ctx)[0]).toMatchObject({
      severity: 'high',
      score: 80,
      eventIds: ['l1', 'e1'],
    })
    const failures = score([{ ...base, kind: 'failure', groupEvents: 7 }], ctx)[0]
    expect(failures).toMatchObject({ severity: 'low' })
    expect(failures?.summary).toMatch(/7 times today while suspended/)
    const fromDirectory = { ...base, block: { ...base.block, uuid: null, action: 'deactivate' } }
    expect(score([fromDirectory], ctx)[0]).toMatchObject({ severity: 'critical', eventIds: ['e1'] })
  })
})
