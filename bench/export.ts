// Benchmark: one export page of about 1M events as CEF and as OCSF (through exportPage, written to a
// file), against DuckDB's own COPY (SELECT …) TO 'x.csv' of the same rows and columns in the same run.
// Each step runs in its own process so its peak RSS is its own.
// Run: node bin/run-ts.js bench/export.ts [--limit N] [--db FILE] [--memory-limit 512MB]
// The store is a copy of bench/out/detect-2750-60.duckdb (made by `npm run bench:detect`, ~1M
// events); the original is never opened. Without it, a scenario is generated and loaded by DuckDB.
import { spawnSync } from 'node:child_process'
import { copyFileSync, createWriteStream, existsSync, mkdirSync, rmSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { once } from 'node:events'
import { loadavg } from 'node:os'
import { openDatabase } from '../lib/db.js'
import { exportPage } from '../reports/export/export-page.js'
import { EVENT_FROM, eventColumns } from '../reports/export/export-queries.js'
import { insertWithDuckdbReader } from './load-scenario.js'

const { values } = parseArgs({
  options: {
    worker: { type: 'string' },
    db: { type: 'string', default: resolve('bench/out/export-1m.duckdb') },
    limit: { type: 'string', default: '1000000' },
    // DuckDB's buffer pool (the service's databaseMemoryLimit, 512MB by default) is most of the RSS.
    'memory-limit': { type: 'string', default: '512MB' },
  },
})
const out = resolve('bench/out')
const dbPath = resolve(values.db)
const limit = Number(values.limit)
const memoryLimit = values['memory-limit']

interface Step {
  step: string
  rows: number
  bytes: number
  seconds: number
  /** CPU time of the process (DuckDB's threads included): steadier than wall time on a shared machine. */
  cpuSeconds: number
  mbPerSecond: number
  mbPerCpuSecond: number
  rowsPerSecond: number
  peakRssMb: number
  /** Peaks sampled every 250 ms: V8 heap used, and memory outside it (DuckDB, buffers). */
  peakHeapUsedMb: number
  peakExternalMb: number
  /** DuckDB's own accounting at the end (buffer pool and other tagged memory), and by tag. */
  duckdbMemoryMb: number
  duckdbMemoryByTagMb: Record<string, number>
}

async function worker(step: string): Promise<Step> {
  const db = await openDatabase({ path: dbPath, settings: { memory_limit: memoryLimit } })
  const file = join(out, `export-bench.${step === 'copy' ? 'csv' : step}`)
  const started = performance.now()
  const cpu0 = process.cpuUsage()
  let rows = 0
  const peak = { heapUsed: 0, external: 0 }
  const sample = (): void => {
    const m = process.memoryUsage()
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed)
    peak.external = Math.max(peak.external, m.external)
  }
  const sampler = setInterval(sample, 250)
  try {
    if (step === 'copy') {
      const last = await db.one<{ s: bigint }>(
        'SELECT max(ingest_seq) AS s FROM (SELECT ingest_seq FROM events ORDER BY ingest_seq LIMIT $limit)',
        { limit },
      )
      // No ORDER BY: DuckDB keeps insertion order (which is ingest order) and COPY is fastest so.
      rows = await db.changes(
        `COPY (SELECT ${eventColumns(false)} ${EVENT_FROM} WHERE e.ingest_seq <= $last)
         TO '${file.replace(/'/g, "''")}' (FORMAT csv, HEADER)`,
        { last: last?.s ?? 0n },
      )
    } else {
      const page = await exportPage(db, {
        stream: 'events',
        format: step === 'cef' ? 'cef' : 'ocsf',
        limit,
      })
      rows = page.count
      const sink = createWriteStream(file)
      for await (const chunk of page.records) {
        if (!sink.write(chunk)) {
          await once(sink, 'drain')
        }
      }
      sink.end()
      await once(sink, 'finish')
    }
    const seconds = (performance.now() - started) / 1000
    const cpu = process.cpuUsage(cpu0)
    sample()
    const tags = await db.all<{ tag: string; b: number }>(
      'SELECT tag, memory_usage_bytes::DOUBLE AS b FROM duckdb_memory() WHERE memory_usage_bytes > 0',
    )
    const duckBytes = tags.reduce((sum, t) => sum + t.b, 0)
    const cpuSeconds = (cpu.user + cpu.system) / 1e6
    const bytes = statSync(file).size
    return {
      step,
      rows,
      bytes,
      seconds: round(seconds),
      cpuSeconds: round(cpuSeconds),
      mbPerSecond: round(bytes / 1e6 / seconds),
      mbPerCpuSecond: round(bytes / 1e6 / cpuSeconds),
      rowsPerSecond: Math.round(rows / seconds),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      peakHeapUsedMb: Math.round(peak.heapUsed / 1e6),
      peakExternalMb: Math.round(peak.external / 1e6),
      duckdbMemoryMb: Math.round(duckBytes / 1e6),
      duckdbMemoryByTagMb: Object.fromEntries(tags.map((t) => [t.tag, Math.round(t.b / 1e6)])),
    }
  } finally {
    clearInterval(sampler)
    db.closeSync()
    rmSync(file, { force: true })
  }
}

function versus(step: Step, copy: Step) {
  return {
    ...step,
    vsCopyMbPerSecond: round(step.mbPerSecond / copy.mbPerSecond),
    vsCopyMbPerCpuSecond: round(step.mbPerCpuSecond / copy.mbPerCpuSecond),
    vsCopyRowsPerSecond: round(step.rowsPerSecond / copy.rowsPerSecond),
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100
}

function run(step: string): Step {
  const res = spawnSync(
    process.execPath,
    [
      resolve('bin/run-ts.js'),
      resolve('bench/export.ts'),
      '--worker',
      step,
      '--db',
      dbPath,
      '--limit',
      String(limit),
      '--memory-limit',
      memoryLimit,
    ],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  )
  if (res.status !== 0) {
    throw new Error(`${step} failed: ${res.stderr}`)
  }
  return JSON.parse(res.stdout.trim().split('\n').at(-1) ?? '{}') as Step
}

/** Opens the store once so that any pending migration runs here, not inside a timed step. */
async function migrate(): Promise<void> {
  const db = await openDatabase({ path: dbPath, settings: { memory_limit: '2GB' } })
  db.closeSync()
}

async function prepare(): Promise<string> {
  mkdirSync(out, { recursive: true })
  if (existsSync(dbPath)) {
    return 'reused'
  }
  const cached = join(out, 'detect-2750-60.duckdb')
  if (existsSync(cached) && !existsSync(`${cached}.wal`)) {
    copyFileSync(cached, dbPath)
    return `copied ${cached}`
  }
  const scenario = join(out, 'scenario-2750-60')
  if (!existsSync(join(scenario, 'events.ndjson'))) {
    const gen = spawnSync(
      process.execPath,
      [
        resolve('bin/partnerwatch.js'),
        'simulate',
        '--out',
        scenario,
        '--users',
        '2750',
        '--days',
        '60',
        '--end',
        '2026-11-29T00:00:00Z',
      ],
      { stdio: 'inherit' },
    )
    if (gen.status !== 0) {
      throw new Error('simulate failed')
    }
  }
  const db = await openDatabase({ path: dbPath })
  try {
    await insertWithDuckdbReader(db, join(scenario, 'events.ndjson'), 'hub')
  } finally {
    db.closeSync()
  }
  return `loaded ${scenario} with DuckDB's reader (no directory: partners unattributed)`
}

if (values.worker) {
  process.stdout.write(`${JSON.stringify(await worker(values.worker))}\n`)
} else {
  const store = await prepare()
  await migrate()
  const copy = run('copy')
  const cef = run('cef')
  const ocsf = run('ocsf')
  process.stdout.write(
    `${JSON.stringify({
      benchmark: 'export',
      command: `node bin/run-ts.js bench/export.ts --limit ${limit} --memory-limit ${memoryLimit}`,
      store,
      copyCsv: copy,
      cef: versus(cef, copy),
      ocsf: versus(ocsf, copy),
      loadAverage: loadavg().map(round),
      goals: { vsCopy: 0.3, peakRssMb: 512 },
    })}\n`,
  )
}
