// A generated scenario, served by the simulated org, ingested by the real CLI in a child process:
// every event and every directory user arrives, each user with the partner the generator meant.
import { describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { generateScenario } from '../../data/scenario/generate.js'
import { startOktaSim } from '../../data/okta-sim/server.js'
import type { ScenarioDirectory } from '../../data/scenario/types.js'
import { openDatabase } from '../../lib/db.js'

const run = promisify(execFile)

describe('simulate → okta-sim → ingest', () => {
  it('stores every served event and the whole directory, partners attributed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-e2e-'))
    try {
      const now = new Date()
      const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
      const scenario = join(dir, 'scenario')
      const generated = await generateScenario({
        outDir: scenario,
        seed: 5,
        partners: 3,
        users: 40,
        days: 4,
        end,
      })
      const sim = await startOktaSim({ scenarioDir: scenario, port: 0 })
      try {
        const dbPath = join(dir, 'pw.duckdb')
        const { stdout } = await run(
          process.execPath,
          [
            resolve('bin/partnerwatch.js'),
            'ingest',
            '--once',
            '--json',
            '--since',
            new Date(end.getTime() - 5 * 86_400_000).toISOString(),
          ],
          {
            env: {
              PATH: process.env.PATH ?? '',
              TZ: 'UTC',
              OKTA_ORG_URL: sim.url,
              OKTA_API_TOKEN: sim.token,
              PARTNERWATCH_DB: dbPath,
              PARTNERWATCH_CONFIG: join(scenario, 'partnerwatch.config.json'),
            },
          },
        )
        const summary = JSON.parse(stdout) as {
          orgs: { stored: number; quarantined: number; directory: { counts: { users: number } } }[]
        }
        expect(summary.orgs[0]).toMatchObject({ stored: generated.counts.events, quarantined: 0 })
        const directory = JSON.parse(
          readFileSync(join(scenario, 'directory.json'), 'utf8'),
        ) as ScenarioDirectory
        expect(summary.orgs[0]?.directory.counts.users).toBe(directory.users.length)

        const db = await openDatabase({ path: dbPath })
        try {
          const stored = await db.all<{ uuid: string }>('SELECT uuid FROM events ORDER BY uuid')
          expect(stored.map((r) => r.uuid)).toEqual([...sim.servedUuids()].sort())
          const users = await db.all<{ id: string; partner_id: string | null; status: string }>(
            'SELECT id, partner_id, status FROM dir_users',
          )
          const byId = new Map(users.map((u) => [u.id, u]))
          for (const u of directory.users) {
            expect(byId.get(u.id), u.profile.login).toMatchObject({
              status: u.status,
              partner_id: u.profile.partnerId ?? null,
            })
          }
        } finally {
          db.closeSync()
        }
      } finally {
        await sim.close()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
