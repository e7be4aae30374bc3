// The API under load for bench/api.ts, in its own process: opens (and on first use fills) a store of
// findings, creates an analyst token, listens on a free port and prints { url, token } as one line.
// Run: node bin/run-ts.js bench/api-server.ts DB FINDINGS PARTNERS CACHE_MS
import { buildApp } from '../api/app.js'
import { createToken } from '../api/auth/tokens.js'
import { systemClock } from '../lib/clock.js'
import { parseConfig } from '../lib/config.js'
import { openDatabase } from '../lib/db.js'

const [
  dbPath = 'bench/out/api.duckdb',
  findingsArg = '1000000',
  partnersArg = '20',
  cacheArg = '1000',
] = process.argv.slice(2)
const findings = Number(findingsArg)
const partners = Number(partnersArg)
const partnerIds = Array.from(
  { length: partners },
  (_, i) => `partner-${String(i).padStart(2, '0')}`,
)

const db = await openDatabase({ path: dbPath })
const stored = await db.one<{ n: bigint }>('SELECT count(*) AS n FROM findings')
let seedMs = 0
if (Number(stored?.n ?? 0n) < findings) {
  const started = Date.now()
  // Time order, partners interleaved, as detectors write them: about one finding every 25 s for 290 days.
  await db.run(
    `INSERT INTO findings (id, finding_seq, detector, severity, score, org, partner_id, user_id, user_login,
       occurred_at, event_ids, summary, details, created_at)
     SELECT 'f' || lpad(i::VARCHAR, 8, '0'), nextval('findings_seq'),
       ['impossible-travel', 'off-hours', 'new-country', 'new-device', 'mfa-fatigue'][1 + i % 5],
       ['low', 'medium', 'high', 'critical'][1 + (i // 7) % 4], (i * 37) % 101, 'hub',
       'partner-' || lpad((i % $partners)::VARCHAR, 2, '0'), 'u' || (i % 50000), 'user' || (i % 50000) || '@p.example',
       TIMESTAMPTZ '2026-02-01' + to_seconds(i * 25), ['ev' || i, 'ev' || (i + 1)],
       'sign-in from an unusual place ' || i,
       json_object('km', i % 9000, 'speedKmh', 900 + i % 3000, 'thresholdKmh', 900), TIMESTAMPTZ '2026-11-29'
     FROM generate_series(1, $n) g(i)`,
    { n: findings, partners },
  )
  await db.run('CHECKPOINT')
  seedMs = Date.now() - started
}
const config = parseConfig(
  {
    partners: partnerIds.map((id) => ({
      id,
      name: id,
      match: { emailDomains: [`${id}.example`] },
      timeZone: 'UTC',
    })),
    server: { rateLimitPerMinute: 10_000_000 },
  },
  { env: {}, cwd: process.cwd(), source: 'bench' },
)
const { token } = await createToken(db, { role: 'analyst' }, { clock: systemClock, partnerIds })
const app = await buildApp({ db, config, settings: { listCacheMs: Number(cacheArg) } })
const url = await app.listen({ port: 0, host: '127.0.0.1' })
process.stdout.write(`${JSON.stringify({ url, token, seedMs })}\n`)
process.on('SIGTERM', () => {
  void app.close().then(() => {
    db.closeSync()
    process.exit(0)
  })
})
