// Benchmark: GET /api/v1/anomalies filtered by partner, 1M findings stored over 20 partners, 50
// connections (autocannon), against a real listening server in its own process. Three runs: one
// partner with the list cache (the dashboard case), every partner in turn with the cache, and one
// partner with the cache off (every request a DuckDB query). Goal: p99 < 50 ms.
// Run: node bin/run-ts.js bench/api.ts [--findings N] [--partners N] [--seconds N]
import { spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'

const { values } = parseArgs({
  options: {
    findings: { type: 'string', default: '1000000' },
    partners: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '10' },
  },
})
const out = resolve('bench/out')
mkdirSync(out, { recursive: true })
const dbPath = resolve(out, `api-${values.findings}-${values.partners}.duckdb`)
const partners = Number(values.partners)
const partnerIds = Array.from(
  { length: partners },
  (_, i) => `partner-${String(i).padStart(2, '0')}`,
)

async function withServer<T>(
  cacheMs: number,
  fn: (url: string, token: string, seedMs: number) => Promise<T>,
): Promise<T> {
  const child = spawn(
    process.execPath,
    [
      resolve('bin/run-ts.js'),
      resolve('bench/api-server.ts'),
      dbPath,
      values.findings,
      values.partners,
      String(cacheMs),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  try {
    const lines = createInterface({ input: child.stdout })
    const first = await new Promise<string>((done, fail) => {
      lines.once('line', done)
      child.once('exit', (code) => fail(new Error(`api-server exited with ${code}`)))
    })
    const { url, token, seedMs } = JSON.parse(first) as {
      url: string
      token: string
      seedMs: number
    }
    return await fn(url, token, seedMs)
  } finally {
    child.kill('SIGTERM')
    await exited
  }
}

async function load(name: string, url: string, token: string, paths: string[]) {
  const result = await autocannon({
    url,
    connections: 50,
    duration: Number(values.seconds),
    headers: { authorization: `Bearer ${token}` },
    requests: paths.map((path) => ({ method: 'GET', path })),
  })
  return {
    name,
    reqPerSec: Math.round(result.requests.average),
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    requests: result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  }
}

const one = `/api/v1/anomalies?partner=${partnerIds[7] ?? 'partner-00'}`
const every = partnerIds.map((id) => `/api/v1/anomalies?partner=${id}`)
const loadBefore = loadavg()[0]
let seedMs = 0
const cached = await withServer(1000, async (url, token, seeded) => {
  seedMs = seeded
  // One request first, so the first figures do not include DuckDB's first read of the file.
  await fetch(`${url}${one}`, { headers: { authorization: `Bearer ${token}` } })
  return [
    await load('one partner, list cache on', url, token, [one]),
    await load('20 partners in turn, list cache on', url, token, every),
  ]
})
const uncached = await withServer(0, async (url, token) => {
  await fetch(`${url}${one}`, { headers: { authorization: `Bearer ${token}` } })
  return load('one partner, list cache off (a DuckDB query per request)', url, token, [one])
})
const runs = [...cached, uncached]
process.stdout.write(
  `${JSON.stringify({
    benchmark: 'api',
    command: `node bin/run-ts.js bench/api.ts --findings ${values.findings} --partners ${values.partners} --seconds ${values.seconds}`,
    findings: Number(values.findings),
    partners,
    connections: 50,
    seedMs,
    // The machine is shared: the 1-minute load average before and after says how much of it was ours.
    machine: { cpus: cpus().length, loadAvg1mBefore: loadBefore, loadAvg1mAfter: loadavg()[0] },
    runs,
    goal: { p99Ms: 50 },
    met: runs.map((r) => ({ name: r.name, p99Under50Ms: r.latencyMs.p99 < 50 })),
  })}\n`,
)
