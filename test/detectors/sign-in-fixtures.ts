// Okta System Log events for the sign-in pack's tests, in the shape the ingest stores: one builder
// with the fields those detectors read, and the partner users they judge.
import type { PartnerConfig } from '../../lib/config.js'
import type { Database } from '../../lib/db.js'
import type { Attempt } from '../../detectors/brute-force/queries.js'

export interface EventSpec {
  uuid: string
  published: string
  type?: string
  result?: string
  reason?: string | null
  actor?: string
  login?: string
  actorType?: string
  ip?: string
  city?: string
  country?: string
  asn?: number
  asOrg?: string
  dtHash?: string | null
  browser?: string
  os?: string
  ua?: string
  device?: string
  session?: string | null
  tx?: string
  factor?: string
  amr?: string
  behaviors?: string
  authProvider?: string | null
  credentialType?: string | null
  requestUri?: string
  targetUser?: string
  isProxy?: boolean
}

export function ev(s: EventSpec): { position: string; raw: string } {
  const actor = s.actor ?? '00u1ana'
  const debugData: Record<string, string> = {
    requestId: `req-${s.uuid}`,
    requestUri: s.requestUri ?? '/idp/idx/identify',
    threatSuspected: 'false',
  }
  if (s.dtHash !== null) {
    debugData.dtHash = s.dtHash ?? 'dt-laptop'
  }
  if (s.factor) {
    debugData.factor = s.factor
  }
  if (s.amr) {
    debugData.amr = s.amr
  }
  if (s.behaviors) {
    debugData.behaviors = s.behaviors
  }
  return {
    position: s.uuid,
    raw: JSON.stringify({
      uuid: s.uuid,
      published: s.published,
      eventType: s.type ?? 'user.session.start',
      displayMessage: 'test',
      severity: 'INFO',
      version: '0',
      actor: {
        id: actor,
        type: s.actorType ?? 'User',
        alternateId: s.login ?? `${actor}@northwind.example`,
        displayName: actor,
      },
      outcome: { result: s.result ?? 'SUCCESS', reason: s.reason ?? null },
      client: {
        ipAddress: s.ip ?? '84.26.10.20',
        device: s.device ?? 'Computer',
        zone: 'null',
        id: null,
        userAgent: {
          rawUserAgent: s.ua ?? 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/129.0.0.0',
          os: s.os ?? 'Windows 10',
          browser: s.browser ?? 'CHROME',
        },
        geographicalContext: {
          city: s.city ?? 'Amsterdam',
          state: null,
          country: s.country ?? 'Netherlands',
          postalCode: null,
          geolocation: { lat: 52.37, lon: 4.9 },
        },
      },
      securityContext: {
        asNumber: s.asn ?? 1136,
        asOrg: s.asOrg ?? 'kpn b.v.',
        isp: s.asOrg ?? 'KPN B.V.',
        domain: null,
        isProxy: s.isProxy ?? false,
      },
      authenticationContext: {
        externalSessionId: s.session === undefined ? `idx-${s.uuid}` : s.session,
        authenticationProvider:
          s.authProvider === undefined ? 'OKTA_AUTHENTICATION_PROVIDER' : s.authProvider,
        credentialType: s.credentialType === undefined ? 'PASSWORD' : s.credentialType,
      },
      debugContext: { debugData },
      transaction: { type: 'WEB', id: s.tx ?? `tx-${s.uuid}` },
      request: { ipChain: [{ ip: s.ip ?? '84.26.10.20' }] },
      target: s.targetUser
        ? [{ id: s.targetUser, type: 'User', alternateId: `${s.targetUser}@x`, displayName: 'x' }]
        : [],
    }),
  }
}

/** Minutes after `base`, ISO. */
export const at = (base: string, minutes: number): string =>
  new Date(new Date(base).getTime() + minutes * 60_000).toISOString()

export const NORTHWIND = {
  id: 'northwind',
  name: 'Northwind',
  requireMfa: true,
  knownEgress: { asns: [64512], cidrs: ['185.199.40.0/24'] },
  allowedCountries: [],
} as unknown as PartnerConfig

export async function partnerUsers(db: Database, ids: string[], partner = 'northwind') {
  for (const id of ids) {
    await db.run(
      `INSERT INTO dir_users (id, org, sync_id, synced_at, status, login, profile, partner_id, looks_external, jit)
       VALUES ($id, 'hub', 1, now(), 'ACTIVE', $login, '{}', $partner, true, false)`,
      { id, login: `${id}@northwind.example`, partner },
    )
  }
}

/** A password attempt as brute force and password spray score it: a partner user's failure by default. */
export function attemptOf(over: Partial<Attempt> & Pick<Attempt, 'uuid' | 'published'>): Attempt {
  const kind = over.kind ?? 'failure'
  return {
    org: 'hub',
    isNew: true,
    userId: 'u1',
    userLogin: 'u1@northwind.example',
    partnerId: 'northwind',
    kind,
    reason: kind === 'failure' ? 'INVALID_CREDENTIALS' : null,
    ip: null,
    asNumber: null,
    asOrg: null,
    isp: null,
    domain: null,
    country: null,
    userAgent: 'Mozilla/5.0',
    threatSuspected: false,
    ...over,
  }
}
