// Benchmark: one export page of about 1M events as CEF and as OCSF (through exportPage, written to a
// file), against DuckDB's own COPY (SELECT …) TO 'x.csv' of the same rows and columns in the same run.
// Each step runs in its own process (so its peak RSS is its own), and COPY runs before the first
// format and again after each one: a format is compared with the median of those COPY runs, so one
// quiet (or busy) moment on a shared machine does not decide the ratio.
// Run: node bin/run-ts.js bench/export.ts [--limit N] [--formats cef,ocsf] [--memory-limit SIZE]
//        [--threads N] [--batch-rows N] [--format-threads N] [--db FILE]
// Without --memory-limit each format gets the pool `partnerwatch export` gives it
// (reports/export/memory-limit.ts) and COPY the text formats' pool; with it, every step gets SIZE.
// The store is a copy of bench/out/detect-2750-60.duckdb (made by `npm run bench:detect`, ~1M
// events); the original is never opened. Without it, a scenario is generated and loaded by DuckDB.
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { loadavg } from 'node:os'
import { openDatabase } from '../lib/db.js'
import { EXPORT_FORMATS, type ExportFormat } from '../reports/export/formats/index.js'
import { EXPORT_MEMORY_LIMIT, exportMemoryLimit } from '../reports/export/memory-limit.js'
import { runStep, type Step } from './export-step.js'

const { values } = parseArgs({
  options: {
    worker: { type: 'string' },
    db: { type: 'string', default: resolve('bench/out/export-1m.duckdb') },
    limit: { type: 'string', default: '1000000' },
    formats: { type: 'string', default: 'cef,ocsf' },
    'memory-limit': { type: 'string' },
    // DuckDB's threads for every step (default: DuckDB's, one per core).
    threads: { type: 'string' },
    // Rows per DuckDB batch for every format (default: exportPage's per format).
    'batch-rows': { type: 'string' },
    // Format threads for every format (default: exportPage's, one per core but one; 0: none).
    'format-threads': { type: 'string' },
  },
})
const out = resolve('bench/out')
const dbPath = resolve(values.db)
const limit = Number(values.limit)
const formats = values.formats.split(',').map((f) => {
  if (!(EXPORT_FORMATS as readonly string[]).includes(f)) {
    throw new Error(`--formats: unknown format ${f}`)
  }
  return f as ExportFormat
})
const fixedPool = values['memory-limit']

/** The pool of a step: --memory-limit for all, else the export CLI's default for the format. */
function poolOf(step: string): string {
  if (fixedPool !== undefined) {
    return fixedPool
  }
  return step === 'copy' ? EXPORT_MEMORY_LIMIT : exportMemoryLimit(step as ExportFormat, '512MB')
}

function round(n: number): number {
  return Math.round(n * 100) / 100
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2
}

function run(step: string): Step & { loadAverage1m: number } {
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
      poolOf(step),
      ...(values.threads !== undefined ? ['--threads', values.threads] : []),
      ...(values['batch-rows'] !== undefined ? ['--batch-rows', values['batch-rows']] : []),
      ...(values['format-threads'] !== undefined
        ? ['--format-threads', values['format-threads']]
        : []),
    ],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  )
  if (res.status !== 0) {
    throw new Error(`${step} failed: ${res.stderr}`)
  }
  const step1 = JSON.parse(res.stdout.trim().split('\n').at(-1) ?? '{}') as Step
  return { ...step1, loadAverage1m: round(loadavg()[0] ?? 0) }
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
  // Imported here: it pulls in the Okta SDK and the simulated org (43 MB of heap, ~100 MB of RSS),
  // which a step's process (like `partnerwatch export`) must not hold.
  const { insertWithDuckdbReader } = await import('./load-scenario.js')
  const db = await openDatabase({ path: dbPath })
  try {
    await insertWithDuckdbReader(db, join(scenario, 'events.ndjson'), 'hub')
  } finally {
    db.closeSync()
  }
  return `loaded ${scenario} with DuckDB's reader (no directory: partners unattributed)`
}

if (values.worker) {
  const step = await runStep({
    step: values.worker,
    dbPath,
    file: join(out, `export-bench.${values.worker === 'copy' ? 'csv' : values.worker}`),
    limit,
    memoryLimit: values['memory-limit'] ?? EXPORT_MEMORY_LIMIT,
    threads: values.threads,
    batchRows: values['batch-rows'] !== undefined ? Number(values['batch-rows']) : undefined,
    formatThreads:
      values['format-threads'] !== undefined ? Number(values['format-threads']) : undefined,
  })
  process.stdout.write(`${JSON.stringify(step)}\n`)
} else {
  const store = await prepare()
  await migrate()
  const copies = [run('copy')]
  const steps: (Step & { loadAverage1m: number })[] = []
  for (const format of formats) {
    steps.push(run(format))
    copies.push(run('copy'))
  }
  const copy = {
    runs: copies.length,
    mbPerSecond: round(median(copies.map((c) => c.mbPerSecond))),
    mbPerCpuSecond: round(median(copies.map((c) => c.mbPerCpuSecond))),
    rowsPerSecond: Math.round(median(copies.map((c) => c.rowsPerSecond))),
    mbPerSecondRange: [
      Math.min(...copies.map((c) => c.mbPerSecond)),
      Math.max(...copies.map((c) => c.mbPerSecond)),
    ],
    peakRssMb: Math.max(...copies.map((c) => c.peakRssMb)),
  }
  const compared = steps.map((s) => {
    if (s.rows !== copies[0]?.rows) {
      throw new Error(`${s.step} exported ${s.rows} rows, COPY ${copies[0]?.rows}`)
    }
    return {
      ...s,
      // Against the median of every COPY run of this benchmark (one before each format, one after).
      vsCopyMbPerSecond: round(s.mbPerSecond / copy.mbPerSecond),
      vsCopyMbPerCpuSecond: round(s.mbPerCpuSecond / copy.mbPerCpuSecond),
      vsCopyRowsPerSecond: round(s.rowsPerSecond / copy.rowsPerSecond),
      // The same conditions as COPY (pool and threads), or what differed.
      sameConditionsAsCopy:
        s.settings.memory_limit === copies[0]?.settings.memory_limit &&
        s.settings.threads === copies[0]?.settings.threads,
    }
  })
  process.stdout.write(
    `${JSON.stringify({
      benchmark: 'export',
      command: `node bin/run-ts.js bench/export.ts --limit ${limit} --formats ${formats.join(',')}${fixedPool ? ` --memory-limit ${fixedPool}` : ''}${values.threads ? ` --threads ${values.threads}` : ''}${values['batch-rows'] ? ` --batch-rows ${values['batch-rows']}` : ''}${values['format-threads'] !== undefined ? ` --format-threads ${values['format-threads']}` : ''}`,
      store,
      copyCsv: copy,
      copyRuns: copies,
      ...Object.fromEntries(compared.map((s) => [s.step, s])),
      loadAverage: loadavg().map(round),
      goals: { vsCopy: 0.3, peakRssMb: 512 },
    })}\n`,
  )
}
