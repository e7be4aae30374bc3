// What an export through `serve` costs: the API on the export benchmark's store, with the service's
// own database settings (the 512 MB pool the exports share with every other route), paged by a SIEM
// client over HTTP (1000 records a page, the API's largest, following the Link header). Prints the
// server process's RSS and DuckDB's pool as the pages go by. Client and server share the process (the
// client only counts bytes).
// Run: node bin/run-ts.js bench/export-serve.ts [--format ocsf] [--pages 300] [--db FILE]
// The store is bench/out/export-1m.duckdb (made by bench/export.ts); run that first.
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { loadavg } from 'node:os'
import { buildApp } from '../api/app.js'
import { createToken } from '../api/auth/tokens.js'
import { exportsRoutes } from '../api/routes/exports.js'
import { systemClock } from '../lib/clock.js'
import { parseConfig } from '../lib/config.js'
import { openDatabase } from '../lib/db.js'

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: resolve('bench/out/export-1m.duckdb') },
    format: { type: 'string', default: 'ocsf' },
    pages: { type: 'string', default: '300' },
  },
})
const dbPath = resolve(values.db)
if (!existsSync(dbPath)) {
  throw new Error(`${dbPath} is missing: run node bin/run-ts.js bench/export.ts first`)
}
const pages = Number(values.pages)
const mb = (bytes: number): number => Math.round(bytes / 1e6)
/** As `maxRSS` (KiB) / 1024 and bench/export.ts report it. */
const mib = (bytes: number): number => Math.round(bytes / 2 ** 20)

const config = parseConfig(
  { server: { rateLimitPerMinute: 10_000_000 } },
  { env: {}, cwd: process.cwd(), source: 'bench' },
)
// As serve opens it: the configuration's pool (512MB by default).
const db = await openDatabase({
  path: dbPath,
  settings: { memory_limit: config.databaseMemoryLimit },
})
const { token } = await createToken(db, { role: 'siem' }, { clock: systemClock, partnerIds: [] })
const app = await buildApp({ db, config, routes: [exportsRoutes] })
const base = await app.listen({ port: 0, host: '127.0.0.1' })

async function duckdbMb(): Promise<number> {
  const rows = await db.all<{ b: number }>(
    'SELECT sum(memory_usage_bytes)::DOUBLE AS b FROM duckdb_memory()',
  )
  return mb(rows[0]?.b ?? 0)
}

const samples: { page: number; rssMb: number; heapUsedMb: number; duckdbMb: number }[] = []
const sample = async (page: number): Promise<void> => {
  const m = process.memoryUsage()
  samples.push({ page, rssMb: mib(m.rss), heapUsedMb: mb(m.heapUsed), duckdbMb: await duckdbMb() })
}
await sample(0)
let url = `${base}/api/v1/exports/events?format=${values.format}&limit=1000`
let bytes = 0
let records = 0
const started = performance.now()
try {
  for (let page = 1; page <= pages; page += 1) {
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
    if (res.status !== 200) {
      throw new Error(`page ${page}: HTTP ${res.status} ${await res.text()}`)
    }
    const body = new Uint8Array(await res.arrayBuffer())
    bytes += body.byteLength
    records += Number(res.headers.get('x-record-count') ?? 0)
    const next = /^<([^>]+)>; rel="next"$/.exec(res.headers.get('link') ?? '')?.[1]
    if (next === undefined) {
      throw new Error(`page ${page}: no Link header`)
    }
    url = new URL(next, base).href
    if (page % Math.max(1, Math.floor(pages / 10)) === 0 || page === pages) {
      await sample(page)
    }
  }
} finally {
  await app.close()
  db.closeSync()
}
const seconds = (performance.now() - started) / 1000
process.stdout.write(
  `${JSON.stringify({
    benchmark: 'export-serve',
    command: `node bin/run-ts.js bench/export-serve.ts --format ${values.format} --pages ${pages}`,
    pool: config.databaseMemoryLimit,
    pages,
    records,
    mb: mb(bytes),
    seconds: Math.round(seconds * 100) / 100,
    msPerPage: Math.round((seconds * 1000) / pages),
    rssAtStartMb: samples[0]?.rssMb,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    samples,
    loadAverage: loadavg().map((n) => Math.round(n * 100) / 100),
  })}\n`,
)
