// Benchmark: ingest speed and memory.
// (a) the System Log through the SDK path into DuckDB, from the simulated org in a separate process,
//     against plain fetch + JSON.parse of the same pages in the same run;
// (b) `import` of an NDJSON file against DuckDB's own reader filling the same table and columns.
// Each measured run is its own process (bench/ingest-worker.ts), so each peak RSS is its own.
// Run: node bin/run-ts.js bench/ingest.ts [--users N] [--days N] [--only api|import]
//   (defaults: about 1M events, both parts)
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '2750' },
    days: { type: 'string', default: '60' },
    only: { type: 'string' },
  },
})
const users = Number(values.users)
const days = Number(values.days)
const only = values.only
if (only !== undefined && only !== 'api' && only !== 'import') {
  throw new Error(`--only must be api or import, not ${only}`)
}
const loadAtStart = loadavg()[0] ?? 0
const end = '2026-11-29T00:00:00Z'
const out = resolve('bench/out')
const scenario = join(out, `scenario-${users}-${days}`)
const bin = resolve('bin/partnerwatch.js')
const runTs = resolve('bin/run-ts.js')

mkdirSync(out, { recursive: true })
if (!existsSync(join(scenario, 'events.ndjson'))) {
  const gen = spawnSync(
    process.execPath,
    [
      bin,
      'simulate',
      '--out',
      scenario,
      '--users',
      String(users),
      '--days',
      String(days),
      '--end',
      end,
    ],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  )
  if (gen.status !== 0) {
    throw new Error('simulate failed')
  }
}
interface Run {
  mode: string
  events: number
  seconds: number
  eventsPerSecond: number
  cpuSeconds: number
  peakRssMb: number
  memory: Record<string, number | undefined>
}

function worker(args: string[]): Run {
  const res = spawnSync(process.execPath, [runTs, resolve('bench/ingest-worker.ts'), ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  })
  if (res.status !== 0) {
    throw new Error(`worker ${args[0]} failed: ${res.stderr}`)
  }
  return JSON.parse(res.stdout.trim().split('\n').at(-1) ?? '{}') as Run
}

function freshDb(name: string): string {
  const path = join(out, `${name}.duckdb`)
  rmSync(path, { force: true })
  rmSync(`${path}.wal`, { force: true })
  return path
}

const api = only === 'import' ? undefined : await apiRuns()
const file = join(scenario, 'events.ndjson')
const imports = only === 'api' ? undefined : importRuns()

process.stdout.write(
  `${JSON.stringify({
    benchmark: 'ingest',
    command: `node bin/run-ts.js bench/ingest.ts --users ${users} --days ${days}${only ? ` --only ${only}` : ''}`,
    eventsFileMb: Math.round(statSync(file).size / 1024 / 1024),
    loadAverage: { start: round1(loadAtStart), end: round1(loadavg()[0] ?? 0) },
    api: api && {
      plainFetch: api.fetchRun,
      // The SDK page path without storing: what (a) would be if storing were free.
      sdkFetchOnly: api.sdkFetchRun,
      sdkFetchOnlyRatio: Number(
        (api.sdkFetchRun.eventsPerSecond / api.fetchRun.eventsPerSecond).toFixed(2),
      ),
      sdkToDuckdb: api.sdkRun,
      ratio: Number((api.sdkRun.eventsPerSecond / api.fetchRun.eventsPerSecond).toFixed(2)),
      goal: 0.6,
    },
    import: imports && {
      duckdbReadJson: imports.duckRun,
      partnerwatchImport: imports.importRun,
      ratio: Number(
        (imports.importRun.eventsPerSecond / imports.duckRun.eventsPerSecond).toFixed(2),
      ),
      goal: 0.5,
    },
    rssGoalMb: 512,
  })}\n`,
)

function round1(n: number): number {
  return Math.round(n * 10) / 10
}

/** (a) API path: the simulated org in its own process, budgets high enough not to be the bottleneck. */
async function apiRuns(): Promise<{ fetchRun: Run; sdkFetchRun: Run; sdkRun: Run }> {
  const sim = spawn(
    process.execPath,
    [
      bin,
      'okta-sim',
      '--scenario',
      scenario,
      '--port',
      '0',
      '--now',
      'scenario',
      '--rate-limit',
      'logs=1000000',
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  const url = await new Promise<string>((res, rej) => {
    let text = ''
    sim.stdout.on('data', (b: Buffer) => {
      text += b.toString()
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(text)
      if (m?.[1]) {
        res(m[1])
      }
    })
    sim.on('exit', (code) => rej(new Error(`okta-sim exited ${code}`)))
  })
  const since = new Date(Date.parse(end) - (days + 1) * 86_400_000).toISOString()
  try {
    const fetchRun = worker(['fetch', url, 'sim-token', since])
    const sdkFetchRun = worker(['sdk-fetch', url, 'sim-token', since])
    const sdkRun = worker(['sdk', url, 'sim-token', since, freshDb('sdk')])
    return { fetchRun, sdkFetchRun, sdkRun }
  } finally {
    sim.kill('SIGTERM')
  }
}

/** (b) file import against DuckDB's own reader. */
function importRuns(): { duckRun: Run; importRun: Run } {
  const duckRun = worker(['duckdb', file, freshDb('duckdb')])
  const importRun = worker(['import', file, freshDb('import')])
  return { duckRun, importRun }
}
