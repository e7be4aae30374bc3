// A `partnerwatch serve` configuration for a generated scenario's simulated org: the scenario's own
// partners, one org at the simulator (token from TEST_OKTA_TOKEN), a database in `dir`, any port.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { SCENARIO_FILES } from '../../data/scenario/types.js'

export interface ServeConfig {
  dbPath: string
  configPath: string
  partners: { id: string; name: string }[]
}

export function writeServeConfig(o: {
  dir: string
  scenarioDir: string
  simUrl: string
  pollIntervalSeconds: number
}): ServeConfig {
  const dbPath = join(o.dir, 'pw.duckdb')
  const configPath = join(o.dir, 'partnerwatch.config.json')
  const base = JSON.parse(readFileSync(join(o.scenarioDir, SCENARIO_FILES.config), 'utf8')) as {
    partners: { id: string; name: string }[]
  }
  writeFileSync(
    configPath,
    JSON.stringify({
      ...base,
      orgs: [{ name: 'hub', url: o.simUrl, tokenEnv: 'TEST_OKTA_TOKEN' }],
      database: dbPath,
      ingest: { sinceDays: 20, pollIntervalSeconds: o.pollIntervalSeconds },
      server: { port: 0 },
    }),
  )
  return { dbPath, configPath, partners: base.partners.map((p) => ({ id: p.id, name: p.name })) }
}
