// Test data for the export suites: the public Okta samples, hand-made events whose values are full of
// what the formats must escape, directory users attributed to partners, and findings.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test as base } from 'vitest'
import { fixedClock } from '../../../lib/clock.js'
import { openDatabase, type Database } from '../../../lib/db.js'
import { MIGRATIONS } from '../../../lib/migrations/index.js'
import { importFiles } from '../../../ingest/import-files.js'
import { exportPage, type ExportPageOptions } from '../../../reports/export/export-page.js'

export const exportDbTest = base.extend<{ db: Database }>({
  db: async ({}, use) => {
    const db = await openDatabase({ path: ':memory:', migrations: MIGRATIONS })
    await use(db)
    db.closeSync()
  },
})

export const clock = fixedClock('2026-11-29T00:00:00Z')
const samplesDir = join(import.meta.dirname, '../../fixtures/samples')
export const SAMPLE_FILES = readdirSync(samplesDir)
  .filter((f) => f.endsWith('.ndjson'))
  .map((f) => join(samplesDir, f))

export const NASTY =
  'pipe| eq= back\\slash \\= \\| line\nbreak cr\r\nlf ^caret "quote" ]bracket ünïcödé €中文 😀 '

let counter = 0

/** An Okta-shaped event; `over` replaces top-level members. */
export function oktaEvent(over: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1
  return {
    uuid: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    published: '2026-11-20T10:00:00.000Z',
    eventType: 'user.session.start',
    severity: 'INFO',
    displayMessage: 'User login to Okta',
    actor: {
      id: '00u_alice',
      type: 'User',
      alternateId: 'alice@northwind.example',
      displayName: 'Alice',
    },
    outcome: { result: 'SUCCESS' },
    client: {
      ipAddress: '203.0.113.7',
      userAgent: { rawUserAgent: 'Mozilla/5.0', os: 'Mac OS X', browser: 'CHROME' },
      zone: 'null',
      geographicalContext: {
        city: 'Amsterdam',
        state: 'North Holland',
        country: 'Netherlands',
        postalCode: '1012',
        geolocation: { lat: 52.37, lon: 4.89 },
      },
    },
    securityContext: {
      asNumber: 64512,
      asOrg: 'Example AS',
      isp: 'Example',
      domain: 'example.net',
    },
    authenticationContext: { externalSessionId: 'sess1' },
    transaction: { type: 'WEB', id: 'tx1' },
    debugContext: { debugData: { requestId: 'req1', requestUri: '/login' } },
    target: [],
    ...over,
  }
}

/** Events whose every text field is full of separators, escapes, line breaks and non-ASCII. */
export function nastyEvents(): Record<string, unknown>[] {
  return [
    oktaEvent({
      displayMessage: NASTY,
      actor: { id: '00u_nasty', type: 'User', alternateId: `x${NASTY}`, displayName: NASTY },
      outcome: { result: 'FAILURE', reason: NASTY },
      client: { ipAddress: '2001:db8::7', userAgent: { rawUserAgent: NASTY } },
    }),
    oktaEvent({
      eventType: 'custom|type\\with=odd chars',
      severity: 'WARN',
      displayMessage: `${NASTY}trailing  `,
      target: [{ id: '00u_target', type: 'User', alternateId: NASTY, displayName: NASTY }],
    }),
    oktaEvent({
      eventType: 'group.user_membership.add',
      target: [
        { id: '00u_bob', type: 'User', alternateId: 'bob@contoso.example', displayName: 'Bob' },
        { id: '00g_grp', type: 'UserGroup', alternateId: 'Partners', displayName: NASTY },
      ],
    }),
    oktaEvent({
      eventType: 'system.org.rate_limit.warning',
      actor: null,
      client: null,
      displayMessage: `rate limit ${NASTY}`,
    }),
    oktaEvent({
      eventType: 'user.lifecycle.deactivate',
      severity: 'ERROR',
      target: [
        { id: '00u_bob', type: 'User', alternateId: 'bob@contoso.example', displayName: 'Bob' },
      ],
    }),
  ]
}

export async function importEvents(
  db: Database,
  events: readonly Record<string, unknown>[],
  org = 'hub',
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pw-export-test-'))
  const file = join(dir, `batch-${counter}.ndjson`)
  writeFileSync(file, events.map((e) => JSON.stringify(e)).join('\n') + '\n')
  await importFiles({ db, clock, files: [file], org })
}

/**
 * `n` plain events straight into the table (the importer is not what their tests are about): distinct
 * values, `|`, `=` and `\\` in every message, a non-ASCII city on every third.
 */
export async function insertManyEvents(db: Database, n: number): Promise<void> {
  await db.run(
    `INSERT INTO events (ingest_seq, uuid, org, source, ingested_at, published, event_type, severity,
       display_message, actor_id, actor_login, client_ip, city, country, raw)
     SELECT nextval('events_seq'), 'many-' || i, 'hub', 'test', now(),
       TIMESTAMPTZ '2026-11-01 00:00:00Z' + to_seconds(($n - i)::BIGINT), 'user.session.start', 'INFO',
       'login | = \\ ' || i, '00u_' || (i % 7), 'u' || i || '@x.example', '203.0.113.' || (i % 250),
       CASE WHEN i % 3 = 0 THEN 'Zürich 中文' ELSE 'Basel' END, 'Switzerland', '{"uuid":"many-' || i || '"}'
     FROM range($n) t(i)`,
    { n },
  )
}

export async function importSamples(db: Database): Promise<void> {
  await importFiles({ db, clock, files: SAMPLE_FILES, org: 'samples' })
}

/** A directory user attributed to a partner (what partner attribution would have written). */
export async function addUser(
  db: Database,
  org: string,
  id: string,
  partner: string | null,
): Promise<void> {
  await db.run(
    `INSERT INTO dir_users (id, org, sync_id, synced_at, status, profile, partner_id, looks_external, jit)
     VALUES ($id, $org, 1, now(), 'ACTIVE', '{}', $partner, true, false)`,
    { id, org, partner },
  )
}

export async function addFinding(
  db: Database,
  f: { id: string; partner: string | null; detector?: string; summary?: string; user?: string },
): Promise<void> {
  await db.run(
    `INSERT INTO findings (id, finding_seq, detector, severity, score, org, partner_id, user_id, user_login,
       occurred_at, event_ids, summary, details, created_at)
     VALUES ($id, nextval('findings_seq'), $detector, 'high', 80, 'hub', $partner, $user, $login,
       '2026-11-20T10:00:00Z', ['e1', 'e2'], $summary, $details::JSON, '2026-11-21T00:00:00Z')`,
    {
      id: f.id,
      detector: f.detector ?? 'Okta.PartnerLogin.ImpossibleTravel',
      partner: f.partner,
      user: f.user ?? '00u_alice',
      login: f.user === undefined ? 'alice@northwind.example' : `${f.user}@x.example`,
      summary: f.summary ?? 'Sign-ins 800 km apart within 10 minutes',
      details: JSON.stringify({ speedKmh: 4800, thresholdKmh: 900, note: NASTY }),
    },
  )
}

/** One page's body as text. */
export async function pageText(
  db: Database,
  options: ExportPageOptions,
): Promise<{ text: string; nextCursor: string; count: number; hasMore: boolean }> {
  const page = await exportPage(db, options)
  let text = ''
  for await (const chunk of page.records) {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
  }
  return { text, nextCursor: page.nextCursor, count: page.count, hasMore: page.hasMore }
}

export function lines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '')
}
