// One measured step for bench/detect.ts, in its own process (peak RSS is its own).
// Modes: load DIR DB (events through DuckDB's own reader, directory through the SDK from the sim)
//        full DB DIR | incremental DB DIR N (re-run over the last N events with all history)
import { dirname } from 'node:path'
import { fixedClock } from '../lib/clock.js'
import { openDatabase } from '../lib/db.js'
import { DETECTORS } from '../detectors/index.js'
import { runDetectors } from '../detectors/runner.js'
import { loadScenario, scenarioConfig } from './load-scenario.js'

const [mode = '', dbPath = '', arg = '', arg2 = ''] = process.argv.slice(2)
const clock = fixedClock('2026-11-29T00:00:00Z')
const started = performance.now()
const db = await openDatabase({ path: dbPath })
let result: Record<string, unknown> = {}
try {
  if (mode === 'load') {
    const config = await loadScenario(db, arg, clock, 'duckdb')
    result = {
      events: Number((await db.one<{ n: bigint }>('SELECT count(*) AS n FROM events'))?.n ?? 0),
      partners: config.partners.length,
    }
  } else {
    const config = await scenarioConfig(arg.endsWith('.json') ? dirname(arg) : arg)
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
