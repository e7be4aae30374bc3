// The per-user sign-in history that new-country, new-asn and new-device compare each new sign-in
// against (one SQL statement), and what the pack shares (re-exported from sign-in-common.ts).
//
// History: the user's last `historySignIns` successful `user.session.start` before the sign-in,
// within `historyDays`. Okta compares against 10 (country) to 50 (IP) sign-ins; 10 forgets home
// after a two-week trip, so all three use 50.
import type { Database } from '../lib/db.js'
import type { DetectionWindow, DetectorContext } from './types.js'
import {
  anyUser,
  minutesBefore,
  settingNumber,
  windowSpan,
  type NetworkFacts,
} from './sign-in-common.js'

export * from './sign-in-common.js'

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
