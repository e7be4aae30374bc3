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

/**
 * The published span of the window's events that match `filter` (constant SQL of ours), or null
 * when there are none. Queries then bound `published` by constants, so DuckDB's zone maps skip the
 * row groups outside the slice and its history instead of scanning the whole store.
 */
export async function windowSpan(
  db: Database,
  window: DetectionWindow,
  filter: string,
): Promise<{ lo: Date; hi: Date } | null> {
  const r = await db.one<{ lo: Date | null; hi: Date | null }>(
    `SELECT min(published) AS lo, max(published) AS hi FROM events
     WHERE ingest_seq > $after AND ingest_seq <= $until
       AND ($since IS NULL OR published >= $since::TIMESTAMPTZ) AND (${filter})`,
    {
      after: window.afterSeq,
      until: window.untilSeq,
      since: window.publishedSince?.toISOString() ?? null,
    },
  )
  return r?.lo && r.hi ? { lo: r.lo, hi: r.hi } : null
}

export const minutesBefore = (d: Date, minutes: number): string =>
  new Date(d.getTime() - minutes * 60_000).toISOString()

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

/**
 * SQL for one debugData string value read straight from an event's raw text: `"key":"value"`.
 * Cheaper than parsing the event (or a regular expression) over thousands of rows; the keys used
 * (factor, amr, authnContextClassRef) occur only in debugData. `key` is a constant of ours.
 */
export function rawDebugValue(column: string, key: string): string {
  const needle = `'"${key}":"'`
  return `CASE WHEN strpos(${column}, ${needle}) > 0 THEN nullif(split_part(substr(${column}, strpos(${column}, ${needle}) + ${key.length + 4}), '"', 1), '') END`
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

// Novelty without sliding lists over every row: for each value column, the distance (in the user's
// sign-ins) back to the previous sign-in with the same value (`rn - lag(rn)` partitioned by user and
// value); a value is new when there is none within `historySignIns`. Only sign-ins with a new
// country, ASN or device get their history listed (a range join over at most `historySignIns` rows
// each); a new network alone is never a finding.
const SIGN_IN = `event_type = 'user.session.start' AND outcome_result = 'SUCCESS'`

export const NOVELTY_SQL = `
WITH sign_ins AS (
  SELECT ingest_seq, uuid, org, published, actor_id, actor_login, client_ip, city, country,
    as_number, as_org, isp, domain, is_proxy, tunnels, dt_hash, device_fingerprint, browser, os,
    user_agent, client_device, behaviors, risk_level, threat_suspected
  FROM events
  WHERE ${SIGN_IN} AND published >= $from::TIMESTAMPTZ
    AND actor_type = 'User' AND actor_id IS NOT NULL AND actor_id <> 'unknown'
    AND coalesce(actor_login, '') NOT IN ('system@okta.com', 'unknown')
    AND ingest_seq <= $until
),
scope AS (
  SELECT s.org, s.actor_id, min(s.published) - to_days($historyDays::INTEGER) AS since
  FROM sign_ins s
  LEFT JOIN dir_users u ON u.org = s.org AND u.id = s.actor_id
  WHERE s.ingest_seq > $after AND ($since IS NULL OR s.published >= $since::TIMESTAMPTZ)
    AND ($anyUser OR u.partner_id IS NOT NULL)
  GROUP BY ALL
),
history AS (
  SELECT s.*,
    row_number() OVER (PARTITION BY s.org, s.actor_id ORDER BY s.published, s.ingest_seq) AS rn,
    s.ingest_seq > $after AND ($since IS NULL OR s.published >= $since::TIMESTAMPTZ) AS is_new,
    CASE WHEN NOT coalesce(s.is_proxy, false) AND coalesce(s.tunnels, '') IN ('', '[]')
      THEN s.country END AS located_country,
    coalesce(s.browser, '?') || '|' || coalesce(s.os, '?') AS ua,
    CASE WHEN regexp_matches(s.client_ip, '^\\d+\\.\\d+\\.\\d+\\.\\d+$')
      THEN regexp_replace(s.client_ip, '\\.\\d+$', '')
      ELSE array_to_string(string_split(lower(s.client_ip), ':')[1:3], ':') END AS net
  FROM sign_ins s JOIN scope USING (org, actor_id)
  WHERE s.published >= scope.since
),
gaps AS (
  SELECT h.*,
    rn - lag(rn) OVER (PARTITION BY org, actor_id, located_country ORDER BY rn) AS g_country,
    rn - lag(rn) OVER (PARTITION BY org, actor_id, as_number ORDER BY rn) AS g_asn,
    rn - lag(rn) OVER (PARTITION BY org, actor_id, dt_hash ORDER BY rn) AS g_dt,
    rn - lag(rn) OVER (PARTITION BY org, actor_id, device_fingerprint ORDER BY rn) AS g_fp,
    rn - lag(rn) OVER (PARTITION BY org, actor_id, ua ORDER BY rn) AS g_ua
  FROM history h
),
candidates AS (
  SELECT * FROM gaps
  WHERE is_new AND rn > 1 AND (
    (located_country IS NOT NULL AND coalesce(g_country, 1e9) > $historySignIns)
    OR (as_number IS NOT NULL AND coalesce(g_asn, 1e9) > $historySignIns)
    OR (dt_hash IS NOT NULL AND coalesce(g_dt, 1e9) > $historySignIns)
    OR (device_fingerprint IS NOT NULL AND coalesce(g_fp, 1e9) > $historySignIns)
    OR (dt_hash IS NULL AND device_fingerprint IS NULL AND coalesce(g_ua, 1e9) > $historySignIns))
),
framed AS (
  SELECT c.uuid,
    count(*) AS prior_n,
    count(DISTINCT h.published::DATE) AS prior_days,
    list(DISTINCT h.located_country) FILTER (WHERE h.located_country IS NOT NULL) AS prior_countries,
    list(DISTINCT h.as_number) FILTER (WHERE h.as_number IS NOT NULL) AS prior_asns,
    list(DISTINCT h.dt_hash) FILTER (WHERE h.dt_hash IS NOT NULL) AS prior_dt,
    list(DISTINCT h.device_fingerprint) FILTER (WHERE h.device_fingerprint IS NOT NULL) AS prior_fp,
    list(DISTINCT h.ua) AS prior_ua,
    list(DISTINCT h.net) FILTER (WHERE h.net IS NOT NULL) AS prior_nets
  FROM candidates c JOIN history h ON h.org = c.org AND h.actor_id = c.actor_id
  WHERE h.rn BETWEEN c.rn - $historySignIns AND c.rn - 1
  GROUP BY c.uuid
),
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
  f.prior_n, f.prior_days, f.prior_countries, f.prior_asns,
  f.prior_dt, f.prior_fp, f.prior_ua, f.prior_nets,
  coalesce(len(list_filter(p.users, x -> x <> c.actor_id)), 0) AS partner_users_in_country
FROM candidates c
JOIN framed f USING (uuid)
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
  const span = await windowSpan(db, window, SIGN_IN)
  const historyDays = Math.round(settingNumber(ctx.config, 'historyDays', DEFAULT_HISTORY_DAYS))
  if (!span) {
    return []
  }
  const rows = await db.all<NoveltyRow>(NOVELTY_SQL, {
    from: minutesBefore(span.lo, historyDays * 1440),
    after: window.afterSeq,
    until: window.untilSeq,
    since: window.publishedSince?.toISOString() ?? null,
    anyUser: anyUser(ctx),
    historyDays,
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
