// One measured run for bench/ingest.ts, in its own process so its peak RSS is its own.
// Modes: fetch URL TOKEN SINCE | sdk URL TOKEN SINCE DB | import FILE DB | duckdb FILE DB
import { openDatabase } from '../lib/db.js'
import { systemClock } from '../lib/clock.js'
import { ingestOrg } from '../ingest/org-ingest.js'
import { importFiles } from '../ingest/import-files.js'
import { nextLink } from '../ingest/log-page.js'
import { EVENT_COLUMNS, EVENT_SHAPE_JSON } from '../ingest/event-shape.js'
import { UUID_HASH_SQL } from '../lib/migrations/007-events-dedupe-hash.js'

const cols = EVENT_COLUMNS.map(([c]) => c).join(', ')
const exprs = EVENT_COLUMNS.map(([, e]) => e).join(', ')

const [mode = '', ...args] = process.argv.slice(2)
const started = performance.now()
let events = 0

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
} else if (mode === 'sdk') {
  const [url = '', token = '', since = '', dbPath = ''] = args
  const db = await openDatabase({ path: dbPath, settings: benchSettings() })
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
  db.closeSync()
} else if (mode === 'import') {
  const [file = '', dbPath = ''] = args
  const db = await openDatabase({ path: dbPath, settings: benchSettings() })
  const summary = await importFiles({ db, clock: systemClock, files: [file], org: 'bench' })
  events = summary.stored
  db.closeSync()
} else if (mode === 'duckdb') {
  // The reference: DuckDB reading the same file itself into the same table and columns (raw and
  // uuid_hash included), in one statement, with no checks.
  const [file = '', dbPath = ''] = args
  const db = await openDatabase({ path: dbPath, settings: benchSettings() })
  events = await db.changes(
    `INSERT INTO events (ingest_seq, uuid, org, source, ingested_at, ${cols}, raw, uuid_hash)
     SELECT nextval('events_seq'), j.uuid, $org, 'duckdb', now(), ${exprs}, raw, ${UUID_HASH_SQL('j.uuid')}
     FROM (SELECT json::VARCHAR AS raw, json_transform(json, '${EVENT_SHAPE_JSON}') AS j
           FROM read_json_objects($file, format = 'newline_delimited'))`,
    { file, org: 'bench' },
  )
  db.closeSync()
} else {
  throw new Error(`unknown mode ${mode}`)
}

const seconds = (performance.now() - started) / 1000
process.stdout.write(
  `${JSON.stringify({ mode, events, seconds: Number(seconds.toFixed(2)), eventsPerSecond: Math.round(events / seconds), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
)

/** DuckDB settings to try, e.g. `PW_BENCH_SETTINGS='{"memory_limit":"128MB"}'`; none by default. */
function benchSettings(): Record<string, string> {
  return JSON.parse(process.env.PW_BENCH_SETTINGS ?? '{}') as Record<string, string>
}
