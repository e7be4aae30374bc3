// Benchmark: ingest speed and memory.
// (a) the System Log through the SDK path into DuckDB, from the simulated org in a separate process,
//     against plain fetch + JSON.parse of the same pages in the same run;
// (b) `import` of an NDJSON file against DuckDB's own reader filling the same table and columns.
// Each measured run is its own process (bench/ingest-worker.ts), so each peak RSS is its own.
// Run: node bin/run-ts.js bench/ingest.ts [--users N] [--days N] [--only api|import] [--repeat N]
//   (defaults: about 1M events, both parts, one run of each). With --repeat N each pair of runs
//   (reference, ours) is made N times, interleaved, and the ratio is that of the medians, with each
//   pair's own ratio beside it: on these machines one plain-fetch run varied from 9k to 13.6k
//   events/s, so one pair decides little. The (a) runs start after one uncounted fetch that warms
//   the simulated org up.
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
    repeat: { type: 'string', default: '1' },
  },
})
const repeat = Number(values.repeat)
if (!Number.isInteger(repeat) || repeat < 1) {
  throw new Error(`--repeat must be a whole number of runs, at least 1, not ${values.repeat}`)
}
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
    command: `node bin/run-ts.js bench/ingest.ts --users ${users} --days ${days}${only ? ` --only ${only}` : ''}${repeat > 1 ? ` --repeat ${repeat}` : ''}`,
    eventsFileMb: Math.round(statSync(file).size / 1024 / 1024),
    loadAverage: { start: round1(loadAtStart), end: round1(loadavg()[0] ?? 0) },
    api: api && {
      plainFetch: median(api.fetchRuns),
      // The SDK page path without storing: what (a) would be if storing were free.
      sdkFetchOnly: median(api.sdkFetchRuns),
      sdkFetchOnlyRatio: ratio(api.sdkFetchRuns, api.fetchRuns),
      sdkToDuckdb: median(api.sdkRuns),
      ratio: ratio(api.sdkRuns, api.fetchRuns),
      pairRatios: pairRatios(api.sdkRuns, api.fetchRuns),
      goal: 0.6,
    },
    import: imports && {
      duckdbReadJson: median(imports.duckRuns),
      partnerwatchImport: median(imports.importRuns),
      ratio: ratio(imports.importRuns, imports.duckRuns),
      pairRatios: pairRatios(imports.importRuns, imports.duckRuns),
      goal: 0.5,
    },
    rssGoalMb: 512,
    // The largest peak RSS of our runs (each run is its own process).
    peakRssMb: Math.max(
      ...[...(api?.sdkRuns ?? []), ...(imports?.importRuns ?? [])].map((r) => r.peakRssMb),
    ),
  })}\n`,
)

/** The run of median speed (the lower middle one of an even count), with every run's speed. */
function median(runs: Run[]): Run & { runsEventsPerSecond?: number[] } {
  const sorted = [...runs].sort((a, b) => a.eventsPerSecond - b.eventsPerSecond)
  const mid = sorted[Math.floor((sorted.length - 1) / 2)] as Run
  return runs.length > 1 ? { ...mid, runsEventsPerSecond: runs.map((r) => r.eventsPerSecond) } : mid
}

function ratio(ours: Run[], reference: Run[]): number {
  return Number((median(ours).eventsPerSecond / median(reference).eventsPerSecond).toFixed(2))
}

function pairRatios(ours: Run[], reference: Run[]): number[] {
  return ours.map((r, i) =>
    Number((r.eventsPerSecond / (reference[i]?.eventsPerSecond ?? NaN)).toFixed(2)),
  )
}

function round1(n: number): number {
  return Math.round(n * 10) / 10
}

/** (a) API path: the simulated org in its own process, budgets high enough not to be the bottleneck. */
async function apiRuns(): Promise<{ fetchRuns: Run[]; sdkFetchRuns: Run[]; sdkRuns: Run[] }> {
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
    worker(['fetch', url, 'sim-token', since])
    const runs = { fetchRuns: [] as Run[], sdkFetchRuns: [] as Run[], sdkRuns: [] as Run[] }
    for (let i = 0; i < repeat; i++) {
      runs.fetchRuns.push(worker(['fetch', url, 'sim-token', since]))
      runs.sdkFetchRuns.push(worker(['sdk-fetch', url, 'sim-token', since]))
      runs.sdkRuns.push(worker(['sdk', url, 'sim-token', since, freshDb('sdk')]))
    }
    return runs
  } finally {
    sim.kill('SIGTERM')
  }
}

/** (b) file import against DuckDB's own reader. */
function importRuns(): { duckRuns: Run[]; importRuns: Run[] } {
  const runs = { duckRuns: [] as Run[], importRuns: [] as Run[] }
  for (let i = 0; i < repeat; i++) {
    runs.duckRuns.push(worker(['duckdb', file, freshDb('duckdb')]))
    runs.importRuns.push(worker(['import', file, freshDb('import')]))
  }
  return runs
}
