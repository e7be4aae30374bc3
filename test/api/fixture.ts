// A seeded API for tests: two partners (acme, bolt) with directory users, sign-in events and findings
// inserted with SQL into a real in-memory DuckDB, one token per role, and a revoked one. Everything of
// bolt carries the marker BOLTROW in its data (never in its ids), so a test can say "no row of bolt
// leaked" by looking for the marker in a response body.
import type { FastifyInstance } from 'fastify'
import { buildApp, type BuildAppOptions } from '../../api/app.js'
import { createToken, revokeToken } from '../../api/auth/tokens.js'
import type { Role } from '../../api/auth/roles.js'
import type { ApiSettings } from '../../api/context.js'
import { fixedClock } from '../../lib/clock.js'
import { parseConfig, type Config } from '../../lib/config.js'
import { openDatabase, type Database } from '../../lib/db.js'

export const NOW = '2026-11-29T12:00:00.000Z'
export const MARKER = 'BOLTROW'

export const testConfig: Readonly<Config> = parseConfig(
  {
    partners: [
      {
        id: 'acme',
        name: 'Acme Freight',
        match: { emailDomains: ['acme.example'] },
        timeZone: 'UTC',
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

export const TOKEN_NAMES = [
  'admin',
  'analyst',
  'auditor',
  'siem',
  'partner-admin',
  'bolt-admin',
  'revoked',
  'spare',
] as const
export type TokenName = (typeof TOKEN_NAMES)[number]

export interface SeededApi {
  app: FastifyInstance
  db: Database
  tokens: Record<TokenName, string>
  tokenIds: Record<TokenName, string>
  close(): Promise<void>
}

export async function seed(db: Database): Promise<void> {
  await db.run(`INSERT INTO dir_users (id, org, sync_id, synced_at, status, login, email, first_name, last_name,
      created, last_login, profile, partner_id, partner_rule, looks_external, jit)
    SELECT id, 'hub', 1, TIMESTAMPTZ '${NOW}', status, login, login, first, last, TIMESTAMPTZ '2025-01-01',
      TIMESTAMPTZ '2026-11-28', '{}', partner, 'emailDomain', true, false
    FROM (VALUES
      ('u-acme-1', 'ACTIVE', 'ann@acme.example', 'Ann', 'Acme', 'acme'),
      ('u-acme-2', 'ACTIVE', 'bob@acme.example', 'Bob', 'Acme', 'acme'),
      ('u-acme-3', 'SUSPENDED', 'cat@acme.example', 'Cat', 'Acme', 'acme'),
      ('u-bolt-1', 'ACTIVE', 'dan@boltrow.example', '${MARKER}', 'Dan', 'bolt'),
      ('u-bolt-2', 'DEPROVISIONED', 'eve@boltrow.example', '${MARKER}', 'Eve', 'bolt'),
      ('u-staff-1', 'ACTIVE', 'sam@corp.example', 'Sam', 'Staff', NULL)
    ) t(id, status, login, first, last, partner)`)
  await db.run(`INSERT INTO events (ingest_seq, uuid, org, source, ingested_at, published, event_type,
      outcome_result, actor_id, actor_login, client_ip, city, country, lat, lon, client_device, os, browser, raw)
    SELECT row_number() OVER (), uuid, 'hub', 'test', TIMESTAMPTZ '${NOW}', published::TIMESTAMPTZ,
      'user.session.start', outcome, actor, login, '198.51.100.7', city, country, 52.37, 4.9,
      'Computer', 'Mac OS X', 'CHROME', '{}'
    FROM (VALUES
      ('ev-a1', '2026-11-27T08:00:00Z', 'SUCCESS', 'u-acme-1', 'ann@acme.example', 'Amsterdam', 'NL'),
      ('ev-a2', '2026-11-28T08:00:00Z', 'FAILURE', 'u-acme-1', 'ann@acme.example', 'Lagos', 'NG'),
      ('ev-a3', '2026-11-28T09:00:00Z', 'SUCCESS', 'u-acme-1', 'ann@acme.example', 'Amsterdam', 'NL'),
      ('ev-b1', '2026-11-28T07:00:00Z', 'SUCCESS', 'u-bolt-1', 'dan@boltrow.example', '${MARKER}CITY', 'DE'),
      ('ev-b2', '2026-11-28T10:00:00Z', 'SUCCESS', 'u-bolt-1', 'dan@boltrow.example', '${MARKER}CITY', 'DE')
    ) t(uuid, published, outcome, actor, login, city, country)`)
  await db.run(`INSERT INTO ingest_cursors (org, next_url, pages, updated_at)
    VALUES ('hub', 'https://hub.example/api/v1/logs?after=x', 12, TIMESTAMPTZ '2026-11-29T11:59:00Z')`)
  await db.run(`INSERT INTO findings (id, finding_seq, detector, severity, score, org, partner_id, user_id,
      user_login, occurred_at, event_ids, summary, details, created_at)
    SELECT id, nextval('findings_seq'), detector, severity, score, 'hub', partner, usr, login,
      occurred::TIMESTAMPTZ, [ev], summary, '{"km": 4500, "thresholdKmh": 900}', TIMESTAMPTZ '${NOW}'
    FROM (VALUES
      ('f-acme-1', 'impossible-travel', 'high', 80, 'acme', 'u-acme-1', 'ann@acme.example', '2026-11-28T08:00:00Z', 'ev-a2', 'Ann: Amsterdam to Lagos'),
      ('f-acme-2', 'off-hours', 'low', 20, 'acme', 'u-acme-1', 'ann@acme.example', '2026-11-27T08:00:00Z', 'ev-a1', 'Ann at 3 am'),
      ('f-acme-3', 'off-hours', 'medium', 40, 'acme', 'u-acme-2', 'bob@acme.example', '2026-11-26T08:00:00Z', 'ev-a1', 'Bob at 2 am'),
      ('f-acme-4', 'new-country', 'critical', 95, 'acme', 'u-acme-2', 'bob@acme.example', '2026-11-25T08:00:00Z', 'ev-a1', 'Bob in a new country'),
      ('f-acme-5', 'new-country', 'high', 70, 'acme', 'u-acme-3', 'cat@acme.example', '2026-11-24T08:00:00Z', 'ev-a1', 'Cat in a new country'),
      ('f-bolt-1', 'impossible-travel', 'high', 85, 'bolt', 'u-bolt-1', 'dan@boltrow.example', '2026-11-28T10:00:00Z', 'ev-b2', '${MARKER} Dan travel'),
      ('f-bolt-2', 'off-hours', 'low', 25, 'bolt', 'u-bolt-1', 'dan@boltrow.example', '2026-11-28T07:00:00Z', 'ev-b1', '${MARKER} Dan late'),
      ('f-bolt-3', 'new-country', 'medium', 45, 'bolt', 'u-bolt-2', 'eve@boltrow.example', '2026-11-27T09:00:00Z', 'ev-b1', '${MARKER} Eve new country'),
      ('f-bolt-4', 'impossible-travel', 'critical', 99, 'bolt', 'u-bolt-1', 'dan@boltrow.example', '2026-11-28T08:00:00Z', 'ev-b1', '${MARKER} Dan again'),
      ('f-staff-1', 'off-hours', 'low', 10, NULL, 'u-staff-1', 'sam@corp.example', '2026-11-20T08:00:00Z', 'ev-a1', 'Sam late')
    ) t(id, detector, severity, score, partner, usr, login, occurred, ev, summary)`)
}

/** A migrated in-memory database with the seed, an app on it, and one token per role. */
export async function seededApi(
  settings: Partial<ApiSettings> = {},
  extra: Partial<BuildAppOptions> = {},
): Promise<SeededApi> {
  const db = await openDatabase({ path: ':memory:' })
  await seed(db)
  const clock = fixedClock(NOW)
  const make = async (name: TokenName, role: Role, partnerId?: string) =>
    createToken(db, { role, partnerId, name }, { clock, partnerIds: ['acme', 'bolt'] })
  const created = {
    admin: await make('admin', 'admin'),
    analyst: await make('analyst', 'analyst'),
    auditor: await make('auditor', 'auditor'),
    siem: await make('siem', 'siem'),
    'partner-admin': await make('partner-admin', 'partner-admin', 'acme'),
    'bolt-admin': await make('bolt-admin', 'partner-admin', 'bolt'),
    revoked: await make('revoked', 'admin'),
    spare: await make('spare', 'siem'),
  }
  await revokeToken(db, created.revoked.id, clock)
  const app = await buildApp({ db, config: testConfig, clock, settings, ...extra })
  const tokens = Object.fromEntries(
    Object.entries(created).map(([k, v]) => [k, v.token]),
  ) as Record<TokenName, string>
  const tokenIds = Object.fromEntries(Object.entries(created).map(([k, v]) => [k, v.id])) as Record<
    TokenName,
    string
  >
  return {
    app,
    db,
    tokens,
    tokenIds,
    close: async () => {
      await app.close()
      db.closeSync()
    },
  }
}

export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` }
}
