// Anonymiser, the SQL half: successful sign-ins in the slice through an anonymiser candidate
// (`isProxy`, any `debugData.tunnels`, a known anonymiser ASN, or a Tor/VPN/relay name), with the
// user's sign-ins over the learning window before: how many went through an anonymiser (relays
// counted apart), and the device tokens and user agents seen. Known partner egress never counts.
import type { Database } from '../../lib/db.js'
import { sliceParams, type DetectionWindow, type DetectorContext } from '../types.js'
import { SLICE_START_SQL } from '../session-hijack/queries.js'
import { ANONYMIZER_ASNS, RELAY_NAME, TOR_NAME, VPN_NAME } from './classify.js'

export const DEFAULT_LEARNING_DAYS = 90

export interface AnonymizerCandidate {
  org: string
  userId: string
  userLogin: string | null
  partnerId: string | null
  uuid: string
  published: Date
  ip: string | null
  city: string | null
  country: string | null
  asNumber: number | null
  asOrg: string | null
  isp: string | null
  domain: string | null
  isProxy: boolean
  tunnels: string | null
  dtHash: string | null
  userAgent: string | null
  behaviors: string | null
  threatSuspected: boolean
  /** Earlier sign-ins of the user in the learning window, in total and through each class. */
  priorSignIns: number
  priorAnonymized: number
  priorRelayed: number
  priorDtHashes: string[]
  priorUserAgents: string[]
}

const names = "concat_ws(' | ', as_org, isp, domain, tunnels)"

/** The columns read of a sign-in, with its anonymiser flags (`anon`, `relay_name`). */
const SIGN_IN = `org, actor_id, actor_login, uuid, published, ingest_seq, client_ip, city, country, as_number,
    as_org, isp, domain, is_proxy, tunnels, dt_hash, user_agent, behaviors, threat_suspected,
    (coalesce(is_proxy, false) OR coalesce(tunnels, '') NOT IN ('', '[]', 'null')
      OR list_contains(from_json($anonAsns, '["BIGINT"]'), as_number)
      OR regexp_matches(${names}, $torName) OR regexp_matches(${names}, $vpnName))
      AND coalesce(as_number NOT IN (SELECT asn FROM egress), true) AS anon,
    regexp_matches(${names}, $relayName) AS relay_name`
const IS_SIGN_IN = `event_type = 'user.session.start' AND outcome_result = 'SUCCESS'
    AND actor_type = 'User' AND actor_id IS NOT NULL AND ingest_seq <= $until`

export const CANDIDATES_SQL = `
WITH egress AS (SELECT unnest(from_json($egressAsns, '["BIGINT"]')) AS asn),
fresh AS (
  SELECT s.*, u.partner_id, u.login
  FROM (SELECT ${SIGN_IN} FROM events
        WHERE ${IS_SIGN_IN} AND ingest_seq > $after AND ($since IS NULL OR published >= $since::TIMESTAMPTZ)) s
  LEFT JOIN dir_users u ON u.org = s.org AND u.id = s.actor_id
  WHERE s.anon AND ($partnersOnly = false OR u.partner_id IS NOT NULL)
),
history AS (
  -- Only the candidates' users, from a bound constant so older row groups are skipped.
  SELECT ${SIGN_IN} FROM events e SEMI JOIN fresh f ON f.org = e.org AND f.actor_id = e.actor_id
  WHERE ${IS_SIGN_IN} AND published >= $from::TIMESTAMPTZ
),
prior AS (
  SELECT f.uuid,
    count(h.uuid) AS prior_sign_ins,
    count(h.uuid) FILTER (WHERE h.anon AND NOT h.relay_name) AS prior_anonymized,
    count(h.uuid) FILTER (WHERE h.anon AND h.relay_name) AS prior_relayed,
    list(DISTINCT h.dt_hash) FILTER (WHERE h.dt_hash IS NOT NULL) AS prior_dt,
    list(DISTINCT h.user_agent) FILTER (WHERE h.user_agent IS NOT NULL) AS prior_ua
  FROM fresh f LEFT JOIN history h
    ON h.org = f.org AND h.actor_id = f.actor_id
   AND h.published >= f.published - to_days($learningDays::INTEGER)
   AND (h.published < f.published OR (h.published = f.published AND h.ingest_seq < f.ingest_seq))
  GROUP BY f.uuid
)
SELECT f.org, f.actor_id AS user_id, coalesce(f.login, f.actor_login) AS user_login, f.partner_id,
  f.uuid, f.published, f.client_ip AS ip, f.city, f.country, f.as_number, f.as_org, f.isp, f.domain,
  f.is_proxy, f.tunnels, f.dt_hash, f.user_agent, f.behaviors, f.threat_suspected,
  p.prior_sign_ins, p.prior_anonymized, p.prior_relayed, p.prior_dt, p.prior_ua
FROM fresh f JOIN prior p ON p.uuid = f.uuid
ORDER BY f.published, f.ingest_seq
`

interface Row {
  org: string
  user_id: string
  user_login: string | null
  partner_id: string | null
  uuid: string
  published: Date
  ip: string | null
  city: string | null
  country: string | null
  as_number: bigint | number | null
  as_org: string | null
  isp: string | null
  domain: string | null
  is_proxy: boolean | null
  tunnels: string | null
  dt_hash: string | null
  user_agent: string | null
  behaviors: string | null
  threat_suspected: boolean | null
  prior_sign_ins: bigint | number
  prior_anonymized: bigint | number
  prior_relayed: bigint | number
  prior_dt: string[] | null
  prior_ua: string[] | null
}

export function learningDays(config: Readonly<Record<string, unknown>>): number {
  const v = config.learningDays
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : DEFAULT_LEARNING_DAYS
}

/** A JS regular expression as DuckDB (RE2) takes it: case-insensitivity as an inline flag. */
const re2 = (r: RegExp): string => `(?i)${r.source}`

export async function candidates(
  db: Database,
  window: DetectionWindow,
  ctx: DetectorContext,
): Promise<AnonymizerCandidate[]> {
  const extra = Array.isArray(ctx.config.anonymizerAsns)
    ? ctx.config.anonymizerAsns.filter((a): a is number => Number.isInteger(a))
    : []
  const slice = sliceParams(window)
  const start = await db.one<{ first: Date | null }>(SLICE_START_SQL, slice)
  if (!start?.first) {
    return []
  }
  const days = learningDays(ctx.config)
  const rows = await db.all<Row>(CANDIDATES_SQL, {
    ...slice,
    // The history scan reads from a constant, so DuckDB skips older row groups by their zone maps.
    from: new Date(start.first.getTime() - days * 86_400_000).toISOString(),
    learningDays: days,
    partnersOnly: ctx.config.partnersOnly !== false,
    egressAsns: JSON.stringify(ctx.partners.flatMap((p) => p.knownEgress.asns)),
    anonAsns: JSON.stringify([...ANONYMIZER_ASNS, ...extra]),
    torName: re2(TOR_NAME),
    vpnName: re2(VPN_NAME),
    relayName: re2(RELAY_NAME),
  })
  return rows.map((r) => ({
    org: r.org,
    userId: r.user_id,
    userLogin: r.user_login,
    partnerId: r.partner_id,
    uuid: r.uuid,
    published: r.published,
    ip: r.ip,
    city: r.city,
    country: r.country,
    asNumber: r.as_number === null ? null : Number(r.as_number),
    asOrg: r.as_org,
    isp: r.isp,
    domain: r.domain,
    isProxy: r.is_proxy ?? false,
    tunnels: r.tunnels,
    dtHash: r.dt_hash,
    userAgent: r.user_agent,
    behaviors: r.behaviors,
    threatSuspected: r.threat_suspected ?? false,
    priorSignIns: Number(r.prior_sign_ins),
    priorAnonymized: Number(r.prior_anonymized),
    priorRelayed: Number(r.prior_relayed),
    priorDtHashes: r.prior_dt ?? [],
    priorUserAgents: r.prior_ua ?? [],
  }))
}
