// Syncing again: the new snapshot replaces the old one whole and atomically; a failed sync is
// recorded and leaves the previous snapshot as it was.
import { describe, expect } from 'vitest'
import type { Database } from '../../lib/db.js'
import { latestDirectorySync } from '../../ingest/directory/directory-queries.js'
import { createOktaClient } from '../../ingest/okta-client.js'
import type { FaultAction } from '../../data/okta-sim/faults.js'
import { dbTest } from '../helpers/db.js'
import { T0, U, fixtureSync, simOrg } from './directory-fixture.js'

const HOUR_MS = 3_600_000
const TABLES = [
  'dir_users',
  'dir_groups',
  'dir_group_members',
  'dir_apps',
  'dir_app_users',
  'dir_app_groups',
  'dir_idps',
  'dir_idp_users',
  'dir_admin_roles',
] as const

async function syncIdsPerTable(db: Database) {
  const out: Record<string, number[]> = {}
  for (const table of TABLES) {
    const rows = await db.all<{ id: number }>(
      `SELECT DISTINCT sync_id::INTEGER AS id FROM ${table} ORDER BY id`,
    )
    out[table] = rows.map((r) => r.id)
  }
  return out
}

describe('directory resync', () => {
  dbTest(
    'replaces the snapshot; a deactivated user shows DEPROVISIONED with a newer synced_at',
    async ({ db }) => {
      const { sim, clock, sync } = await fixtureSync(db)
      const first = await sync()
      await createOktaClient(simOrg(sim)).userApi.deactivateUser({ userId: U.eve.id })
      clock.advance(HOUR_MS)
      const second = await sync()

      expect(second.syncId).toBeGreaterThan(first.syncId)
      expect(second.counts).toEqual(first.counts)
      const eve = await db.all('SELECT status, synced_at FROM dir_users WHERE id = $id', {
        id: U.eve.id,
      })
      expect(eve).toEqual([
        { status: 'DEPROVISIONED', synced_at: new Date(Date.parse(T0) + HOUR_MS) },
      ])
      const perTable = await syncIdsPerTable(db)
      for (const table of TABLES) {
        expect(perTable[table], table).toEqual([second.syncId])
      }
      const log = await db.all('SELECT id::INTEGER AS id, status FROM directory_syncs ORDER BY id')
      expect(log).toEqual([
        { id: first.syncId, status: 'succeeded' },
        { id: second.syncId, status: 'succeeded' },
      ])
    },
  )

  dbTest(
    'a 401 fails the sync, is recorded, and leaves the previous snapshot intact',
    async ({ db }) => {
      let refuse = false
      const faults = (_n: number, path: string): FaultAction | undefined =>
        refuse && path.startsWith('/api/v1/apps') ? { kind: 'status', status: 401 } : undefined
      const { sim, clock, sync } = await fixtureSync(db, { faults })
      const first = await sync()
      await createOktaClient(simOrg(sim)).userApi.deactivateUser({ userId: U.eve.id })
      refuse = true
      clock.advance(HOUR_MS)

      await expect(sync()).rejects.toMatchObject({
        code: 'ERR_OKTA_AUTH_FAILED',
        status: 401,
        errorCode: 'E0000011',
      })
      const eve = await db.one(
        'SELECT status, sync_id::INTEGER AS sync_id FROM dir_users WHERE id = $id',
        {
          id: U.eve.id,
        },
      )
      expect(eve).toEqual({ status: 'ACTIVE', sync_id: first.syncId })
      expect(await db.one('SELECT count(*)::INTEGER AS n FROM dir_users')).toEqual({
        n: first.counts.users,
      })
      const perTable = await syncIdsPerTable(db)
      for (const table of TABLES) {
        expect(perTable[table], table).toEqual([first.syncId])
      }
      const latest = await latestDirectorySync(db, 'hub')
      expect(latest).toMatchObject({
        status: 'failed',
        users: null,
        startedAt: new Date(Date.parse(T0) + HOUR_MS),
      })
      expect(latest?.error).toMatch(/401 E0000011/)
      expect(latest?.finishedAt).toBeInstanceOf(Date)
    },
  )

  dbTest('a bad token is refused before anything is replaced', async ({ db }) => {
    const { sim, sync } = await fixtureSync(db)
    const first = await sync()
    await expect(sync({ org: simOrg(sim, 'not-the-token') })).rejects.toMatchObject({
      code: 'ERR_OKTA_AUTH_FAILED',
    })
    expect(await db.one('SELECT count(*)::INTEGER AS n FROM dir_users')).toEqual({
      n: first.counts.users,
    })
  })

  dbTest(
    'readers on another connection see the old snapshot or the new one, never a mix',
    async ({ db }) => {
      const { sim, clock, sync } = await fixtureSync(db)
      const first = await sync()
      await createOktaClient(simOrg(sim)).userApi.deactivateUser({ userId: U.eve.id })
      clock.advance(HOUR_MS)
      const reader = await db.connect()
      const seen: string[] = []
      const look = async () => {
        const rows = (
          await reader.runAndReadAll(
            `SELECT count(*)::INTEGER AS n, count(DISTINCT sync_id)::INTEGER AS syncs,
               min(sync_id)::INTEGER AS sync FROM dir_users`,
          )
        ).getRowObjectsJS()
        seen.push(JSON.stringify(rows[0]))
      }
      let done = false
      const watch = (async () => {
        while (!done) {
          await look()
        }
      })()
      const second = await sync()
      done = true
      await watch
      await look()
      reader.closeSync()
      const allowed = [first.syncId, second.syncId].map((sync) =>
        JSON.stringify({ n: first.counts.users, syncs: 1, sync }),
      )
      expect(new Set(seen)).toEqual(new Set(allowed))
      expect(seen.filter((s) => !allowed.includes(s))).toEqual([])
    },
  )
})
