// Benchmark: the detectors over a generated store: a full run, and an incremental run over the last
// 10k events with all the history before them. Each step is its own process (bench/detect-worker.ts).
// Run: node bin/run-ts.js bench/detect.ts [--users N] [--days N]   (defaults: about 1M events;
// --replicas 10 for about 10M: ten copies of the 1M store; --detectors a,b to time some of them;
// --db PATH to run on a copy of a store while another run holds the original; --steps full or
// --steps incremental for one of the two; --memory-limit 384MB for DuckDB's pool, default: the detect command's)
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '2750' },
    days: { type: 'string', default: '60' },
    replicas: { type: 'string', default: '1' },
    detectors: { type: 'string', default: '' },
    db: { type: 'string', default: '' },
    steps: { type: 'string', default: 'full,incremental' },
    'memory-limit': { type: 'string', default: '' },
  },
})
const out = resolve('bench/out')
const scenario = join(out, `scenario-${values.users}-${values.days}`)
const basePath = join(out, `detect-${values.users}-${values.days}.duckdb`)
const replicas = Math.max(1, Number(values.replicas))
const dbPath = values.db
  ? resolve(values.db)
  : replicas > 1
    ? join(out, `detect-${values.users}-${values.days}-x${replicas}.duckdb`)
    : basePath
mkdirSync(out, { recursive: true })

function step(args: string[]): Record<string, unknown> {
  const res = spawnSync(
    process.execPath,
    [resolve('bin/run-ts.js'), resolve('bench/detect-worker.ts'), ...args],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
      env: {
        ...process.env,
        PW_BENCH_DETECTORS: values.detectors,
        PW_BENCH_MEMORY_LIMIT: values['memory-limit'],
      },
    },
  )
  if (res.status !== 0) {
    throw new Error(`${args[0]} failed: ${res.stderr}`)
  }
  return JSON.parse(res.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>
}

if (!existsSync(join(scenario, 'events.ndjson'))) {
  const gen = spawnSync(
    process.execPath,
    [
      resolve('bin/partnerwatch.js'),
      'simulate',
      '--out',
      scenario,
      '--users',
      values.users,
      '--days',
      values.days,
      '--end',
      '2026-11-29T00:00:00Z',
    ],
    { stdio: 'inherit' },
  )
  if (gen.status !== 0) {
    throw new Error('simulate failed')
  }
}
let load: Record<string, unknown> = { reused: true }
if (!existsSync(basePath)) {
  rmSync(`${basePath}.wal`, { force: true })
  load = step(['load', basePath, scenario])
}
if (replicas > 1 && !values.db && !existsSync(dbPath)) {
  load = { base: load, replicate: step(['replicate', dbPath, basePath, String(replicas)]) }
}
const steps = values.steps.split(',')
const full = steps.includes('full') ? step(['full', dbPath, scenario]) : null
const incremental = steps.includes('incremental')
  ? step(['incremental', dbPath, scenario, '10000'])
  : null
process.stdout.write(
  `${JSON.stringify({ benchmark: 'detect', command: `node bin/run-ts.js bench/detect.ts ${process.argv.slice(2).join(' ')}`.trim(), load, full, incremental10k: incremental, goals: { full10MSeconds: 60, peakRssMb: 1024, incremental10MOver1M: 2 } })}\n`,
)
