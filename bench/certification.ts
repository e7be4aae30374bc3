// Benchmark: a certification campaign over a synthetic snapshot of --users partner users with 4 app
// assignments (one through a group) and 2 group memberships each (~7 items per user: 100k items at
// the default 14300 users): launch time, then each bundle format's time, size and the process's
// peak RSS / heap while writing (sampled every 20 ms), to show the bundle streams.
// Run: node bin/run-ts.js bench/certification.ts [--users N]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { fixedClock } from '../lib/clock.js'
import { openDatabase } from '../lib/db.js'
import { parseConfig } from '../lib/config.js'
import { writeBundle } from '../reports/certification/bundle.js'
import { createCampaign, launchCampaign } from '../reports/certification/campaigns.js'
import type { CertContext } from '../reports/certification/types.js'

const { values } = parseArgs({ options: { users: { type: 'string', default: '14300' } } })
const users = Number(values.users)
const now = new Date('2026-12-15T12:00:00Z')
const dir = mkdtempSync(join(tmpdir(), 'pw-bench-cert-'))
const db = await openDatabase({ path: join(dir, 'bench.duckdb') })

const snap = `'hub', 1, TIMESTAMPTZ '2026-12-15 11:00:00+00'`
await db.run(
  `INSERT INTO directory_syncs (id, org, started_at, finished_at, status) VALUES (1, 'hub', TIMESTAMPTZ '2026-12-15 11:00:00+00', TIMESTAMPTZ '2026-12-15 11:01:00+00', 'succeeded')`,
)
await db.run(`INSERT INTO dir_users (id, org, sync_id, synced_at, status, login, email, first_name, last_name,
    created, last_login, profile, partner_id, partner_rule, looks_external, jit, contract_end)
  SELECT 'u' || i, ${snap}, CASE WHEN i % 50 = 0 THEN 'DEPROVISIONED' ELSE 'ACTIVE' END,
    'user' || i || '@p' || (i % 10) || '.example', 'user' || i || '@p' || (i % 10) || '.example',
    CASE WHEN i % 97 = 0 THEN '=cmd' ELSE 'First' || i END, 'Last, ' || i,
    TIMESTAMPTZ '2025-01-01 00:00:00+00', TIMESTAMPTZ '2026-12-01 00:00:00+00' - to_days((i % 200)::INTEGER),
    '{"sponsor":"boss@corp.example"}', 'p' || (i % 10), 'email-domain', true, false,
    DATE '2026-06-30' + (i % 400)::INTEGER
  FROM range(${users}) t(i)`)
await db.run(`INSERT INTO dir_groups (id, org, sync_id, synced_at, name, type, profile)
  SELECT 'g' || i, ${snap}, 'Group ' || i, 'OKTA_GROUP', '{}' FROM range(20) t(i)`)
await db.run(`INSERT INTO dir_apps (id, org, sync_id, synced_at, name, label, status)
  SELECT 'a' || i, ${snap}, 'app' || i, 'App ' || i, 'ACTIVE' FROM range(8) t(i)`)
await db.run(`INSERT INTO dir_group_members (group_id, user_id, org, sync_id, synced_at)
  SELECT 'g' || ((i + k) % 20), 'u' || i, ${snap} FROM range(${users}) t(i), range(2) s(k)`)
await db.run(`INSERT INTO dir_app_users (app_id, user_id, org, sync_id, synced_at, scope, group_id)
  SELECT 'a' || ((i + k) % 8), 'u' || i, ${snap}, CASE WHEN k = 0 THEN 'GROUP' ELSE 'USER' END,
    CASE WHEN k = 0 THEN 'g' || (i % 20) END
  FROM range(${users}) t(i), range(4) s(k)`)

const config = parseConfig(
  {
    partners: Array.from({ length: 10 }, (_, i) => ({
      id: `p${i}`,
      name: `P${i}`,
      timeZone: 'UTC',
      match: { emailDomains: [`p${i}.example`] },
    })),
  },
  { env: {}, cwd: '/', source: 'bench' },
)
const ctx: CertContext = {
  db,
  partners: config.partners,
  settings: config.certification,
  clock: fixedClock(now),
}
const c = await createCampaign(ctx, { period: '2026-Q4' }, 'owner@corp.example')
let t = performance.now()
const launched = await launchCampaign(ctx, { campaignId: c.id }, 'owner@corp.example')
const launchMs = Math.round(performance.now() - t)

const result: Record<string, unknown> = {
  users,
  items: launched.itemCount,
  exclusions: launched.exclusionCount,
  launchMs,
}
for (const format of ['csv', 'json', 'xlsx'] as const) {
  global.gc?.()
  const base = process.memoryUsage()
  let peakRss = base.rss
  let peakHeap = base.heapUsed
  const timer = setInterval(() => {
    const m = process.memoryUsage()
    peakRss = Math.max(peakRss, m.rss)
    peakHeap = Math.max(peakHeap, m.heapUsed)
  }, 20)
  t = performance.now()
  const bundle = await writeBundle(ctx, { campaignId: c.id, format }, 'auditor', join(dir, format))
  clearInterval(timer)
  result[format] = {
    ms: Math.round(performance.now() - t),
    itemsBytes: bundle.files.find((f) => f.name === `items.${format}`)?.bytes,
    rssBeforeMB: Math.round(base.rss / 2 ** 20),
    peakRssMB: Math.round(peakRss / 2 ** 20),
    heapBeforeMB: Math.round(base.heapUsed / 2 ** 20),
    peakHeapMB: Math.round(peakHeap / 2 ** 20),
  }
}
db.closeSync()
rmSync(dir, { recursive: true, force: true })
process.stdout.write(`${JSON.stringify(result)}\n`)
