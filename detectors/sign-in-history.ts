// The per-user sign-in history that new-country, new-asn and new-device compare each new sign-in
// against (one SQL statement), and what the pack shares (re-exported from sign-in-common.ts).
//
// History: the user's last `historySignIns` successful `user.session.start` before the sign-in,
// within `historyDays`. Okta compares against 10 (country) to 50 (IP) sign-ins; 10 forgets home
// after a two-week trip, so all three use 50.
import type { Database } from '../lib/db.js'
import {
  coversWholeStore,
  sliceParams,
  type DetectionWindow,
  type DetectorContext,
} from './types.js'
import {
  anyUser,
  minutesBefore,
  settingNumber,
  windowSpan,
  type NetworkFacts,
} from './sign-in-common.js'

import { noveltySql } from './new-device/history-sql.js'
import { sharedRead } from './shared-read.js'

export * from './sign-in-common.js'
export { noveltySql }

/** Sign-ins of the user's history compared against (Okta: 10 country, 20 device, 50 IP). */
export const DEFAULT_HISTORY_SIGN_INS = 50
/** Days of history read before the slice's first sign-in of the user. */
export const DEFAULT_HISTORY_DAYS = 90
/** Learning gate: nothing is new to a user with fewer earlier sign-ins … */
export const DEFAULT_MIN_SIGN_INS = 10
/** … or whose earlier sign-ins span fewer days (Entra: 14 days or 10 sign-ins; ≥ 5 days). */
export const DEFAULT_MIN_DAYS = 5

export interface SignInFacts extends NetworkFacts {
  uuid: string
  org: string
  published: Date
  userId: string
  userLogin: string | null
  partnerId: string | null
  ip: string | null
  city: string | null
  country: string | null
  isProxy: boolean
  tunnels: string | null
  dtHash: string | null
  fingerprint: string | null
  browser: string | null
  os: string | null
  userAgent: string | null
  clientDevice: string | null
  behaviors: string | null
  riskLevel: string | null
  threatSuspected: boolean
}

export interface SignInHistory {
  signIns: number
  days: number
  countries: string[]
  asns: number[]
  dtHashes: string[]
  fingerprints: string[]
  /** `BROWSER|OS` of earlier sign-ins. */
  uaFamilies: string[]
  /** /24 (IPv4) or /48 (IPv6) networks of earlier sign-ins. */
  networks: string[]
}

export interface NoveltyCandidate {
  signIn: SignInFacts
  history: SignInHistory
  /** Other users of the same partner who signed in from this country in the history days. */
  partnerUsersInCountry: number
}

const SIGN_IN = `event_type = 'user.session.start' AND outcome_result = 'SUCCESS'`

interface NoveltyRow {
  uuid: string
  org: string
  published: Date
  actor_id: string
  actor_login: string | null
  partner_id: string | null
  client_ip: string | null
  city: string | null
  country: string | null
  as_number: bigint | number | null
  as_org: string | null
  isp: string | null
  domain: string | null
  is_proxy: boolean | null
  tunnels: string | null
  dt_hash: string | null
  device_fingerprint: string | null
  browser: string | null
  os: string | null
  user_agent: string | null
  client_device: string | null
  behaviors: string | null
  risk_level: string | null
  threat_suspected: boolean | null
  prior_n: bigint | number
  prior_days: bigint | number
  prior_countries: string[] | null
  prior_asns: (bigint | number)[] | null
  prior_dt: string[] | null
  prior_fp: string[] | null
  prior_ua: string[] | null
  prior_nets: string[] | null
  partner_users_in_country: bigint | number
}

/** Each new successful sign-in in the window with the user's earlier sign-ins summarised. */
export async function readNoveltyCandidates(
  db: Database,
  window: DetectionWindow,
  ctx: DetectorContext,
): Promise<NoveltyCandidate[]> {
  const historyDays = Math.round(settingNumber(ctx.config, 'historyDays', DEFAULT_HISTORY_DAYS))
  const historySignIns = Math.round(
    settingNumber(ctx.config, 'historySignIns', DEFAULT_HISTORY_SIGN_INS),
  )
  const params = {
    ...sliceParams(window),
    anyUser: anyUser(ctx),
    historyDays,
    historySignIns,
    minPrior: Math.floor(settingNumber(ctx.config, 'minSignIns', DEFAULT_MIN_SIGN_INS)),
  }
  // new-country, new-asn and new-device run one after the other over the same window with the
  // same history settings: the first reads, the other two reuse its rows.
  return sharedRead(db, 'novelty', params, async () =>
    (await readRows(db, window, params)).map(toCandidate),
  )
}

async function readRows(
  db: Database,
  window: DetectionWindow,
  params: Record<string, bigint | string | number | boolean | null>,
): Promise<NoveltyRow[]> {
  const span = await windowSpan(db, window, SIGN_IN)
  if (!span) {
    return []
  }
  return db.all<NoveltyRow>(noveltySql(coversWholeStore(window)), {
    ...params,
    from: minutesBefore(span.lo, Number(params.historyDays) * 1440),
    hi: span.hi.toISOString(),
  })
}

function toCandidate(r: NoveltyRow): NoveltyCandidate {
  return {
    signIn: {
      uuid: r.uuid,
      org: r.org,
      published: r.published,
      userId: r.actor_id,
      userLogin: r.actor_login,
      partnerId: r.partner_id,
      ip: r.client_ip,
      city: r.city,
      country: r.country,
      asNumber: r.as_number === null ? null : Number(r.as_number),
      asOrg: r.as_org,
      isp: r.isp,
      domain: r.domain,
      isProxy: r.is_proxy ?? false,
      tunnels: r.tunnels,
      dtHash: r.dt_hash,
      fingerprint: r.device_fingerprint,
      browser: r.browser,
      os: r.os,
      userAgent: r.user_agent,
      clientDevice: r.client_device,
      behaviors: r.behaviors,
      riskLevel: r.risk_level,
      threatSuspected: r.threat_suspected ?? false,
    },
    history: {
      signIns: Number(r.prior_n),
      days: Number(r.prior_days),
      countries: r.prior_countries ?? [],
      asns: (r.prior_asns ?? []).map(Number),
      dtHashes: r.prior_dt ?? [],
      fingerprints: r.prior_fp ?? [],
      uaFamilies: r.prior_ua ?? [],
      networks: r.prior_nets ?? [],
    },
    partnerUsersInCountry: Number(r.partner_users_in_country),
  }
}
