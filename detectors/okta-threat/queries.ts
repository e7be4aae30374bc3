// Okta's own threat verdicts, the SQL half, in two reads. Verdicts on a sign-in: successful
// `user.session.start` in the slice flagged `threatSuspected` or with risk level HIGH, each with the
// ThreatInsight event (`security.threat.detected`) from the same address in the minutes before, if
// any. ThreatInsight events on their own: those in the slice no flagged sign-in of the same address
// follows, the first per address and UTC day, tied to a user by `transaction.id` or, failing that,
// by the nearest user event from the same address (ThreatInsight acts before the user is known).
import type { Database } from '../../lib/db.js'
import { sliceParams, type DetectionWindow, type DetectorContext } from '../types.js'

/** A ThreatInsight event and a user's event from the same address this close belong together. */
export const TIE_MINUTES = 10

export interface ThreatEvent {
  uuid: string
  published: Date
  outcome: string | null
  reason: string | null
  detections: string | null
  ip: string | null
}

export interface FlaggedSignIn {
  kind: 'sign-in'
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
  threatSuspected: boolean
  riskLevel: string | null
  riskReasons: string | null
  behaviors: string | null
  threat: ThreatEvent | null
}

export interface ThreatOnly {
  kind: 'threat'
  org: string
  threat: ThreatEvent
  /** The user the address was acting as, when one could be tied. */
  userId: string | null
  userLogin: string | null
  partnerId: string | null
  tiedBy: 'transaction' | 'address' | null
  /** ThreatInsight events from this address this UTC day so far. */
  eventsToday: number
}

export type ThreatCandidate = FlaggedSignIn | ThreatOnly

const THREAT = `{uuid: t.uuid, published: t.published, outcome: t.outcome_result, reason: t.outcome_reason,
  detections: t.threat_detections, ip: t.client_ip}`

export const SIGN_INS_SQL = `
WITH flagged AS (
  SELECT e.org, e.actor_id, e.actor_login, e.uuid, e.published, e.client_ip, e.city, e.country,
    e.as_number, e.as_org, e.threat_suspected, e.risk_level, e.risk_reasons, e.behaviors,
    u.partner_id, u.login
  FROM events e
  LEFT JOIN dir_users u ON u.org = e.org AND u.id = e.actor_id
  WHERE e.event_type = 'user.session.start' AND e.outcome_result = 'SUCCESS'
    AND e.actor_type = 'User' AND e.actor_id IS NOT NULL
    AND (e.threat_suspected OR e.risk_level = 'HIGH')
    AND e.ingest_seq > $after AND e.ingest_seq <= $until
    AND ($since IS NULL OR e.published >= $since::TIMESTAMPTZ)
    AND ($partnersOnly = false OR u.partner_id IS NOT NULL)
),
threats AS (
  SELECT t.uuid, t.org, t.published, t.client_ip, t.outcome_result, t.outcome_reason, t.threat_detections
  FROM events t
  WHERE t.event_type = 'security.threat.detected' AND t.ingest_seq <= $until
    AND t.published >= (SELECT min(published) FROM flagged) - to_minutes($tieMinutes::INTEGER)
)
SELECT f.org, f.actor_id AS user_id, coalesce(f.login, f.actor_login) AS user_login, f.partner_id,
  f.uuid, f.published, f.client_ip AS ip, f.city, f.country, f.as_number, f.as_org,
  coalesce(f.threat_suspected, false) AS threat_suspected, f.risk_level, f.risk_reasons, f.behaviors,
  arg_max(${THREAT}, t.published) AS threat
FROM flagged f LEFT JOIN threats t
  ON t.org = f.org AND t.client_ip = f.client_ip
 AND t.published BETWEEN f.published - to_minutes($tieMinutes::INTEGER) AND f.published
GROUP BY ALL
ORDER BY f.published, f.uuid
`

export const THREATS_SQL = `
WITH all_threats AS (
  SELECT org, uuid, published, ingest_seq, client_ip, transaction_id, outcome_result, outcome_reason,
    threat_detections, strftime(published, '%Y-%m-%d') AS day,
    ingest_seq > $after AND ($since IS NULL OR published >= $since::TIMESTAMPTZ) AS is_new
  FROM events
  WHERE event_type = 'security.threat.detected' AND ingest_seq <= $until
),
fresh_days AS (SELECT DISTINCT org, client_ip, day FROM all_threats WHERE is_new),
t AS (
  SELECT a.*,
    row_number() OVER w AS nth,
    count(*) OVER w AS events_today
  FROM all_threats a SEMI JOIN fresh_days d
    ON d.org = a.org AND d.client_ip IS NOT DISTINCT FROM a.client_ip AND d.day = a.day
  WINDOW w AS (PARTITION BY a.org, a.client_ip, a.day ORDER BY a.published, a.ingest_seq
               ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
),
firsts AS (SELECT * FROM t WHERE is_new AND nth = 1),
users AS (
  SELECT f.uuid AS threat_uuid,
    arg_min({id: e.actor_id, login: e.actor_login, by_tx: e.transaction_id = f.transaction_id},
            (e.transaction_id IS DISTINCT FROM f.transaction_id, abs(epoch(e.published) - epoch(f.published)))) AS who,
    bool_or(e.event_type = 'user.session.start' AND e.outcome_result = 'SUCCESS'
            AND (e.threat_suspected OR e.risk_level = 'HIGH') AND e.published >= f.published
            AND e.client_ip = f.client_ip) AS flagged_after
  FROM firsts f JOIN events e
    ON e.org = f.org AND e.actor_type = 'User' AND e.actor_id IS NOT NULL AND e.ingest_seq <= $until
   AND (e.transaction_id = f.transaction_id OR e.client_ip = f.client_ip)
   AND e.published BETWEEN f.published - to_minutes($tieMinutes::INTEGER)
                       AND f.published + to_minutes($tieMinutes::INTEGER)
  GROUP BY f.uuid
)
SELECT f.org, {uuid: f.uuid, published: f.published, outcome: f.outcome_result, reason: f.outcome_reason,
  detections: f.threat_detections, ip: f.client_ip} AS threat, f.events_today,
  u.who.id AS user_id, coalesce(d.login, u.who.login) AS user_login, d.partner_id,
  CASE WHEN u.who.id IS NULL THEN NULL WHEN u.who.by_tx THEN 'transaction' ELSE 'address' END AS tied_by,
  coalesce(u.flagged_after, false) AS reported_with_sign_in
FROM firsts f
LEFT JOIN users u ON u.threat_uuid = f.uuid
LEFT JOIN dir_users d ON d.org = f.org AND d.id = u.who.id
ORDER BY f.published, f.uuid
`

interface ThreatRow {
  uuid: string
  published: Date
  outcome: string | null
  reason: string | null
  detections: string | null
  ip: string | null
}

interface SignInRow {
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
  threat_suspected: boolean
  risk_level: string | null
  risk_reasons: string | null
  behaviors: string | null
  threat: ThreatRow | null
}

interface ThreatOnlyRow {
  org: string
  threat: ThreatRow
  events_today: bigint | number
  user_id: string | null
  user_login: string | null
  partner_id: string | null
  tied_by: 'transaction' | 'address' | null
  reported_with_sign_in: boolean
}

export async function candidates(
  db: Database,
  window: DetectionWindow,
  ctx: DetectorContext,
): Promise<ThreatCandidate[]> {
  const params = {
    ...sliceParams(window),
    tieMinutes: TIE_MINUTES,
  }
  const signIns = await db.all<SignInRow>(SIGN_INS_SQL, {
    ...params,
    partnersOnly: ctx.config.partnersOnly !== false,
  })
  const partnersOnly = ctx.config.partnersOnly !== false
  const threats = await db.all<ThreatOnlyRow>(THREATS_SQL, params)
  return [
    ...signIns.map((r): FlaggedSignIn => ({
      kind: 'sign-in',
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
      threatSuspected: r.threat_suspected,
      riskLevel: r.risk_level,
      riskReasons: r.risk_reasons,
      behaviors: r.behaviors,
      threat: r.threat && r.threat.uuid ? r.threat : null,
    })),
    ...threats
      // Reported with the flagged sign-in it precedes (when that one is judged at all).
      .filter((r) => !(r.reported_with_sign_in && (!partnersOnly || r.partner_id !== null)))
      .map((r): ThreatOnly => ({
        kind: 'threat',
        org: r.org,
        threat: r.threat,
        userId: r.user_id,
        userLogin: r.user_login,
        partnerId: r.partner_id,
        tiedBy: r.tied_by,
        eventsToday: Number(r.events_today),
      })),
  ]
}
