// The demo `npm start` runs when no Okta org is configured: a generated partner scenario (cached),
// the simulated Okta org serving it on a free loopback port, and a configuration that points the
// real ingest path (the Okta SDK over HTTP) at it. Everything it prints says DEMO DATA.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Clock } from '../../lib/clock.js'
import { parseConfig, type Config } from '../../lib/config.js'
import { SCENARIO_FILES } from '../../data/scenario/types.js'
import { DEMO_PARAMS, ensureDemoScenario, type DemoScenario } from '../../data/demo-scenario.js'
import { startOktaSim, type OktaSim } from '../../data/okta-sim/server.js'

/** The simulated org grants a large org's log budget, so the demo's 60 days load in under a minute. */
export const DEMO_RATE_LIMITS = { logs: 2400, users: 2400, groups: 2400, apps: 600, idps: 600 }
const TOKEN_ENV = 'PARTNERWATCH_DEMO_OKTA_TOKEN'

export interface Demo {
  scenario: DemoScenario
  sim: OktaSim
  config: Readonly<Config>
  close(): Promise<void>
}

export async function startDemo(options: {
  cacheDir: string
  clock: Clock
  /** The server settings of the real configuration (host, port, limits). */
  server: Config['server']
}): Promise<Demo> {
  const scenario = await ensureDemoScenario(options.cacheDir, options.clock)
  const sim = await startOktaSim({
    scenarioDir: scenario.dir,
    port: 0,
    rateLimits: DEMO_RATE_LIMITS,
  })
  try {
    const file = join(scenario.dir, SCENARIO_FILES.config)
    const raw = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>
    const config = parseConfig(
      {
        ...raw,
        orgs: [{ name: 'demo', url: sim.url, tokenEnv: TOKEN_ENV }],
        database: join(options.cacheDir, 'demo.duckdb'),
        ingest: { sinceDays: DEMO_PARAMS.days, pollIntervalSeconds: 30 },
        server: options.server,
      },
      { env: { [TOKEN_ENV]: sim.token }, cwd: options.cacheDir, source: `${file} (demo)` },
    )
    return { scenario, sim, config, close: () => sim.close() }
  } catch (err) {
    await sim.close()
    throw err
  }
}
