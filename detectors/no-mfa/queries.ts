// No MFA, the DuckDB half: the window's successful session starts of users whose partner requires
// MFA (`partners[].requireMfa`, bound as two parallel lists), each with the factor and IdP events of
// the same sign-in: `auth_via_mfa` / `verify` SUCCESS (debugData.factor) and, for federated users,
// `auth_via_IDP` / `auth_via_inbound_SAML` with what the IdP asserted (debugData.amr or
// authnContextClassRef, read from the raw JSON of those few rows). "The same sign-in" = the same
// Okta session or transaction, or the same address in the 15 minutes before.
import { listValue } from '@duckdb/node-api'
import type { Database } from '../../lib/db.js'
import { sliceParams, type DetectionWindow, type DetectorContext } from '../types.js'
import { minutesBefore, rawDebugValue, windowSpan } from '../sign-in-common.js'

export interface FactorEvidence {
  uuid: string
  eventType: string
  credentialType: string | null
  factor: string | null
  amr: string | null
  acr: string | null
}

export interface SessionCandidate {
  uuid: string
  org: string
  published: Date
  userId: string
  userLogin: string | null
  partnerId: string
  ip: string | null
  sessionId: string | null
  authProvider: string | null
  credentialType: string | null
  requestUri: string | null
  userAgent: string | null
  asNumber: number | null
  asOrg: string | null
  isp: string | null
  domain: string | null
  factors: FactorEvidence[]
}

/** Okta factors that prove nothing beyond the password, and weak ones (score.ts judges by these). */
export const PASSWORD_FACTORS = 'PASSWORD|PASSWORD_AS_FACTOR|OKTA_PASSWORD'
export const WEAK_FACTORS = 'SMS|CALL|VOICE|EMAIL|QUESTION|SECURITY_QUESTION|KBA|TEL'

/** How far before a session start its factor events may be. */
export const FLOW_MINUTES = 15

const SESSION_START = `event_type = 'user.session.start' AND outcome_result = 'SUCCESS'`

const hashed = (v: string): string => `CASE WHEN ${v} IS NOT NULL THEN hash(${v}) END`
const FACTOR_TYPES = `('user.authentication.auth_via_mfa', 'user.authentication.verify',
  'user.authentication.auth_via_IDP', 'user.authentication.auth_via_inbound_SAML')`

// Linear in the events read: the slice's session starts of the judged users meet the factor events
// of their flow through an hour-bucket equality; debugData is read from the raw text of the factor
// events in the span.
export const NO_MFA_SQL = `
WITH policies AS (
  SELECT unnest($partnerIds::VARCHAR[]) AS partner_id, unnest($requireMfa::BOOLEAN[]) AS require_mfa
),
-- The slice's session starts of the judged users, narrow: the user and the flow's keys hashed.
starts AS (
  SELECT e.ingest_seq AS seq, hash(e.org, e.actor_id) AS uid, e.published,
    ${hashed('e.session_id')} AS hs, ${hashed('e.transaction_id')} AS ht,
    ${hashed('e.client_ip')} AS hi
  FROM events e
  JOIN dir_users u ON u.org = e.org AND u.id = e.actor_id
  JOIN policies p ON p.partner_id = u.partner_id AND p.require_mfa
  WHERE e.ingest_seq > $after AND e.ingest_seq <= $until
    AND ($since IS NULL OR e.published >= $since::TIMESTAMPTZ)
    AND e.event_type = 'user.session.start' AND e.outcome_result = 'SUCCESS'
    AND e.actor_type = 'User'
),
-- Factor events of the same users in the slice's span, each under three hour buckets (its own and
-- both neighbours): a start meets the factors of its flow (15 min before to 2 min after) by an
-- equality on (user, its hour bucket) — a small join, never every start × every factor of a user.
factors AS (
  SELECT e.ingest_seq AS seq, hash(e.org, e.actor_id) AS uid, e.published,
    ${hashed('e.session_id')} AS hs, ${hashed('e.transaction_id')} AS ht,
    ${hashed('e.client_ip')} AS hi,
    unnest([-1, 0, 1]) + epoch(e.published)::BIGINT // 3600 AS bucket
  FROM events e
  JOIN dir_users u ON u.org = e.org AND u.id = e.actor_id
  JOIN policies p ON p.partner_id = u.partner_id AND p.require_mfa
  WHERE e.ingest_seq <= $until AND e.published BETWEEN $lo::TIMESTAMPTZ AND $hi::TIMESTAMPTZ
    AND e.outcome_result = 'SUCCESS' AND e.event_type IN ${FACTOR_TYPES}
),
matched AS (
  SELECT s.seq AS start_seq, f.seq, f.published
  FROM starts s
  JOIN factors f ON f.uid = s.uid AND f.bucket = epoch(s.published)::BIGINT // 3600
  WHERE f.published BETWEEN s.published - to_minutes($flowMinutes::INTEGER)
                        AND s.published + INTERVAL 2 MINUTES
    AND (f.hs = s.hs OR f.ht = s.ht OR f.hi = s.hi)
),
detail AS (
  SELECT e.ingest_seq AS seq, e.uuid, e.event_type, e.credential_type,
    CASE WHEN e.event_type IN ('user.authentication.auth_via_mfa', 'user.authentication.verify')
      THEN ${rawDebugValue('e.raw', 'factor')} END AS factor,
    CASE WHEN e.event_type LIKE '%IDP' OR e.event_type LIKE '%SAML'
      THEN ${rawDebugValue('e.raw', 'amr')} END AS amr,
    CASE WHEN e.event_type LIKE '%IDP' OR e.event_type LIKE '%SAML'
      THEN ${rawDebugValue('e.raw', 'authnContextClassRef')} END AS acr
  FROM events e
  WHERE e.ingest_seq IN (SELECT unnest(list(seq)) FROM matched)
    AND e.ingest_seq <= $until AND e.published BETWEEN $lo::TIMESTAMPTZ AND $hi::TIMESTAMPTZ
    AND e.event_type IN ${FACTOR_TYPES}
),
-- A session with a strong Okta factor is never a finding (score.ts): it does not leave DuckDB, and
-- only the others get their factors listed.
strong AS (
  SELECT DISTINCT m.start_seq
  FROM matched m JOIN detail d ON d.seq = m.seq
  WHERE d.event_type IN ('user.authentication.auth_via_mfa', 'user.authentication.verify')
    AND NOT regexp_full_match(coalesce(d.factor, d.credential_type, ''), '(?i)(' || $passwordFactors || ')')
    AND NOT regexp_full_match(coalesce(d.factor, d.credential_type, ''), '(?i)(' || $weakFactors || ')')
),
judged AS (
  SELECT m.start_seq,
    list({uuid: d.uuid, event_type: d.event_type, credential_type: d.credential_type,
          factor: d.factor, amr: d.amr, acr: d.acr} ORDER BY m.published, m.seq) AS factors
  FROM matched m JOIN detail d ON d.seq = m.seq
  WHERE m.start_seq NOT IN (SELECT start_seq FROM strong)
  GROUP BY m.start_seq
)
SELECT e.uuid, e.org, e.published, e.actor_id, e.actor_login, u.partner_id, e.client_ip,
  e.session_id, e.auth_provider, e.credential_type, e.request_uri, e.user_agent, e.as_number,
  e.as_org, e.isp, e.domain, j.factors
FROM events e
JOIN dir_users u ON u.org = e.org AND u.id = e.actor_id
LEFT JOIN judged j ON j.start_seq = e.ingest_seq
WHERE e.ingest_seq > $after AND e.ingest_seq <= $until
  AND e.ingest_seq IN (SELECT unnest(list(seq)) FROM starts)
  AND e.event_type = 'user.session.start' AND e.outcome_result = 'SUCCESS'
  AND e.ingest_seq NOT IN (SELECT start_seq FROM strong)
ORDER BY e.published, e.uuid
`

interface Row {
  uuid: string
  org: string
  published: Date
  actor_id: string
  actor_login: string | null
  partner_id: string
  client_ip: string | null
  session_id: string | null
  auth_provider: string | null
  credential_type: string | null
  request_uri: string | null
  user_agent: string | null
  as_number: bigint | number | null
  as_org: string | null
  isp: string | null
  domain: string | null
  factors:
    | {
        uuid: string
        event_type: string
        credential_type: string | null
        factor: string | null
        amr: string | null
        acr: string | null
      }[]
    | null
}

export async function candidates(
  db: Database,
  window: DetectionWindow,
  ctx: DetectorContext,
): Promise<SessionCandidate[]> {
  if (ctx.partners.length === 0) {
    return []
  }
  const span = await windowSpan(db, window, SESSION_START)
  if (!span) {
    return []
  }
  const rows = await db.all<Row>(NO_MFA_SQL, {
    lo: minutesBefore(span.lo, FLOW_MINUTES),
    hi: minutesBefore(span.hi, -2),
    partnerIds: listValue(ctx.partners.map((p) => p.id)),
    requireMfa: listValue(ctx.partners.map((p) => p.requireMfa)),
    ...sliceParams(window),
    flowMinutes: FLOW_MINUTES,
    passwordFactors: PASSWORD_FACTORS,
    weakFactors: WEAK_FACTORS,
  })
  return rows.map((r) => ({
    uuid: r.uuid,
    org: r.org,
    published: r.published,
    userId: r.actor_id,
    userLogin: r.actor_login,
    partnerId: r.partner_id,
    ip: r.client_ip,
    sessionId: r.session_id,
    authProvider: r.auth_provider,
    credentialType: r.credential_type,
    requestUri: r.request_uri,
    userAgent: r.user_agent,
    asNumber: r.as_number === null ? null : Number(r.as_number),
    asOrg: r.as_org,
    isp: r.isp,
    domain: r.domain,
    factors: (r.factors ?? []).map((f) => ({
      uuid: f.uuid,
      eventType: f.event_type,
      credentialType: f.credential_type,
      factor: f.factor,
      amr: f.amr,
      acr: f.acr,
    })),
  }))
}
