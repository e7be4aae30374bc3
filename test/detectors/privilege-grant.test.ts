// privilege-grant: the SQL on a real DuckDB (target user and group members from the directory, the
// role from debugData, the grantor's sign-ins before) and the scoring's guardrail and levels.
import { describe, expect, it } from 'vitest'
import { privilegeGrant } from '../../detectors/privilege-grant/index.js'
import { riskOf, score } from '../../detectors/privilege-grant/score.js'
import type { GrantCandidate } from '../../detectors/privilege-grant/queries.js'
import { dbTest } from '../helpers/db.js'
import { context, detect, dirUser, oktaEvent, store } from './lifecycle-fixtures.js'

const admin = { actorId: '00uadmin', actorLogin: 'admin@acme.example' }
const grant = (uuid: string, at: string, target: string, role: string, o = {}) =>
  oktaEvent(uuid, at, {
    ...admin,
    ...o,
    eventType: 'user.account.privilege.grant',
    privilegeGranted: role,
    targets: [{ id: target, type: 'User', alternateId: `${target}@x.example` }],
  })

describe('privilege-grant queries', () => {
  dbTest('grades grants by who receives them and how the grantor signed in', async ({ db }) => {
    await dirUser(db, { id: '00u1ana' })
    await dirUser(db, { id: '00uemp', login: 'emp@acme.example', partnerId: null })
    await dirUser(db, { id: '00uadmin', login: 'admin@acme.example', partnerId: null })
    await db.run(
      `INSERT INTO dir_group_members (group_id, user_id, org, sync_id, synced_at)
       VALUES ('00gpartners', '00u1ana', 'hub', 1, now())`,
    )
    const until = await store(db, [
      grant('g-partner', '2026-11-10T10:00:00Z', '00u1ana', 'Help desk administrator'),
      grant('g-routine', '2026-11-10T11:00:00Z', '00uemp', 'Report administrator'),
      grant('g-top', '2026-11-10T12:00:00Z', '00uemp', 'Super administrator'),
      oktaEvent('g-group', '2026-11-10T13:00:00Z', {
        ...admin,
        eventType: 'group.privilege.grant',
        privilegeGranted: 'Application administrator',
        targets: [
          {
            id: '00gpartners',
            type: 'UserGroup',
            alternateId: 'Partners',
            displayName: 'Partners',
          },
        ],
      }),
      // The admin signs in through Tor-flagged infrastructure, then grants a routine role.
      oktaEvent('admin-in', '2026-11-11T09:00:00Z', {
        ...admin,
        threatSuspected: true,
        ip: '185.220.101.1',
      }),
      grant('g-after-risk', '2026-11-11T09:20:00Z', '00uemp', 'Report administrator'),
    ])
    const findings = await detect(db, privilegeGrant, { afterSeq: 0n, untilSeq: until }, context())
    expect(findings.map((f) => [f.eventIds, f.severity, f.details.reasons])).toEqual([
      [['g-partner'], 'critical', ['partnerUser']],
      [['g-top'], 'medium', ['topRole']],
      [['g-group'], 'critical', ['groupWithPartnerUsers']],
      [['admin-in', 'g-after-risk'], 'high', ['riskyGrantorSignIn']],
    ])
    expect(findings[2]).toMatchObject({
      partnerId: 'northwind',
      details: { group: { partnerUsers: 1 } },
    })
    // Partners cannot turn the guardrail off: no setting changes the partner-user verdict.
    const relaxed = await detect(
      db,
      privilegeGrant,
      { afterSeq: 0n, untilSeq: until },
      context([], { riskySignInMinutes: 5 }),
    )
    expect(relaxed[0]).toMatchObject({ severity: 'critical', eventIds: ['g-partner'] })
    expect(relaxed.map((f) => f.eventIds.at(-1))).not.toContain('g-after-risk')
  })

  dbTest('without a directory, a login domain unlike the grantor’s is external', async ({ db }) => {
    const until = await store(db, [
      oktaEvent('g-gmail', '2026-11-10T10:00:00Z', {
        ...admin,
        eventType: 'user.account.privilege.grant',
        privilegeGranted: 'Organization administrator, Application administrator (all)',
        targets: [{ id: '00ux', type: 'User', alternateId: 'thomas@gmail.com' }],
      }),
    ])
    const findings = await detect(
      db,
      privilegeGrant,
      { afterSeq: 0n, untilSeq: until },
      context([]),
    )
    expect(findings[0]).toMatchObject({
      severity: 'high',
      score: 80,
      details: { reasons: ['externalUser', 'topRole'] },
    })
  })
})

const base: GrantCandidate = {
  org: 'hub',
  uuid: 'g1',
  eventType: 'user.account.privilege.grant',
  published: new Date('2026-11-10T10:00:00Z'),
  privilege: 'Read only administrator',
  grantor: { id: '00uadmin', login: 'admin@acme.example', ip: null, isProxy: false },
  target: {
    id: '00uemp',
    login: 'emp@acme.example',
    inDirectory: true,
    partnerId: null,
    looksExternal: false,
  },
  group: { id: null, name: null, partnerUsers: 0, partnerIds: [] },
  grantorSignIns: [],
}
const signIn = {
  uuid: 's1',
  published: new Date('2026-11-10T09:55:00Z'),
  ip: null,
  country: null,
  asNumber: null,
  asOrg: null,
  isProxy: false,
  tunnels: null,
  threatSuspected: false,
  riskLevel: null,
  behaviors: null,
}

describe('privilege-grant score', () => {
  it('routine roles to employees from a clean session give nothing', () => {
    expect(score([base], context())).toEqual([])
    expect(score([{ ...base, grantorSignIns: [signIn] }], context())).toEqual([])
  })

  it('names what made the grantor’s sign-in risky', () => {
    expect(riskOf({ ...signIn, riskLevel: 'HIGH', tunnels: '[{"type":"VPN"}]' })).toEqual([
      'riskHigh',
      'anonymizer',
    ])
    expect(riskOf({ ...signIn, behaviors: '{New Device=POSITIVE, New Country=POSITIVE}' })).toEqual(
      ['newDeviceNewPlace'],
    )
    expect(riskOf({ ...signIn, behaviors: '{New Device=POSITIVE, New Country=NEGATIVE}' })).toEqual(
      [],
    )
  })

  it('a top role after a risky sign-in is critical; a grant made through a proxy counts', () => {
    const risky = {
      ...base,
      privilege: 'Super administrator',
      grantorSignIns: [{ ...signIn, riskLevel: 'HIGH' }],
    }
    expect(score([risky], context())[0]).toMatchObject({
      severity: 'critical',
      eventIds: ['s1', 'g1'],
    })
    const proxied = { ...base, grantor: { ...base.grantor, isProxy: true } }
    expect(score([proxied], context())[0]).toMatchObject({ severity: 'high', eventIds: ['g1'] })
  })
})
