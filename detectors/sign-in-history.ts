// What the sign-in pack shares: who is judged (partner users; everyone when no partner is
// configured), settings read with defaults, the network helpers, and the per-user sign-in history
// that new-country, new-asn and new-device compare each new sign-in against (one SQL statement).
//
// History: the user's last `historySignIns` successful `user.session.start` before the sign-in,
// within `historyDays`. Okta compares against 10 (country) to 50 (IP) sign-ins; 10 forgets home
// after a two-week trip, so all three use 50 — bounded, so a sliding frame stays cheap.
import type { Database } from '../lib/db.js'
import type { DetectionWindow, DetectorContext } from './types.js'
import { HOSTING_ASNS, inCidrs, networkOf } from './impossible-travel/network.js'

export { inCidrs, networkOf }

/** Sign-ins of the user's history compared against (Okta: 10 country, 20 device, 50 IP). */
export const DEFAULT_HISTORY_SIGN_INS = 50
/** Days of history read before the slice's first sign-in of the user. */
export const DEFAULT_HISTORY_DAYS = 90
/** Learning gate: nothing is new to a user with fewer earlier sign-ins … */
export const DEFAULT_MIN_SIGN_INS = 10
/** … or whose earlier sign-ins span fewer days (Entra: 14 days or 10 sign-ins; ≥ 5 days). */
export const DEFAULT_MIN_DAYS = 5

/** A positive finite number from the detector's settings, else the default. */
export function settingNumber(
  config: Readonly<Record<string, unknown>>,
  key: string,
  fallback: number,
): number {
  const v = config[key]
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback
}

/** Judge every user when no partner is configured or `partnersOnly: false`; else partner users. */
export function anyUser(ctx: DetectorContext): boolean {
  return ctx.partners.length === 0 || ctx.config.partnersOnly === false
}

const HOSTING_NAME =
  /\b(amazon|aws|amazonaws|azure|microsoft corp|google cloud|digitalocean|ovh|hetzner|linode|vultr|m247|leaseweb|contabo|scaleway|alibaba cloud|choopa|hosting|datacenter|data center|vps|colo)/i

export interface NetworkFacts {
  asNumber: number | null
  asOrg: string | null
  isp: string | null
  domain: string | null
}

/** A cloud or hosting provider: where AiTM proxies, VPS-run tooling and token replay come from. */
export function isHostingNetwork(n: NetworkFacts): boolean {
  return (
    (n.asNumber !== null && HOSTING_ASNS.has(n.asNumber)) ||
    HOSTING_NAME.test(n.asOrg ?? '') ||
    HOSTING_NAME.test(n.isp ?? '') ||
    HOSTING_NAME.test(n.domain ?? '')
  )
}

/** Okta's behaviour verdict (Classic text `{New Device=POSITIVE, …}` or OIE JSON) for one name. */
export function oktaBehavior(behaviors: string | null, name: string): string | null {
  const m = new RegExp(`"?${name}"?\\s*[=:]\\s*"?([A-Z_]+)`).exec(behaviors ?? '')
  return m?.[1] ?? null
}

/** Scripted clients: never a person's browser. */
export const TOOLING_UA =
  /python-requests|curl\/|httpx|aiohttp|go-http-client|headless|java\/|okhttp|powershell|urllib|okta-sdk|libwww|wget/i

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

const NOVELTY_SQL = `
WITH sign_ins AS (
  SELECT * FROM events
  WHERE event_type = 'user.session.start' AND outcome_result = 'SUCCESS'
    AND actor_type = 'User' AND actor_id IS NOT NULL AND actor_id <> 'unknown'
    AND coalesce(actor_login, '') NOT IN ('system@okta.com', 'unknown')
    AND ingest_seq <= $until
),
fresh AS (
  SELECT s.org, s.actor_id FROM sign_ins s
  LEFT JOIN dir_users u ON u.org = s.org AND u.id = s.actor_id
  WHERE s.ingest_seq > $after AND ($since IS NULL OR s.published >= $since::TIMESTAMPTZ)
    AND ($anyUser OR u.partner_id IS NOT NULL)
),
scope AS (
  SELECT f.org, f.actor_id, min(s.published) - to_days($historyDays::INTEGER) AS since
  FROM (SELECT DISTINCT org, actor_id FROM fresh) f
  JOIN sign_ins s ON s.org = f.org AND s.actor_id = f.actor_id
  WHERE s.ingest_seq > $after AND ($since IS NULL OR s.published >= $since::TIMESTAMPTZ)
  GROUP BY ALL
),
history AS (
  SELECT s.*,
    NOT coalesce(s.is_proxy, false) AND coalesce(s.tunnels, '') IN ('', '[]') AS located,
    s.ingest_seq > $after AND ($since IS NULL OR s.published >= $since::TIMESTAMPTZ) AS is_new,
    CASE WHEN regexp_matches(s.client_ip, '^\\d+\\.\\d+\\.\\d+\\.\\d+$')
      THEN regexp_replace(s.client_ip, '\\.\\d+$', '')
      ELSE array_to_string(string_split(lower(s.client_ip), ':')[1:3], ':') END AS net
  FROM sign_ins s JOIN scope USING (org, actor_id)
  WHERE s.published >= scope.since
),
framed AS (
  SELECT h.*,
    count(*) OVER w AS prior_n,
    list(DISTINCT published::DATE) OVER w AS prior_days,
    list(DISTINCT country) FILTER (WHERE located AND country IS NOT NULL) OVER w AS prior_countries,
    list(DISTINCT as_number) FILTER (WHERE as_number IS NOT NULL) OVER w AS prior_asns,
    list(DISTINCT dt_hash) FILTER (WHERE dt_hash IS NOT NULL) OVER w AS prior_dt,
    list(DISTINCT device_fingerprint) FILTER (WHERE device_fingerprint IS NOT NULL) OVER w AS prior_fp,
    list(DISTINCT coalesce(browser, '?') || '|' || coalesce(os, '?')) OVER w AS prior_ua,
    list(DISTINCT net) FILTER (WHERE net IS NOT NULL) OVER w AS prior_nets
  FROM history h
  WINDOW w AS (PARTITION BY org, actor_id ORDER BY published, ingest_seq
               ROWS BETWEEN $historySignIns PRECEDING AND 1 PRECEDING)
),
candidates AS (SELECT * FROM framed WHERE is_new),
peers AS (
  SELECT u.org, u.partner_id, s.country, list(DISTINCT s.actor_id) AS users
  FROM sign_ins s JOIN dir_users u ON u.org = s.org AND u.id = s.actor_id
  WHERE u.partner_id IS NOT NULL AND coalesce(s.is_proxy, false) = false
    AND s.published >= (SELECT min(since) FROM scope)
    AND s.country IN (SELECT country FROM candidates)
  GROUP BY ALL
)
SELECT c.uuid, c.org, c.published, c.actor_id, c.actor_login, u.partner_id, c.client_ip,
  c.city, c.country, c.as_number, c.as_org, c.isp, c.domain, c.is_proxy, c.tunnels, c.dt_hash,
  c.device_fingerprint, c.browser, c.os, c.user_agent, c.client_device, c.behaviors,
  c.risk_level, c.threat_suspected,
  c.prior_n, len(coalesce(c.prior_days, [])) AS prior_days, c.prior_countries, c.prior_asns,
  c.prior_dt, c.prior_fp, c.prior_ua, c.prior_nets,
  coalesce(len(list_filter(p.users, x -> x <> c.actor_id)), 0) AS partner_users_in_country
FROM candidates c
LEFT JOIN dir_users u ON u.org = c.org AND u.id = c.actor_id
LEFT JOIN peers p ON p.org = c.org AND p.partner_id = u.partner_id AND p.country = c.country
ORDER BY c.published, c.ingest_seq
`

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
  const rows = await db.all<NoveltyRow>(NOVELTY_SQL, {
    after: window.afterSeq,
    until: window.untilSeq,
    since: window.publishedSince?.toISOString() ?? null,
    anyUser: anyUser(ctx),
    historyDays: Math.round(settingNumber(ctx.config, 'historyDays', DEFAULT_HISTORY_DAYS)),
    historySignIns: Math.round(
      settingNumber(ctx.config, 'historySignIns', DEFAULT_HISTORY_SIGN_INS),
    ),
  })
  return rows.map((r) => ({
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
  }))
}
