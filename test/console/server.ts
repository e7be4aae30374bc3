// The console against a real API: test/api/fixture.ts's seeded DuckDB (acme, bolt; one token per
// role) plus what the console pages need — a travel finding with both places and its two sign-in
// events (raw JSON), an off-hours finding with a time zone, enough acme findings to page, and a brand
// colour for acme, a fresh directory sync (certification campaigns launch on it) — served with the
// built console, the certification and export routes on a loopback port.
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { certificationRoutes } from '../../api/routes/certification.js'
import { consoleRoutes, consoleSite, CONSOLE_DIST } from '../../api/routes/console.js'
import { exportsRoutes } from '../../api/routes/exports.js'
import { parseConfig } from '../../lib/config.js'
import { MARKER, NOW, seededApi, type SeededApi } from '../api/fixture.js'

export const CHROMIUM = '/usr/bin/chromium'
export const ACME_COLOR = '#0f766e'
/** Acme findings added beyond the fixture's, so the queue (25 a page) has more than one page. */
export const EXTRA_ACME = 30

const brandedConfig = parseConfig(
  {
    partners: [
      {
        id: 'acme',
        name: 'Acme Freight',
        match: { emailDomains: ['acme.example'] },
        timeZone: 'UTC',
        color: ACME_COLOR,
      },
      {
        id: 'bolt',
        name: `Bolt Couriers ${MARKER}`,
        match: { emailDomains: ['boltrow.example'] },
        timeZone: 'UTC',
      },
    ],
  },
  { env: {}, cwd: '/', source: 'test' },
)

const TRAVEL_DETAILS = {
  from: {
    uuid: 'ev-t1',
    at: '2026-11-28T06:00:00.000Z',
    city: 'Amsterdam',
    country: 'NL',
    lat: 52.37,
    lon: 4.9,
  },
  to: {
    uuid: 'ev-t2',
    at: '2026-11-28T08:00:00.000Z',
    city: 'Singapore',
    country: 'SG',
    lat: 1.29,
    lon: 103.85,
  },
  km: 10510,
  hours: 2,
  kmh: 5255,
  thresholdKmh: 1000,
}

const OFF_HOURS_DETAILS = {
  localTime: '03:12',
  timeZone: 'Asia/Tokyo',
  weekday: 'Sat',
  usualWindow: '08:00–18:00',
  probability: 0.002,
}

export interface ConsoleServer extends SeededApi {
  url: string
}

export async function startConsoleServer(dist: string = CONSOLE_DIST): Promise<ConsoleServer> {
  const api = await seededApi(
    {},
    {
      config: brandedConfig,
      routes: [consoleRoutes(), certificationRoutes, exportsRoutes],
      site: consoleSite(dist),
    },
  )
  const { db } = api
  // A directory sync as fresh as the fixture's users, so a certification campaign can launch.
  await db.run(`INSERT INTO directory_syncs (id, org, started_at, finished_at, status, users)
    VALUES (nextval('directory_syncs_seq'), 'hub', TIMESTAMPTZ '${NOW}', TIMESTAMPTZ '${NOW}', 'succeeded', 6)`)
  await db.run(`INSERT INTO events (ingest_seq, uuid, org, source, ingested_at, published, event_type,
      outcome_result, actor_id, actor_login, city, country, lat, lon, raw)
    SELECT 100 + row_number() OVER (), uuid, 'hub', 'test', TIMESTAMPTZ '${NOW}', published::TIMESTAMPTZ,
      'user.session.start', 'SUCCESS', 'u-acme-2', 'bob@acme.example', city, country, lat, lon,
      json_object('uuid', uuid, 'eventType', 'user.session.start', 'client',
        json_object('geographicalContext', json_object('city', city, 'country', country)))::VARCHAR
    FROM (VALUES
      ('ev-t1', '2026-11-28T06:00:00Z', 'Amsterdam', 'NL', 52.37, 4.9),
      ('ev-t2', '2026-11-28T08:00:00Z', 'Singapore', 'SG', 1.29, 103.85),
      ('ev-o1', '2026-11-27T18:12:00Z', 'Tokyo', 'JP', 35.68, 139.69),
      ('ev-o2', '2026-11-26T01:00:00Z', 'Tokyo', 'JP', 35.68, 139.69),
      ('ev-o3', '2026-11-25T01:30:00Z', 'Tokyo', 'JP', 35.68, 139.69)
    ) t(uuid, published, city, country, lat, lon)`)
  await db.run(
    `INSERT INTO findings (id, finding_seq, detector, severity, score, org, partner_id, user_id,
      user_login, occurred_at, event_ids, summary, details, created_at)
    VALUES
      ('f-travel', nextval('findings_seq'), 'impossible-travel', 'critical', 97, 'hub', 'acme', 'u-acme-2',
       'bob@acme.example', TIMESTAMPTZ '2026-11-29T08:00:00Z', ['ev-t1', 'ev-t2'],
       'Bob: Amsterdam to Singapore in 2 h', $travel, TIMESTAMPTZ '${NOW}'),
      ('f-night', nextval('findings_seq'), 'off-hours', 'medium', 50, 'hub', 'acme', 'u-acme-2',
       'bob@acme.example', TIMESTAMPTZ '2026-11-27T18:12:00Z', ['ev-o1'],
       'Bob signed in at 03:12 Tokyo time', $night, TIMESTAMPTZ '${NOW}')`,
    { travel: JSON.stringify(TRAVEL_DETAILS), night: JSON.stringify(OFF_HOURS_DETAILS) },
  )
  await db.run(
    `INSERT INTO findings (id, finding_seq, detector, severity, score, org, partner_id, user_id,
      user_login, occurred_at, event_ids, summary, details, created_at)
    SELECT 'f-page-' || i, nextval('findings_seq'), 'new-device', 'low', 15, 'hub', 'acme', 'u-acme-3',
      'cat@acme.example', TIMESTAMPTZ '2026-10-01' + to_hours(i), ['ev-a1'], 'Cat on device ' || i, '{}',
      TIMESTAMPTZ '${NOW}'
    FROM range(1, $n + 1) r(i)`,
    { n: EXTRA_ACME },
  )
  const url = await api.app.listen({ host: '127.0.0.1', port: 0 })
  return { ...api, url }
}

/**
 * Builds console/dist when it is missing or older than any source file (a few seconds). Test files
 * run in parallel, so one builds while the others wait on the lock directory.
 */
export async function ensureConsoleBuilt(): Promise<void> {
  const root = resolve(CONSOLE_DIST, '..')
  const lock = join(root, '.build-lock')
  for (let waited = 0; !fresh(root); waited += 200) {
    try {
      mkdirSync(lock)
    } catch {
      if (waited > 60_000) {
        throw new Error(`console build lock ${lock} held for a minute; remove it if no build runs`)
      }
      await new Promise((r) => setTimeout(r, 200))
      continue
    }
    try {
      await promisify(execFile)(process.execPath, [
        resolve('node_modules/vite/bin/vite.js'),
        'build',
        '--config',
        join(root, 'vite.config.ts'),
        '--logLevel',
        'warn',
      ])
    } finally {
      rmSync(lock, { recursive: true, force: true })
    }
  }
}

function fresh(root: string): boolean {
  const index = join(CONSOLE_DIST, 'index.html')
  const sources = [
    join(root, 'index.html'),
    join(root, 'vite.config.ts'),
    ...files(join(root, 'src')),
  ]
  const newest = Math.max(...sources.map((f) => statSync(f).mtimeMs))
  return existsSync(index) && statSync(index).mtimeMs >= newest
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  )
}
