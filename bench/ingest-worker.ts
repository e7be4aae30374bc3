// One measured run for bench/ingest.ts, in its own process so its peak RSS is its own.
// Modes: fetch URL TOKEN SINCE | sdk URL TOKEN SINCE DB | sdk-fetch URL TOKEN SINCE | import FILE DB |
// duckdb FILE DB. `sdk-fetch` is the SDK page path without storing (client, pacing executor, exact
// element split, read-ahead): it splits (a) into what fetching costs and what storing costs.
import { openDatabase, type Database } from '../lib/db.js'
import { systemClock } from '../lib/clock.js'
import { ingestOrg } from '../ingest/org-ingest.js'
import { importFiles } from '../ingest/import-files.js'
import { fetchLogPage, nextLink } from '../ingest/log-page.js'
import { createOktaClient } from '../ingest/okta-client.js'
import { PacingExecutor } from '../ingest/pacing-executor.js'
import { PageReader } from '../ingest/page-reader.js'
import {
  PAGE_LIMIT,
  PAGES_PER_BATCH,
  READ_AHEAD_BYTES,
  READ_AHEAD_PAGES,
} from '../ingest/log-pull.js'
import { RAW_BYTES_PER_BATCH } from '../ingest/batch-bounds.js'
import { EVENT_COLUMNS, EVENT_SHAPE_JSON } from '../ingest/event-shape.js'
import { UUID_HASH_SQL } from '../lib/migrations/007-events-dedupe-hash.js'
import { INGEST_MEMORY_LIMIT, ingestProcessSettings } from '../ingest/process-settings.js'

const cols = EVENT_COLUMNS.map(([c]) => c).join(', ')
const exprs = EVENT_COLUMNS.map(([, e]) => e).join(', ')

const [mode = '', ...args] = process.argv.slice(2)
const started = performance.now()
const cpuStarted = process.cpuUsage()
let events = 0
// Where the memory goes: the JS heap and buffers outside it, sampled (RSS peak is the kernel's), and
// DuckDB's own accounting just before the database is closed (the close checkpoints, so after it is 0).
const peak = { heapMb: 0, externalMb: 0 }
const sampler = setInterval(() => {
  const m = process.memoryUsage()
  peak.heapMb = Math.max(peak.heapMb, m.heapUsed / 1048576)
  peak.externalMb = Math.max(peak.externalMb, (m.external + m.arrayBuffers) / 1048576)
}, 100)
let duckdbMb: number | undefined
let rssBeforeCloseMb: number | undefined
async function beforeClose(db: Database): Promise<void> {
  const row = await db.one<{ mb: number }>(
    'SELECT (sum(memory_usage_bytes) / 1048576)::DOUBLE AS mb FROM duckdb_memory()',
  )
  duckdbMb = Math.round(row?.mb ?? 0)
  rssBeforeCloseMb = Math.round(process.resourceUsage().maxRSS / 1024)
}

if (mode === 'fetch') {
  const [url = '', token = '', since = ''] = args
  let next: string | undefined =
    `${url}/api/v1/logs?limit=1000&sortOrder=ASCENDING&since=${encodeURIComponent(since)}`
  while (next) {
    const res: Response = await fetch(next, {
      headers: { Authorization: `SSWS ${token}`, Accept: 'application/json' },
    })
    const page = JSON.parse(await res.text()) as unknown[]
    events += page.length
    next = page.length < 1000 ? undefined : nextLink(res.headers.get('link'))
  }
} else if (mode === 'sdk-fetch') {
  const [url = '', token = '', since = ''] = args
  const executor = new PacingExecutor({ share: 0.5, maxRetries: 3, requestTimeoutMs: 60_000 })
  const client = createOktaClient(
    { name: 'bench', url, role: 'hub', credentials: { kind: 'ssws', token } },
    { requestExecutor: executor },
  )
  const reader = new PageReader({
    fetchPage: (u) => fetchLogPage(client, u, 'bench'),
    firstUrl: `${url}/api/v1/logs?limit=${PAGE_LIMIT}&sortOrder=ASCENDING&since=${encodeURIComponent(since)}`,
    limit: PAGE_LIMIT,
    ahead: READ_AHEAD_PAGES,
    aheadBytes: READ_AHEAD_BYTES,
  })
  for (;;) {
    const pages = await reader.take(PAGES_PER_BATCH, RAW_BYTES_PER_BATCH)
    if (pages.length === 0) {
      break
    }
    events += pages.reduce((n, p) => n + p.events.length, 0)
  }
} else if (mode === 'sdk') {
  const [url = '', token = '', since = '', dbPath = ''] = args
  const db = await openDatabase({ path: dbPath, settings: settingsFor(mode) })
  const result = await ingestOrg({
    db,
    clock: systemClock,
    config: {
      ingest: {
        pollIntervalSeconds: 30,
        rateLimitShare: 0.5,
        sinceDays: 7,
        directorySyncMinutes: 60,
        requestTimeoutMs: 60_000,
        maxRetries: 3,
      },
    },
    org: { name: 'bench', url, role: 'hub', credentials: { kind: 'ssws', token } },
    mode: {
      kind: 'poll',
      once: true,
      pollIntervalMs: 1000,
      bootstrapDays: 7,
      since: new Date(since),
    },
  })
  if (result.error) {
    throw result.error
  }
  events = result.summary?.stored ?? 0
  await beforeClose(db)
  db.closeSync()
} else if (mode === 'import') {
  const [file = '', dbPath = ''] = args
  const db = await openDatabase({ path: dbPath, settings: settingsFor(mode) })
  // As \`partnerwatch import\` runs it, in a process of its own.
  const summary = await importFiles({
    db,
    clock: systemClock,
    files: [file],
    org: 'bench',
    rowGroupTransactions: true,
  })
  events = summary.stored
  await beforeClose(db)
  db.closeSync()
} else if (mode === 'duckdb') {
  // The reference: DuckDB reading the same file itself into the same table and columns (raw and
  // uuid_hash included), in one statement, with no checks.
  const [file = '', dbPath = ''] = args
  const db = await openDatabase({ path: dbPath, settings: settingsFor(mode) })
  events = await db.changes(
    `INSERT INTO events (ingest_seq, uuid, org, source, ingested_at, ${cols}, raw, uuid_hash)
     SELECT nextval('events_seq'), j.uuid, $org, 'duckdb', now(), ${exprs}, raw, ${UUID_HASH_SQL('j.uuid')}
     FROM (SELECT json::VARCHAR AS raw, json_transform(json, '${EVENT_SHAPE_JSON}') AS j
           FROM read_json_objects($file, format = 'newline_delimited'))`,
    { file, org: 'bench' },
  )
  await beforeClose(db)
  db.closeSync()
} else {
  throw new Error(`unknown mode ${mode}`)
}

const seconds = (performance.now() - started) / 1000
clearInterval(sampler)
const cpu = process.cpuUsage(cpuStarted)
process.stdout.write(
  `${JSON.stringify({
    mode,
    events,
    seconds: Number(seconds.toFixed(2)),
    eventsPerSecond: Math.round(events / seconds),
    // CPU of every thread of this process (DuckDB's included): less noisy than seconds on a busy machine.
    cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(1)),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    settings: settingsFor(mode),
    memory: {
      rssBeforeCloseMb,
      duckdbBeforeCloseMb: duckdbMb,
      peakJsHeapMb: Math.round(peak.heapMb),
      peakExternalMb: Math.round(peak.externalMb),
    },
  })}\n`,
)

/**
 * The settings `partnerwatch ingest` and `import` run with (ingest/process-settings.ts) for the
 * `sdk` and `import` runs; DuckDB's own reader keeps the database's defaults. Then any DuckDB settings
 * to try, e.g. `PW_BENCH_SETTINGS='{"memory_limit":"256MB"}'`, for every run.
 */
function settingsFor(run: string): Record<string, string> {
  const own = run === 'sdk' || run === 'import' ? ingestProcessSettings(INGEST_MEMORY_LIMIT) : {}
  return {
    ...own,
    ...(JSON.parse(process.env.PW_BENCH_SETTINGS ?? '{}') as Record<string, string>),
  }
}
