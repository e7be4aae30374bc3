// One measured step for bench/detect.ts, in its own process (peak RSS is its own).
// Modes: load DIR DB (events through DuckDB's own reader, directory through the SDK from the sim)
//        replicate DB BASE K (K copies of BASE's users and events, interleaved in ingest order)
//        full DB DIR | incremental DB DIR N (re-run over the last N events with all history)
import { dirname } from 'node:path'
import { fixedClock } from '../lib/clock.js'
import { openDatabase } from '../lib/db.js'
import { DETECTORS } from '../detectors/index.js'
import { runDetectors } from '../detectors/runner.js'
import { DETECT_MEMORY_LIMIT } from '../detectors/memory-limit.js'
import { loadScenario, scenarioConfig } from './load-scenario.js'
import { UUID_HASH_SQL } from '../lib/migrations/007-events-dedupe-hash.js'

const [mode = '', dbPath = '', arg = '', arg2 = ''] = process.argv.slice(2)
const clock = fixedClock('2026-11-29T00:00:00Z')
const only = (process.env.PW_BENCH_DETECTORS ?? '').split(',').filter(Boolean)
const detectors = only.length ? DETECTORS.filter((d) => only.includes(d.id)) : DETECTORS
if (only.length && detectors.length !== only.length) {
  throw new Error(`unknown detector in --detectors ${only.join(',')}`)
}
const started = performance.now()
const db = await openDatabase({
  path: dbPath,
  ...(mode === 'replicate'
    ? { settings: { memory_limit: '8GB' } }
    : mode === 'load'
      ? {}
      : // The pool `partnerwatch detect` uses, unless the benchmark is asked for another.
        { settings: { memory_limit: process.env.PW_BENCH_MEMORY_LIMIT || DETECT_MEMORY_LIMIT } }),
})
let result: Record<string, unknown> = {}
try {
  if (mode === 'replicate') {
    result = await replicate(arg, Number(arg2))
  } else if (mode === 'load') {
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
      for (const d of detectors) {
        await db.run(
          `INSERT INTO detector_state (detector, last_seq, last_run_at) VALUES ($d, $s, now())`,
          { d: d.id, s: max - n },
        )
      }
    }
    const t = performance.now()
    // One detector at a time so each run carries the process's peak RSS after it (the peak only
    // grows: the detector whose run raised it is the one to look at) and its RSS when it ended.
    const runs = []
    for (const detector of detectors) {
      const cpu = process.cpuUsage()
      const [run] = await runDetectors({
        db,
        clock,
        detectors: [detector],
        partners: config.partners,
        settings: config.detectors,
      })
      runs.push({
        ...run,
        cpuMs: Math.round(cpuMs(process.cpuUsage(cpu))),
        peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
        rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
        heapMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
        duckdbMb: await duckdbMb(),
      })
    }
    result = { detectSeconds: Number(((performance.now() - t) / 1000).toFixed(2)), runs }
  }
} finally {
  db.closeSync()
}
/** What DuckDB's buffer manager holds now (its pool: cached blocks and operators' memory). */
async function duckdbMb(): Promise<number> {
  const r = await db.one<{ b: bigint | null }>(
    'SELECT sum(memory_usage_bytes)::BIGINT AS b FROM duckdb_memory()',
  )
  return Math.round(Number(r?.b ?? 0n) / 2 ** 20)
}

/** CPU time of every thread of the process (DuckDB's too): steadier than wall time under load. */
function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000
}

/**
 * A store K times the size of BASE without generating K times the data: every user and event of
 * BASE again under K-1 suffixed ids (users, sessions, devices, uuids), interleaved in ingest order
 * (copy k of base row s gets ingest_seq s·K + k), as a K-times-larger org would arrive (each with the
 * dedupe hash of its own uuid; BASE must be at schema 7 or later — open it once). Copies keep
 * the typed columns the detectors read; raw JSON is '{}' in all of them (no detector reads raw).
 * The uuid index of 10M events does not fit DuckDB's 512 MB default, so this step gets more.
 */
async function replicate(base: string, k: number): Promise<Record<string, unknown>> {
  const sfx = (col: string) => `CASE WHEN k = 0 THEN ${col} ELSE ${col} || '~' || k END`
  // ATTACH takes no bound parameters; the path is this benchmark's own file, quoted.
  await db.run(`ATTACH '${base.replaceAll("'", "''")}' AS base (READ_ONLY)`)
  await db.run(
    `INSERT INTO dir_users SELECT * EXCLUDE (k) REPLACE (${sfx('id')} AS id, ${sfx('login')} AS login,
       ${sfx('email')} AS email)
     FROM base.dir_users CROSS JOIN range(${k}) t(k)`,
  )
  for (const table of ['directory_syncs']) {
    await db.run(`INSERT INTO ${table} SELECT * FROM base.${table}`)
  }
  await db.run(
    `INSERT INTO events SELECT * EXCLUDE (k) REPLACE (
       ingest_seq * ${k} + k AS ingest_seq, ${sfx('uuid')} AS uuid, ${sfx('actor_id')} AS actor_id,
       ${sfx('actor_login')} AS actor_login, ${sfx('session_id')} AS session_id,
       ${sfx('root_session_id')} AS root_session_id, ${sfx('dt_hash')} AS dt_hash,
       ${sfx('target_user_id')} AS target_user_id, ${sfx('target_user_login')} AS target_user_login,
       '{}' AS raw, ${UUID_HASH_SQL(sfx('uuid'))} AS uuid_hash)
     FROM base.events CROSS JOIN range(${k}) t(k)
     ORDER BY ingest_seq, k`,
  )
  await db.run('DETACH base')
  // The rows took their sequence numbers from the copy, not from events_seq: advance it past them,
  // so that anything ingested into this store later gets new numbers (DuckDB has no setval).
  await db.run(
    `SELECT max(nextval('events_seq')) FROM range((SELECT coalesce(max(ingest_seq), 0) FROM events))`,
  )
  return {
    events: Number((await db.one<{ n: bigint }>('SELECT count(*) AS n FROM events'))?.n ?? 0),
    users: Number((await db.one<{ n: bigint }>('SELECT count(*) AS n FROM dir_users'))?.n ?? 0),
  }
}

process.stdout.write(
  `${JSON.stringify({ mode, ...result, seconds: Number(((performance.now() - started) / 1000).toFixed(2)), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
)
