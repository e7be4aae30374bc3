// Loads a generated scenario into a database the way production does: the System Log through
// `import`, the directory through the SDK from the simulated org (users attributed to partners).
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Database } from '../lib/db.js'
import type { Clock } from '../lib/clock.js'
import { parseConfig, type Config } from '../lib/config.js'
import { importFiles } from '../ingest/import-files.js'
import { syncDirectory } from '../ingest/directory/sync.js'
import { createOktaClient } from '../ingest/okta-client.js'
import { PacingExecutor } from '../ingest/pacing-executor.js'
import { startOktaSim } from '../data/okta-sim/server.js'
import { SCENARIO_FILES } from '../data/scenario/types.js'

export async function loadScenario(
  db: Database,
  dir: string,
  clock: Clock,
): Promise<Readonly<Config>> {
  const raw = JSON.parse(await readFile(join(dir, SCENARIO_FILES.config), 'utf8')) as unknown
  const config = parseConfig(raw, { env: {}, cwd: dir, source: join(dir, SCENARIO_FILES.config) })
  await importFiles({ db, clock, files: [join(dir, SCENARIO_FILES.events)], org: 'hub' })
  const sim = await startOktaSim({
    scenarioDir: dir,
    port: 0,
    rateLimits: {
      users: 1_000_000,
      groups: 1_000_000,
      apps: 1_000_000,
      idps: 1_000_000,
      other: 1_000_000,
    },
  })
  try {
    const org = {
      name: 'hub',
      url: sim.url,
      role: 'hub' as const,
      credentials: { kind: 'ssws' as const, token: sim.token },
    }
    const client = createOktaClient(org, {
      requestExecutor: new PacingExecutor({ share: 1, maxRetries: 5, requestTimeoutMs: 30_000 }),
    })
    await syncDirectory({
      db,
      client,
      org,
      partners: config.partners,
      clock,
      internalDomains: config.internalDomains,
    })
  } finally {
    await sim.close()
  }
  return config
}
