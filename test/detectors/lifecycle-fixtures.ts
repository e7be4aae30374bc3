// Shared by the lifecycle-pack detector tests: Okta LogEvents built as the API sends them (only the
// fields a test cares about vary), directory rows, partners, and running one detector over a window
// of a real in-memory DuckDB the way the runner does.
import type { Database } from '../../lib/db.js'
import { fixedClock } from '../../lib/clock.js'
import type { PartnerConfig } from '../../lib/config.js'
import { createEventStoreQueries } from '../../ingest/event-store-queries.js'
import type { Detector, DetectorContext, FindingDraft } from '../../detectors/types.js'

export interface EventOptions {
  eventType?: string
  result?: string | null
  reason?: string | null
  actorId?: string
  actorLogin?: string
  actorType?: string
  ip?: string
  city?: string
  country?: string
  lat?: number
  lon?: number
  asn?: number | null
  asOrg?: string | null
  isp?: string | null
  domain?: string | null
  isProxy?: boolean
  sessionId?: string | null
  rootSessionId?: string
  dtHash?: string | null
  userAgent?: string
  browser?: string
  os?: string
  threatSuspected?: boolean
  risk?: string
  behaviors?: string
  tunnels?: string
  threatDetections?: string
  privilegeGranted?: string
  targets?: { id: string; type: string; alternateId: string; displayName?: string }[]
  transactionId?: string
  clientId?: string | null
}

export const CHROME_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/129.0 Safari/537.36'

/** An Okta LogEvent (raw JSON) with sensible defaults: Ana of Northwind signing in from Lyon. */
export function oktaEvent(uuid: string, published: string, o: EventOptions = {}): string {
  const debugData: Record<string, string> = {
    requestId: `req-${uuid}`,
    threatSuspected: String(o.threatSuspected ?? false),
  }
  if (o.dtHash !== null) {
    debugData.dtHash = o.dtHash ?? 'dt-ana-laptop'
  }
  for (const [k, v] of Object.entries({
    rootSessionId: o.rootSessionId,
    risk: o.risk,
    behaviors: o.behaviors,
    tunnels: o.tunnels,
    threatDetections: o.threatDetections,
    privilegeGranted: o.privilegeGranted,
  })) {
    if (v !== undefined) {
      debugData[k] = v
    }
  }
  const ip = o.ip ?? '90.3.10.20'
  return JSON.stringify({
    uuid,
    published,
    eventType: o.eventType ?? 'user.session.start',
    displayMessage: 'test',
    severity: 'INFO',
    version: '0',
    actor: {
      id: o.actorId ?? '00u1ana',
      type: o.actorType ?? 'User',
      alternateId: o.actorLogin ?? 'ana@northwind.example',
      displayName: 'Ana',
    },
    outcome: o.result === null ? null : { result: o.result ?? 'SUCCESS', reason: o.reason ?? null },
    client: {
      ipAddress: ip,
      device: 'Computer',
      zone: 'null',
      id: o.clientId ?? null,
      userAgent: {
        rawUserAgent: o.userAgent ?? CHROME_WINDOWS,
        os: o.os ?? 'Windows 10',
        browser: o.browser ?? 'CHROME',
      },
      geographicalContext: {
        city: o.city ?? 'Lyon',
        state: null,
        country: o.country ?? 'France',
        postalCode: null,
        geolocation: { lat: o.lat ?? 45.76, lon: o.lon ?? 4.84 },
      },
    },
    securityContext: {
      asNumber: o.asn === undefined ? 3215 : o.asn,
      asOrg: o.asOrg === undefined ? 'orange s.a.' : o.asOrg,
      isp: o.isp === undefined ? 'Orange' : o.isp,
      domain: o.domain === undefined ? 'orange.fr' : o.domain,
      isProxy: o.isProxy ?? false,
    },
    authenticationContext: {
      externalSessionId: o.sessionId === undefined ? `idx-${uuid}` : o.sessionId,
      authenticationProvider: 'OKTA_AUTHENTICATION_PROVIDER',
      credentialType: 'PASSWORD',
    },
    debugContext: { debugData },
    transaction: { type: 'WEB', id: o.transactionId ?? `tx-${uuid}`, detail: {} },
    request: { ipChain: [{ ip }] },
    target: o.targets ?? [],
  })
}

const stores = new WeakMap<Database, Awaited<ReturnType<typeof createEventStoreQueries>>>()

/** Stores raw events in order (each its own position); returns the highest ingest_seq. */
export async function store(db: Database, events: readonly string[]): Promise<bigint> {
  let s = stores.get(db)
  if (!s) {
    s = await createEventStoreQueries(db, fixedClock('2026-11-29T00:00:00Z'))
    stores.set(db, s)
  }
  await s.storeBatch(
    'hub',
    'okta',
    events.map((raw, i) => ({ position: `line ${i + 1}`, raw })),
  )
  const row = await db.one<{ n: bigint | null }>('SELECT max(ingest_seq) AS n FROM events')
  return row?.n ?? 0n
}

export interface DirUser {
  id: string
  login?: string
  partnerId?: string | null
  status?: string
  statusChanged?: string | null
  contractEnd?: string | null
  looksExternal?: boolean
  created?: string | null
}

export async function dirUser(db: Database, u: DirUser): Promise<void> {
  await db.run(
    `INSERT INTO dir_users (id, org, sync_id, synced_at, status, login, profile, partner_id,
       looks_external, jit, status_changed, contract_end, created)
     VALUES ($id, 'hub', 1, now(), $status, $login, '{}', $partner, $external, false,
       $changed::TIMESTAMPTZ, $end::DATE, $created::TIMESTAMPTZ)`,
    {
      id: u.id,
      status: u.status ?? 'ACTIVE',
      login: u.login ?? `${u.id}@northwind.example`,
      partner: u.partnerId === undefined ? 'northwind' : u.partnerId,
      external: u.looksExternal ?? u.partnerId !== null,
      changed: u.statusChanged ?? null,
      end: u.contractEnd ?? null,
      created: u.created ?? '2025-01-01T00:00:00Z',
    },
  )
}

export function partner(p: Partial<PartnerConfig> & { id: string }): PartnerConfig {
  return {
    name: p.id,
    match: { idpIds: [], groupIds: [], emailDomains: [] },
    timeZone: 'Europe/Paris',
    businessHours: { days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], start: '07:00', end: '19:00' },
    allowedCountries: [],
    knownEgress: { asns: [], cidrs: [] },
    requireMfa: true,
    dormantAfterDays: 90,
    ...p,
  }
}

export const NORTHWIND = partner({ id: 'northwind' })

export function context(
  partners: readonly PartnerConfig[] = [NORTHWIND],
  config: Record<string, unknown> = {},
  now = '2026-11-29T00:00:00Z',
): DetectorContext {
  return { now: new Date(now), config, partners }
}

/** Candidates then score over (afterSeq, untilSeq], as the runner does for one detector. */
export async function detect<C>(
  db: Database,
  detector: Detector<C>,
  window: { afterSeq: bigint; untilSeq: bigint; publishedSince?: Date },
  ctx: DetectorContext = context(),
): Promise<FindingDraft[]> {
  return detector.score(await detector.candidates(db, window, ctx), ctx)
}
