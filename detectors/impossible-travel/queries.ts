// Impossible travel, the DuckDB half: every successful interactive sign-in in the window that can be
// located, with the user's previous *usable* sign-in (LAST_VALUE … IGNORE NULLS over the user's
// sign-ins ordered by `published`, so a hop through a VPN egress or an anonymiser is skipped, never
// used as the reference point) and the baseline the score needs: the places, networks and devices of
// the user's earlier sign-ins over the learning window, how many other users of the same partner
// signed in from the destination, and failed MFA just before.
//
// A sign-in is one `user.session.start` SUCCESS. Federated users also log
// `user.authentication.auth_via_IDP` for the same sign-in (same client, a few hundred ms earlier) and
// every app launch is a `user.authentication.sso` in an existing session — counting those would pair
// a sign-in with itself, and an SSO from far away inside a session is session hijack, not travel.
//
// Cost: the slice (ingest_seq in the window) is read once; the history read is only the sign-ins of
// the users who have a new sign-in, published from `learningDays` before the slice's earliest
// sign-in, plus the partner-wide place counts over the same days. An incremental run costs what
// arrived and the recent history of its users, not the whole table.
import type { Database } from '../../lib/db.js'
import type { PartnerConfig } from '../../lib/config.js'
import type { DetectionWindow, DetectorContext } from '../types.js'
import { point, type PointRow, type TravelCandidate } from './candidate.js'

export type { SignInPoint, TravelCandidate } from './candidate.js'

/** Days of sign-ins before the slice that feed the previous sign-in and the learned baseline. */
export const DEFAULT_LEARNING_DAYS = 30
/** Minutes before a sign-in in which a failed MFA counts as corroboration. */
export const FAILED_MFA_MINUTES = 30
/** Okta's own sign-in traffic, never a person's. */
export const SYSTEM_ACTORS = ['system@okta.com', 'unknown'] as const

/** IPv4 CIDRs as inclusive numeric ranges, for the SQL; IPv6 blocks are checked in score. */
export function ipv4Ranges(cidrs: readonly string[]): { lo: number; hi: number }[] {
  const out: { lo: number; hi: number }[] = []
  for (const cidr of cidrs) {
    const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr.trim())
    if (!m) {
      continue
    }
    const [a, b, c, d, bits] = m.slice(1).map(Number) as [number, number, number, number, number]
    const base = ((a * 256 + b) * 256 + c) * 256 + d
    const size = 2 ** (32 - Math.min(32, bits))
    const lo = base - (base % size)
    out.push({ lo, hi: lo + size - 1 })
  }
  return out
}

export function knownEgress(partners: readonly PartnerConfig[]): {
  asns: number[]
  cidrs: string[]
} {
  return {
    asns: [...new Set(partners.flatMap((p) => p.knownEgress.asns))],
    cidrs: [...new Set(partners.flatMap((p) => p.knownEgress.cidrs))],
  }
}

const IPV4_NUM = `CASE WHEN regexp_matches(client_ip, '^\\d+\\.\\d+\\.\\d+\\.\\d+$') THEN
  ((split_part(client_ip, '.', 1)::BIGINT * 256 + split_part(client_ip, '.', 2)::BIGINT) * 256
    + split_part(client_ip, '.', 3)::BIGINT) * 256 + split_part(client_ip, '.', 4)::BIGINT END`

const POINT = (alias: string): string => `{
  uuid: ${alias}uuid, published: ${alias}published, ip: ${alias}client_ip, city: ${alias}city,
  state: ${alias}state, country: ${alias}country, lat: ${alias}lat, lon: ${alias}lon,
  as_number: ${alias}as_number, as_org: ${alias}as_org, isp: ${alias}isp, domain: ${alias}domain,
  client_device: ${alias}client_device, os: ${alias}os, browser: ${alias}browser,
  dt_hash: ${alias}dt_hash, user_agent: ${alias}user_agent, session_id: ${alias}session_id, is_proxy: ${alias}is_proxy,
  tunnels: ${alias}tunnels}`

export const CANDIDATES_SQL = `
WITH egress_ranges AS (
  SELECT unnest(from_json($egressRanges, '[{"lo":"BIGINT","hi":"BIGINT"}]'), recursive := true)
),
egress_asns AS (SELECT unnest(from_json($egressAsns, '["BIGINT"]')) AS asn),
sign_ins AS (
  SELECT * FROM events
  WHERE event_type = 'user.session.start' AND outcome_result = 'SUCCESS'
    AND actor_type = 'User' AND actor_id IS NOT NULL
    AND actor_id NOT IN ('unknown') AND coalesce(actor_login, '') NOT IN ('system@okta.com', 'unknown')
    AND coalesce(client_app_id, '') NOT LIKE 'okta.%'
    AND lat IS NOT NULL AND lon IS NOT NULL
    AND ingest_seq <= $until
),
fresh AS (
  SELECT * FROM sign_ins
  WHERE ingest_seq > $after AND ($since IS NULL OR published >= $since::TIMESTAMPTZ)
),
scope AS (
  SELECT org, actor_id, min(published) - to_days($learningDays::INTEGER) AS since
  FROM fresh GROUP BY org, actor_id
),
history AS (
  SELECT s.*,
    NOT coalesce(s.is_proxy, false)
      AND coalesce(s.tunnels, '') IN ('', '[]')
      AND coalesce(s.as_number NOT IN (SELECT asn FROM egress_asns), true)
      AND NOT EXISTS (
        SELECT 1 FROM egress_ranges r
        WHERE ${IPV4_NUM.replaceAll('client_ip', 's.client_ip')} BETWEEN r.lo AND r.hi
      ) AS usable,
    s.ingest_seq > $after AND ($since IS NULL OR s.published >= $since::TIMESTAMPTZ) AS is_new
  FROM sign_ins s JOIN scope USING (org, actor_id)
  WHERE s.published >= scope.since
),
paired AS (
  SELECT h.*,
    last_value(CASE WHEN usable THEN ${POINT('')} END IGNORE NULLS) OVER w AS prev,
    count(*) FILTER (WHERE usable) OVER w AS prior_sign_ins,
    list(DISTINCT as_number) FILTER (WHERE usable) OVER w AS prior_asns,
    list(DISTINCT {lat: round(lat, 1), lon: round(lon, 1), country: country})
      FILTER (WHERE usable) OVER w AS prior_places,
    list(DISTINCT dt_hash) FILTER (WHERE usable AND dt_hash IS NOT NULL) OVER w AS prior_dt,
    list(DISTINCT user_agent) FILTER (WHERE usable AND user_agent IS NOT NULL) OVER w AS prior_ua
  FROM history h
  WINDOW w AS (PARTITION BY org, actor_id ORDER BY published, ingest_seq
               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
),
candidates AS (
  SELECT * FROM paired WHERE is_new AND usable AND prev IS NOT NULL
),
partner_places AS (
  SELECT u.org, u.partner_id, s.country, s.city, list(DISTINCT s.actor_id) AS users
  FROM sign_ins s
  JOIN dir_users u ON u.org = s.org AND u.id = s.actor_id
  WHERE u.partner_id IS NOT NULL
    AND s.published >= (SELECT min(since) FROM scope)
    AND EXISTS (SELECT 1 FROM candidates c WHERE c.country = s.country AND c.city = s.city)
  GROUP BY ALL
),
failed_mfa AS (
  SELECT c.uuid, count(*) AS n
  FROM candidates c JOIN events e
    ON e.org = c.org AND e.actor_id = c.actor_id
   AND e.published BETWEEN c.published - to_minutes($failedMfaMinutes::INTEGER) AND c.published
  WHERE e.ingest_seq <= $until
    AND ((e.event_type IN ('user.authentication.auth_via_mfa', 'user.authentication.verify')
          AND e.outcome_result = 'FAILURE')
      OR e.event_type = 'user.mfa.okta_verify.deny_push')
  GROUP BY c.uuid
)
SELECT c.org, c.actor_id AS user_id, c.actor_login AS user_login, u.partner_id,
  ${POINT('c.')} AS cur,
  c.threat_suspected, c.risk_level, c.behaviors,
  c.prev, c.prior_sign_ins, c.prior_asns, c.prior_places, c.prior_dt, c.prior_ua,
  coalesce(len(list_filter(pp.users, x -> x <> c.actor_id)), 0) AS partner_users_at_destination,
  coalesce(f.n, 0) AS failed_mfa_before
FROM candidates c
LEFT JOIN dir_users u ON u.org = c.org AND u.id = c.actor_id
LEFT JOIN partner_places pp
  ON pp.org = c.org AND pp.partner_id = u.partner_id AND pp.country = c.country AND pp.city = c.city
LEFT JOIN failed_mfa f ON f.uuid = c.uuid
WHERE ($partnersOnly = false OR u.partner_id IS NOT NULL)
ORDER BY c.published, c.ingest_seq
`

interface CandidateRow {
  org: string
  user_id: string
  user_login: string | null
  partner_id: string | null
  cur: PointRow
  threat_suspected: boolean | null
  risk_level: string | null
  behaviors: string | null
  prev: PointRow
  prior_sign_ins: bigint | number
  prior_asns: (bigint | number | null)[] | null
  prior_places: { lat: number; lon: number; country: string | null }[] | null
  prior_dt: string[] | null
  prior_ua: string[] | null
  partner_users_at_destination: bigint | number
  failed_mfa_before: bigint | number
}

export interface CandidateOptions {
  learningDays?: number
  partnersOnly?: boolean
}

export function settingNumber(
  config: Readonly<Record<string, unknown>>,
  key: string,
  fallback: number,
): number {
  const v = config[key]
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback
}

export async function candidates(
  db: Database,
  window: DetectionWindow,
  ctx: DetectorContext,
): Promise<TravelCandidate[]> {
  const egress = knownEgress(ctx.partners)
  const rows = await db.all<CandidateRow>(CANDIDATES_SQL, {
    after: window.afterSeq,
    until: window.untilSeq,
    since: window.publishedSince?.toISOString() ?? null,
    learningDays: Math.round(settingNumber(ctx.config, 'learningDays', DEFAULT_LEARNING_DAYS)),
    failedMfaMinutes: FAILED_MFA_MINUTES,
    egressAsns: JSON.stringify(egress.asns),
    egressRanges: JSON.stringify(ipv4Ranges(egress.cidrs)),
    partnersOnly: ctx.config.partnersOnly !== false,
  })
  return rows.map((r) => ({
    org: r.org,
    userId: r.user_id,
    userLogin: r.user_login,
    partnerId: r.partner_id,
    current: {
      ...point(r.cur),
      threatSuspected: r.threat_suspected ?? false,
      riskLevel: r.risk_level,
      behaviors: r.behaviors,
    },
    previous: point(r.prev),
    priorSignIns: Number(r.prior_sign_ins),
    priorAsns: (r.prior_asns ?? []).filter((a) => a !== null).map(Number),
    priorPlaces: r.prior_places ?? [],
    priorDtHashes: r.prior_dt ?? [],
    priorUserAgents: r.prior_ua ?? [],
    partnerUsersAtDestination: Number(r.partner_users_at_destination),
    failedMfaBefore: Number(r.failed_mfa_before),
  }))
}
