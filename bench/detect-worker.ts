// One measured step for bench/detect.ts, in its own process (peak RSS is its own).
// Modes: load DIR DB (events through DuckDB's own reader, directory through the SDK from the sim)
//        full DB CONFIG | incremental DB CONFIG N (re-run over the last N events with all history)
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fixedClock } from '../lib/clock.js'
import { openDatabase } from '../lib/db.js'
import { parseConfig } from '../lib/config.js'
import { DETECTORS } from '../detectors/index.js'
import { runDetectors } from '../detectors/runner.js'
import { EVENT_COLUMNS, EVENT_SHAPE_JSON } from '../ingest/event-shape.js'
import { syncDirectory } from '../ingest/directory/sync.js'
import { createOktaClient } from '../ingest/okta-client.js'
import { PacingExecutor } from '../ingest/pacing-executor.js'
import { startOktaSim } from '../data/okta-sim/server.js'

const [mode = '', dbPath = '', arg = '', arg2 = ''] = process.argv.slice(2)
const clock = fixedClock('2026-11-29T00:00:00Z')
const started = performance.now()
const db = await openDatabase({ path: dbPath })
let result: Record<string, unknown> = {}
try {
  if (mode === 'load') {
    const dir = arg
    const cols = EVENT_COLUMNS.map(([c]) => c).join(', ')
    const events = await db.changes(
      `INSERT INTO events (ingest_seq, uuid, org, source, ingested_at, ${cols}, raw)
       SELECT nextval('events_seq'), j.uuid, 'hub', 'bench', now(), ${EVENT_COLUMNS.map(([, e]) => e).join(', ')}, raw
       FROM (SELECT json::VARCHAR AS raw, json_transform(json, '${EVENT_SHAPE_JSON}') AS j
             FROM read_json_objects($file, format = 'newline_delimited'))`,
      { file: join(dir, 'events.ndjson') },
    )
    const config = parseConfig(
      JSON.parse(readFileSync(join(dir, 'partnerwatch.config.json'), 'utf8')),
      { env: {}, cwd: dir, source: dir },
    )
    const sim = await startOktaSim({
      scenarioDir: dir,
      port: 0,
      rateLimits: { users: 1e6, groups: 1e6, apps: 1e6, idps: 1e6, other: 1e6 },
    })
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
    result = { events }
  } else {
    const config = parseConfig(JSON.parse(readFileSync(arg, 'utf8')), {
      env: {},
      cwd: '.',
      source: arg,
    })
    await db.run('DELETE FROM findings')
    await db.run('DELETE FROM detector_state')
    if (mode === 'incremental') {
      const n = BigInt(arg2 || '10000')
      const max = (await db.one<{ s: bigint }>('SELECT max(ingest_seq) AS s FROM events'))?.s ?? 0n
      for (const d of DETECTORS) {
        await db.run(
          `INSERT INTO detector_state (detector, last_seq, last_run_at) VALUES ($d, $s, now())`,
          { d: d.id, s: max - n },
        )
      }
    }
    const t = performance.now()
    const runs = await runDetectors({
      db,
      clock,
      detectors: DETECTORS,
      partners: config.partners,
      settings: config.detectors,
    })
    result = { detectSeconds: Number(((performance.now() - t) / 1000).toFixed(2)), runs }
  }
} finally {
  db.closeSync()
}
process.stdout.write(
  `${JSON.stringify({ mode, ...result, seconds: Number(((performance.now() - started) / 1000).toFixed(2)), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
)
