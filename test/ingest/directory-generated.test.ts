// A generated scenario (data/scenario) served by the simulated org and synced through the paced SDK
// client: every user of directory.json lands in dir_users with the partner the generator intended.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, onTestFinished } from 'vitest'
import { fixedClock } from '../../lib/clock.js'
import { parseConfig } from '../../lib/config.js'
import { startOktaSim } from '../../data/okta-sim/server.js'
import { SCENARIO_FILES } from '../../data/scenario/types.js'
import { syncDirectory } from '../../ingest/directory/sync.js'
import { createOktaClient } from '../../ingest/okta-client.js'
import { PacingExecutor } from '../../ingest/pacing-executor.js'
import { generate, readDirectory } from '../data/scenario-helpers.js'
import { dbTest } from '../helpers/db.js'

describe('directory sync of a generated scenario', () => {
  dbTest('stores every user with the partner the generator gave it', async ({ db }) => {
    const end = '2026-11-20T00:00:00Z'
    const scenario = await generate({ seed: 7, partners: 3, users: 40, days: 5, end })
    onTestFinished(scenario.cleanup)
    const clock = fixedClock(end)
    const sim = await startOktaSim({ scenarioDir: scenario.dir, port: 0, clock })
    onTestFinished(() => sim.close())
    const raw: unknown = JSON.parse(readFileSync(join(scenario.dir, SCENARIO_FILES.config), 'utf8'))
    const { partners } = parseConfig(raw, { env: {}, cwd: '/', source: 'scenario' })
    const org = {
      name: 'hub',
      url: sim.url,
      role: 'hub' as const,
      credentials: { kind: 'ssws' as const, token: sim.token },
    }
    const executor = new PacingExecutor({ share: 1, maxRetries: 2, requestTimeoutMs: 10_000 })
    const client = createOktaClient(org, { requestExecutor: executor })

    const summary = await syncDirectory({ db, client, org, partners, clock })

    const directory = readDirectory(scenario.dir)
    const rows = await db.all<{ id: string; status: string; partner_id: string | null }>(
      'SELECT id, status, partner_id FROM dir_users ORDER BY id',
    )
    const expected = directory.users
      .map((u) => ({
        id: u.id,
        status: u.status,
        partner_id: typeof u.profile.partnerId === 'string' ? u.profile.partnerId : null,
      }))
      .sort((a, b) => (a.id < b.id ? -1 : 1))
    expect(rows).toEqual(expected)
    expect(rows.some((r) => r.partner_id !== null)).toBe(true)
    expect(summary.counts).toMatchObject({
      users: directory.users.length,
      groupMembers: directory.groupMembers.length,
      appUsers: directory.appUsers.length,
      idpUsers: directory.idpUsers.length,
      adminRoles: directory.adminRoles.length,
    })
  })
})
