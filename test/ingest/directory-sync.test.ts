// A directory sync against the simulated org over real HTTP through the real SDK: the snapshot is
// the fixture directory exactly, custom attributes survive, and users are attributed by rule order.
import { describe, expect } from 'vitest'
import { listUnattributedExternalUsers } from '../../ingest/directory/directory-queries.js'
import { dbTest } from '../helpers/db.js'
import { EXPECTED_ATTRIBUTION, T0, U, fixtureDirectory, fixtureSync } from './directory-fixture.js'

const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : d)
const sorted = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort()

describe('directory sync', () => {
  dbTest(
    'stores the fixture directory exactly, DEPROVISIONED users and GROUP scope included',
    async ({ db }) => {
      const { sync } = await fixtureSync(db)
      const summary = await sync()
      const dir = fixtureDirectory()

      const users = await db.all<Record<string, unknown>>(
        `SELECT id, status, login, email, first_name, last_name, created, activated, status_changed,
         last_login, last_updated, password_changed, user_type_id, provider_type, provider_name
       FROM dir_users`,
      )
      expect(
        sorted(
          users.map((u) => Object.fromEntries(Object.entries(u).map(([k, v]) => [k, iso(v)]))),
        ),
      ).toEqual(
        sorted(
          dir.users.map((u) => ({
            id: u.id,
            status: u.status,
            login: u.profile.login,
            email: u.profile.email,
            first_name: u.profile.firstName,
            last_name: u.profile.lastName,
            created: u.created,
            activated: u.activated,
            status_changed: u.statusChanged,
            last_login: u.lastLogin,
            last_updated: u.lastUpdated,
            password_changed: u.passwordChanged,
            user_type_id: u.type.id,
            provider_type: u.credentials.provider.type,
            provider_name: u.credentials.provider.name,
          })),
        ),
      )
      expect(users.find((u) => u.id === U.dan.id)?.status).toBe('DEPROVISIONED')

      const groups = await db.all(
        'SELECT id, name, description, type, last_membership_updated FROM dir_groups',
      )
      expect(
        sorted(
          groups.map((g) => ({ ...g, last_membership_updated: iso(g.last_membership_updated) })),
        ),
      ).toEqual(
        sorted(
          dir.groups.map((g) => ({
            id: g.id,
            name: g.profile.name,
            description: g.profile.description,
            type: g.type,
            last_membership_updated: g.lastMembershipUpdated,
          })),
        ),
      )
      const members = await db.all(
        'SELECT group_id AS "groupId", user_id AS "userId" FROM dir_group_members',
      )
      expect(sorted(members)).toEqual(sorted(dir.groupMembers))

      const apps = await db.all(
        'SELECT id, name, label, status, sign_on_mode AS "signOnMode" FROM dir_apps',
      )
      expect(sorted(apps)).toEqual(
        sorted(
          dir.apps.map((a) => ({
            id: a.id,
            name: a.name,
            label: a.label,
            status: a.status,
            signOnMode: a.signOnMode,
          })),
        ),
      )
      const appUsers = await db.all<Record<string, unknown>>(
        'SELECT app_id, user_id, scope, group_id, created FROM dir_app_users',
      )
      expect(sorted(appUsers.map((a) => ({ ...a, created: iso(a.created) })))).toEqual(
        sorted(
          dir.appUsers.map((a) => ({
            app_id: a.appId,
            user_id: a.userId,
            scope: a.scope,
            group_id: a.groupId ?? null,
            created: a.created,
          })),
        ),
      )
      expect(appUsers.filter((a) => a.scope === 'GROUP')).toHaveLength(2)
      const appGroups = await db.all(
        'SELECT app_id AS "appId", group_id AS "groupId" FROM dir_app_groups',
      )
      expect(sorted(appGroups)).toEqual(sorted(dir.appGroups))

      const idps = await db.all(
        'SELECT id, name, type, status, protocol, provisioning_action AS action FROM dir_idps',
      )
      expect(sorted(idps)).toEqual(
        sorted(
          dir.idps.map((i) => ({
            id: i.id,
            name: i.name,
            type: i.type,
            status: i.status,
            protocol: i.protocol.type,
            action: i.policy.provisioning.action,
          })),
        ),
      )
      const idpUsers = await db.all(
        'SELECT idp_id AS "idpId", user_id AS "userId", external_id AS "externalId" FROM dir_idp_users',
      )
      expect(sorted(idpUsers)).toEqual(
        sorted(
          dir.idpUsers.map(({ idpId, userId, externalId }) => ({ idpId, userId, externalId })),
        ),
      )
      const roles = await db.all(
        'SELECT user_id AS "userId", role_type AS "roleType" FROM dir_admin_roles',
      )
      expect(sorted(roles)).toEqual(
        sorted(dir.adminRoles.map(({ userId, roleType }) => ({ userId, roleType }))),
      )

      expect(summary.counts).toEqual({
        users: dir.users.length,
        groups: dir.groups.length,
        groupMembers: dir.groupMembers.length,
        apps: dir.apps.length,
        appUsers: dir.appUsers.length,
        appGroups: dir.appGroups.length,
        idps: dir.idps.length,
        idpUsers: dir.idpUsers.length,
        adminRoles: dir.adminRoles.length,
      })
      expect(summary.adminRoles).toEqual({ source: 'per-user-all', usersChecked: dir.users.length })
      expect(summary.syncedAt.toISOString()).toBe(T0)

      // Every row of every table carries the org, this sync and its time.
      const stamps = await db.all(
        `SELECT DISTINCT org, sync_id::INTEGER AS sync_id, synced_at FROM (
         SELECT org, sync_id, synced_at FROM dir_users UNION ALL
         SELECT org, sync_id, synced_at FROM dir_groups UNION ALL
         SELECT org, sync_id, synced_at FROM dir_group_members UNION ALL
         SELECT org, sync_id, synced_at FROM dir_apps UNION ALL
         SELECT org, sync_id, synced_at FROM dir_app_users UNION ALL
         SELECT org, sync_id, synced_at FROM dir_app_groups UNION ALL
         SELECT org, sync_id, synced_at FROM dir_idps UNION ALL
         SELECT org, sync_id, synced_at FROM dir_idp_users UNION ALL
         SELECT org, sync_id, synced_at FROM dir_admin_roles)`,
      )
      expect(stamps).toEqual([{ org: 'hub', sync_id: summary.syncId, synced_at: new Date(T0) }])
      const log = await db.all(
        `SELECT status, users, app_users, admin_roles, partner_users, unattributed_external_users,
         internal_domains::VARCHAR AS internal_domains, internal_domains_inferred, admin_roles_source, error
       FROM directory_syncs`,
      )
      expect(log).toEqual([
        {
          status: 'succeeded',
          users: 13,
          app_users: 6,
          admin_roles: 2,
          partner_users: 7,
          unattributed_external_users: 3,
          internal_domains: '["corp.example"]',
          internal_domains_inferred: true,
          admin_roles_source: 'per-user-all',
          error: null,
        },
      ])
    },
  )

  dbTest(
    'keeps every profile attribute, custom ones included, and reads the contract end',
    async ({ db }) => {
      const { sync } = await fixtureSync(db)
      await sync()
      const rows = await db.all<{ id: string; profile: string; contract_end: Date | null }>(
        'SELECT id, profile, contract_end FROM dir_users',
      )
      for (const user of Object.values(U)) {
        const row = rows.find((r) => r.id === user.id)
        expect(JSON.parse(row?.profile ?? '{}'), user.profile.login).toEqual(user.profile)
      }
      const ann = rows.find((r) => r.id === U.ann.id)
      expect(JSON.parse(ann?.profile ?? '{}')).toMatchObject({
        partnerId: 'northwind',
        costCenter: 'NW-42',
      })
      expect(iso(ann?.contract_end)).toBe('2026-12-31T00:00:00.000Z')
      expect(rows.find((r) => r.id === U.eve.id)?.contract_end).toBeNull()
    },
  )

  dbTest(
    'attributes each user by the first rule that matches: attribute, IdP, group, domain',
    async ({ db }) => {
      const { sync } = await fixtureSync(db)
      const summary = await sync()
      const rows = await db.all<{
        id: string
        partner_id: string | null
        partner_rule: string | null
        looks_external: boolean
        jit: boolean
        idp_id: string | null
      }>('SELECT id, partner_id, partner_rule, looks_external, jit, idp_id FROM dir_users')
      const byId = new Map(rows.map((r) => [r.id, r]))
      for (const [name, expected] of Object.entries(EXPECTED_ATTRIBUTION)) {
        const row = byId.get(U[name as keyof typeof U].id)
        expect(row ? [row.partner_id, row.partner_rule] : undefined, name).toEqual(
          expected ?? [null, null],
        )
      }
      const flags = (u: { id: string }) => {
        const r = byId.get(u.id)
        return [r?.looks_external, r?.jit, r?.idp_id]
      }
      expect(flags(U.admin)).toEqual([false, false, null])
      expect(flags(U.ann)).toEqual([true, true, '0oaidpnorthwind00001'])
      expect(flags(U.ivy)).toEqual([true, true, '0oaidpcontoso0000001'])
      // OKTA credentials, but linked to an IdP that provisions (AUTO): created through the IdP.
      expect(flags(U.con)).toEqual([true, true, '0oaidpnorthwind00001'])
      expect(flags(U.gus)).toEqual([true, false, null])
      expect(flags(U.xena)).toEqual([true, true, null])
      expect(summary.partnerUsers).toEqual({ northwind: 3, contoso: 3, fabrikam: 1 })
      expect(summary.internalDomains).toEqual({ domains: ['corp.example'], inferred: true })
      expect(summary.unattributedExternalUsers).toBe(3)
    },
  )

  dbTest('lists the external users that no partner claims', async ({ db }) => {
    const { sync } = await fixtureSync(db)
    await sync()
    const listed = await listUnattributedExternalUsers(db)
    expect(listed.map((u) => u.login)).toEqual([
      U.olaf.profile.login,
      U.sue.profile.login,
      U.xena.profile.login,
    ])
    expect(listed[2]).toMatchObject({ org: 'hub', providerType: 'SOCIAL', status: 'ACTIVE' })
    expect(listed[2]?.syncedAt).toEqual(new Date(T0))
    expect((await listUnattributedExternalUsers(db, 'hub')).length).toBe(3)
    expect(await listUnattributedExternalUsers(db, 'elsewhere')).toEqual([])
  })

  dbTest('uses configured internal domains instead of inferring them', async ({ db }) => {
    const { sync } = await fixtureSync(db)
    const summary = await sync({ internalDomains: ['Corp.example', 'outside.example'] })
    expect(summary.internalDomains).toEqual({
      domains: ['corp.example', 'outside.example'],
      inferred: false,
    })
    const listed = await listUnattributedExternalUsers(db)
    expect(listed.map((u) => u.login)).toEqual([U.sue.profile.login, U.xena.profile.login])
  })
})
