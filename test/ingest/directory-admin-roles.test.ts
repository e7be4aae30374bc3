// Admin roles: read for users Okta lists as role holders when it can, else user by user while
// that stays cheap (all users, then only partner and external users), else skipped and recorded.
import { describe, expect } from 'vitest'
import { RequestExecutor } from '@okta/okta-sdk-nodejs'
import { createOktaClient } from '../../ingest/okta-client.js'
import type { FaultAction } from '../../data/okta-sim/faults.js'
import { dbTest } from '../helpers/db.js'
import { U, fixtureSync, simOrg } from './directory-fixture.js'

describe('directory sync of admin roles', () => {
  dbTest(
    'asks only partner and external users for admin roles when the org is large',
    async ({ db }) => {
      const { sim, sync } = await fixtureSync(db)
      const before = sim.requestCount
      const summary = await sync({ maxRoleLookups: 10 })
      expect(summary.adminRoles).toEqual({ source: 'per-user-external', usersChecked: 10 })
      const roles = await db.all('SELECT user_id, role_type FROM dir_admin_roles')
      expect(roles).toEqual([{ user_id: U.ann.id, role_type: 'READ_ONLY_ADMIN' }])
      const skipped = await sync({ maxRoleLookups: 5 })
      expect(skipped.adminRoles).toMatchObject({ source: 'skipped', usersChecked: 0 })
      expect(await db.all('SELECT * FROM dir_admin_roles')).toEqual([])
      expect(sim.requestCount - before).toBeGreaterThan(0)
    },
  )

  dbTest(
    'asks only the users Okta lists as role holders, when the org can list them',
    async ({ db }) => {
      // The simulated org has no GET /iam/assignees/users; this executor answers it in two pages.
      const asked: string[] = []
      class AssigneesExecutor extends RequestExecutor {
        override fetch(request: Parameters<RequestExecutor['fetch']>[0]) {
          const url = new URL(String(request.url))
          if (!url.pathname.endsWith('/iam/assignees/users')) {
            return super.fetch(request)
          }
          asked.push(url.search)
          const after = url.searchParams.get('after')
          const next = `${url.origin}${url.pathname}?limit=100&after=page2`
          const body =
            after === null
              ? { value: [{ id: U.admin.id }], _links: { next: { href: next } } }
              : { value: [{ id: U.sam.id }], _links: {} }
          const response = new Response(JSON.stringify(body), {
            status: 200,
            headers: { 'content-type': 'application/json' },
          })
          return Promise.resolve(
            response as unknown as Awaited<ReturnType<RequestExecutor['fetch']>>,
          )
        }
      }
      const { sim, sync } = await fixtureSync(db)
      const org = simOrg(sim)
      const client = createOktaClient(org, { requestExecutor: new AssigneesExecutor() })
      const summary = await sync({ client })
      expect(asked).toEqual(['?limit=100', '?after=page2&limit=100'])
      expect(summary.adminRoles).toEqual({ source: 'role-assignees', usersChecked: 2 })
      expect(await db.all('SELECT user_id, role_type FROM dir_admin_roles')).toEqual([
        { user_id: U.admin.id, role_type: 'SUPER_ADMIN' },
      ])
    },
  )

  dbTest(
    'records roles as skipped, not failed, when the credentials may not read them',
    async ({ db }) => {
      const faults = (_n: number, path: string): FaultAction | undefined =>
        path.endsWith('/roles') ? { kind: 'status', status: 403 } : undefined
      const { sync } = await fixtureSync(db, { faults })
      const summary = await sync()
      expect(summary.adminRoles).toMatchObject({ source: 'skipped', usersChecked: 0 })
      expect(summary.adminRoles.reason).toMatch(/^forbidden: Okta HTTP 403/)
      expect(summary.counts.users).toBe(13)
      const log = await db.one('SELECT status, admin_roles_source FROM directory_syncs')
      expect(log).toEqual({ status: 'succeeded', admin_roles_source: 'skipped' })
    },
  )
})
