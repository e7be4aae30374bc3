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

/** Events per query of a long window (a full run): bounds the range join's memory. */
export const CHUNK_EVENTS = 100_000n

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

// Each new sign-in is compared with the user's previous `historySignIns` sign-ins by a bounded
// range join on the user's sign-in number (the slice's sign-ins × at most 50 earlier ones), so an
// incremental run costs its slice plus one narrow pass over its users' history; wide columns are
// read for the slice only. Only sign-ins new on country, ASN or device come back.
const SIGN_IN = `event_type = 'user.session.start' AND outcome_result = 'SUCCESS'`
const SIGN_IN_ROW = `${SIGN_IN} AND actor_type = 'User' AND actor_id IS NOT NULL
  AND actor_id <> 'unknown' AND coalesce(actor_login, '') NOT IN ('system@okta.com', 'unknown')`

export const NOVELTY_SQL = `
WITH fresh AS (
  SELECT uuid, org, published, actor_id, actor_login, client_ip, city, country, as_number,
    as_org, isp, domain, is_proxy, tunnels, dt_hash, device_fingerprint, browser, os, user_agent,
    client_device, behaviors, risk_level, threat_suspected
  FROM events
  WHERE ingest_seq > $chunkAfter AND ingest_seq <= $chunkUntil
    AND ($since IS NULL OR published >= $since::TIMESTAMPTZ) AND ${SIGN_IN_ROW}
),
scope AS (
  SELECT f.org, f.actor_id, min(f.published) - to_days($historyDays::INTEGER) AS since
  FROM fresh f
  LEFT JOIN dir_users u ON u.org = f.org AND u.id = f.actor_id
  WHERE $anyUser OR u.partner_id IS NOT NULL
  GROUP BY ALL
),
history AS (
  SELECT e.uuid, e.org, e.actor_id, e.published,
    row_number() OVER (PARTITION BY e.org, e.actor_id ORDER BY e.published, e.ingest_seq) AS rn,
    CASE WHEN NOT coalesce(e.is_proxy, false) AND coalesce(e.tunnels, '') IN ('', '[]')
      THEN e.country END AS located_country,
    e.as_number, e.dt_hash, e.device_fingerprint,
    coalesce(e.browser, '?') || '|' || coalesce(e.os, '?') AS ua,
    CASE WHEN regexp_matches(e.client_ip, '^\\d+\\.\\d+\\.\\d+\\.\\d+$')
      THEN regexp_replace(e.client_ip, '\\.\\d+$', '')
      ELSE array_to_string(string_split(lower(e.client_ip), ':')[1:3], ':') END AS net
  FROM events e JOIN scope s ON s.org = e.org AND s.actor_id = e.actor_id
  WHERE e.ingest_seq <= $until AND e.published >= $from::TIMESTAMPTZ
    AND e.published >= s.since AND ${SIGN_IN_ROW.replaceAll(/\b(event_type|outcome_result|actor_type|actor_id|actor_login)\b/g, 'e.$1')}
),
framed AS (
  SELECT c.uuid, c.located_country, c.as_number, c.dt_hash, c.device_fingerprint, c.ua,
    count(*) AS prior_n,
    count(DISTINCT h.published::DATE) AS prior_days,
    list(DISTINCT h.located_country) FILTER (WHERE h.located_country IS NOT NULL) AS prior_countries,
    list(DISTINCT h.as_number) FILTER (WHERE h.as_number IS NOT NULL) AS prior_asns,
    list(DISTINCT h.dt_hash) FILTER (WHERE h.dt_hash IS NOT NULL) AS prior_dt,
    list(DISTINCT h.device_fingerprint) FILTER (WHERE h.device_fingerprint IS NOT NULL) AS prior_fp,
    list(DISTINCT h.ua) AS prior_ua,
    list(DISTINCT h.net) FILTER (WHERE h.net IS NOT NULL) AS prior_nets
  FROM history c JOIN fresh f USING (uuid)
  JOIN history h ON h.org = c.org AND h.actor_id = c.actor_id
    AND h.rn BETWEEN c.rn - $historySignIns AND c.rn - 1
  GROUP BY ALL
),
candidates AS (
  SELECT f.*, fr.* EXCLUDE (uuid, located_country, as_number, dt_hash, device_fingerprint, ua)
  FROM fresh f JOIN framed fr USING (uuid)
  WHERE (fr.located_country IS NOT NULL
         AND NOT list_contains(coalesce(fr.prior_countries, []), fr.located_country))
    OR (fr.as_number IS NOT NULL AND NOT list_contains(coalesce(fr.prior_asns, []), fr.as_number))
    OR (fr.dt_hash IS NOT NULL AND NOT list_contains(coalesce(fr.prior_dt, []), fr.dt_hash))
    OR (fr.device_fingerprint IS NOT NULL
        AND NOT list_contains(coalesce(fr.prior_fp, []), fr.device_fingerprint))
    OR (fr.dt_hash IS NULL AND fr.device_fingerprint IS NULL
        AND NOT list_contains(coalesce(fr.prior_ua, []), fr.ua))
),
peers AS (
  SELECT u.org, u.partner_id, e.country, list(DISTINCT e.actor_id) AS users
  FROM events e JOIN dir_users u ON u.org = e.org AND u.id = e.actor_id
  WHERE e.ingest_seq <= $until AND e.published >= $from::TIMESTAMPTZ
    AND e.event_type = 'user.session.start' AND e.outcome_result = 'SUCCESS'
    AND u.partner_id IS NOT NULL AND coalesce(e.is_proxy, false) = false
    AND e.country IN (SELECT country FROM candidates)
  GROUP BY ALL
)
SELECT c.uuid, c.org, c.published, c.actor_id, c.actor_login, u.partner_id, c.client_ip,
  c.city, c.country, c.as_number, c.as_org, c.isp, c.domain, c.is_proxy, c.tunnels, c.dt_hash,
  c.device_fingerprint, c.browser, c.os, c.user_agent, c.client_device, c.behaviors,
  c.risk_level, c.threat_suspected,
  c.prior_n, c.prior_days, c.prior_countries, c.prior_asns,
  c.prior_dt, c.prior_fp, c.prior_ua, c.prior_nets,
  coalesce(len(list_filter(p.users, x -> x <> c.actor_id)), 0) AS partner_users_in_country
FROM candidates c
LEFT JOIN dir_users u ON u.org = c.org AND u.id = c.actor_id
LEFT JOIN peers p ON p.org = c.org AND p.partner_id = u.partner_id AND p.country = c.country
ORDER BY c.published, c.uuid
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
  const historyDays = Math.round(settingNumber(ctx.config, 'historyDays', DEFAULT_HISTORY_DAYS))
  const historySignIns = Math.round(
    settingNumber(ctx.config, 'historySignIns', DEFAULT_HISTORY_SIGN_INS),
  )
  // A long window (a full run) in chunks of events: each sign-in's history does not depend on
  // where a chunk starts, and the range join stays within DuckDB's memory limit.
  const rows: NoveltyRow[] = []
  for (let chunkAfter = window.afterSeq; chunkAfter < window.untilSeq;) {
    const chunkUntil =
      window.untilSeq - chunkAfter > CHUNK_EVENTS ? chunkAfter + CHUNK_EVENTS : window.untilSeq
    const chunk = { ...window, afterSeq: chunkAfter, untilSeq: chunkUntil }
    const span = await windowSpan(db, chunk, SIGN_IN)
    if (span) {
      rows.push(
        ...(await db.all<NoveltyRow>(NOVELTY_SQL, {
          from: minutesBefore(span.lo, historyDays * 1440),
          chunkAfter,
          chunkUntil,
          until: window.untilSeq,
          since: window.publishedSince?.toISOString() ?? null,
          anyUser: anyUser(ctx),
          historyDays,
          historySignIns,
        })),
      )
    }
    chunkAfter = chunkUntil
  }
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
