// Loads a generated scenario into a database: the System Log through `import` (as production does)
// or through DuckDB's own reader (the reference, and the fast way to fill big benchmark stores), and
// the directory through the SDK from the simulated org, with users attributed to partners.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Database } from '../lib/db.js'
import type { Clock } from '../lib/clock.js'
import { parseConfig, type Config } from '../lib/config.js'
import { importFiles } from '../ingest/import-files.js'
import { EVENT_COLUMNS, EVENT_SHAPE_JSON } from '../ingest/event-shape.js'
import { syncDirectory } from '../ingest/directory/sync.js'
import { createOktaClient } from '../ingest/okta-client.js'
import { PacingExecutor } from '../ingest/pacing-executor.js'
import { startOktaSim } from '../data/okta-sim/server.js'
import { SCENARIO_FILES } from '../data/scenario/types.js'
import { UUID_HASH_SQL } from '../lib/migrations/007-events-dedupe-hash.js'

export async function loadScenario(
  db: Database,
  dir: string,
  clock: Clock,
  events: 'import' | 'duckdb' = 'import',
): Promise<Readonly<Config>> {
  const config = await scenarioConfig(dir)
  const file = join(dir, SCENARIO_FILES.events)
  if (events === 'import') {
    await importFiles({ db, clock, files: [file], org: 'hub' })
  } else {
    await insertWithDuckdbReader(db, file, 'hub')
  }
  await syncScenarioDirectory(db, dir, clock, config)
  return config
}

export async function scenarioConfig(dir: string): Promise<Readonly<Config>> {
  const raw = JSON.parse(await readFile(join(dir, SCENARIO_FILES.config), 'utf8')) as unknown
  return parseConfig(raw, { env: {}, cwd: dir, source: join(dir, SCENARIO_FILES.config) })
}

/** DuckDB reading an NDJSON file itself into the same table and typed columns, raw and the dedupe
 * hash included (so later ingest into the store dedupes against these rows by hash). */
export function insertWithDuckdbReader(db: Database, file: string, org: string): Promise<number> {
  const cols = EVENT_COLUMNS.map(([c]) => c).join(', ')
  return db.changes(
    `INSERT INTO events (ingest_seq, uuid, org, source, ingested_at, ${cols}, raw, uuid_hash)
     SELECT nextval('events_seq'), j.uuid, $org, 'duckdb', now(), ${EVENT_COLUMNS.map(([, e]) => e).join(', ')}, raw,
       ${UUID_HASH_SQL('j.uuid')}
     FROM (SELECT json::VARCHAR AS raw, json_transform(json, '${EVENT_SHAPE_JSON}') AS j
           FROM read_json_objects($file, format = 'newline_delimited'))`,
    { file, org },
  )
}

async function syncScenarioDirectory(
  db: Database,
  dir: string,
  clock: Clock,
  config: Readonly<Config>,
): Promise<void> {
  const unlimited = { users: 1e6, groups: 1e6, apps: 1e6, idps: 1e6, other: 1e6 }
  const sim = await startOktaSim({ scenarioDir: dir, port: 0, rateLimits: unlimited })
  try {
    const org = {
      name: 'hub',
      url: sim.url,
      role: 'hub' as const,
      credentials: { kind: 'ssws' as const, token: sim.token },
    }
    const client = createOktaClient(org, {
      requestExecutor: new PacingExecutor({ share: 1, maxRetries: 5, requestTimeoutMs: 60_000 }),
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
}
