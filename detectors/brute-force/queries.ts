// Brute force (and password spray, which reads the same rows), the DuckDB half: password failures,
// lockouts and successful sign-ins of the judged users, published from `lookbackMinutes` before the
// earliest new one to `lookaheadMinutes` after the latest; successes only for users who failed in
// the `lookaheadMinutes` before them (what explains a typo, or escalates an attack).
//
// A password failure is `user.session.start` FAILURE (Classic and OIE) or
// `user.authentication.verify` FAILURE with a PASSWORD credential; a lockout is `user.account.lock`
// or `user.account.lock.limit`, whose user may be the target when Okta itself is the actor.
// Cost: the slice's time span first (its own small query), then only the events published in that
// span plus the margins, bounded by constants so DuckDB skips the rest of the store.
import type { Database } from '../../lib/db.js'
import type { DetectionWindow, DetectorContext } from '../types.js'
import { anyUser, minutesBefore, windowSpan } from '../sign-in-common.js'

export type AttemptKind = 'failure' | 'lock' | 'success'

export interface Attempt {
  uuid: string
  org: string
  published: Date
  isNew: boolean
  userId: string
  userLogin: string | null
  partnerId: string | null
  kind: AttemptKind
  reason: string | null
  ip: string | null
  asNumber: number | null
  asOrg: string | null
  isp: string | null
  domain: string | null
  country: string | null
  userAgent: string | null
  threatSuspected: boolean
}

const ATTEMPT = `((event_type = 'user.session.start' AND outcome_result IN ('SUCCESS', 'FAILURE'))
  OR (event_type = 'user.authentication.verify' AND outcome_result = 'FAILURE'
      AND credential_type = 'PASSWORD')
  OR event_type IN ('user.account.lock', 'user.account.lock.limit'))`

const ATTEMPTS_SQL = `
WITH attempts AS (
  SELECT e.uuid, e.org, e.published, e.ingest_seq, e.outcome_reason, e.client_ip, e.as_number,
    e.as_org, e.isp, e.domain, e.country, e.user_agent, e.threat_suspected,
    CASE WHEN e.event_type LIKE 'user.account.lock%' AND coalesce(e.actor_type, '') <> 'User'
      THEN coalesce(e.target_user_id, e.actor_id) ELSE e.actor_id END AS user_id,
    CASE WHEN e.event_type LIKE 'user.account.lock%' AND coalesce(e.actor_type, '') <> 'User'
      THEN coalesce(e.target_user_login, e.actor_login) ELSE e.actor_login END AS user_login,
    CASE WHEN e.event_type LIKE 'user.account.lock%' THEN 'lock'
      WHEN e.outcome_result = 'SUCCESS' THEN 'success' ELSE 'failure' END AS kind
  FROM events e
  WHERE e.ingest_seq <= $until AND ${ATTEMPT}
    AND e.published BETWEEN $lo::TIMESTAMPTZ AND $hi::TIMESTAMPTZ
),
scoped AS (
  SELECT a.*, u.partner_id, a.ingest_seq > $after
    AND ($since IS NULL OR a.published >= $since::TIMESTAMPTZ) AS is_new
  FROM attempts a
  LEFT JOIN dir_users u ON u.org = a.org AND u.id = a.user_id
  WHERE a.user_id IS NOT NULL
    AND a.user_id <> 'unknown' AND ($anyUser OR u.partner_id IS NOT NULL)
),
bad AS (SELECT * FROM scoped WHERE kind <> 'success'),
good AS (
  SELECT s.* FROM scoped s
  WHERE s.kind = 'success' AND EXISTS (
    SELECT 1 FROM bad b WHERE b.org = s.org AND b.user_id = s.user_id
      AND b.published BETWEEN s.published - to_minutes($lookaheadMinutes::INTEGER) AND s.published)
)
SELECT * EXCLUDE (ingest_seq) FROM (SELECT * FROM bad UNION ALL SELECT * FROM good)
ORDER BY published, uuid
`

interface AttemptRow {
  uuid: string
  org: string
  published: Date
  outcome_reason: string | null
  client_ip: string | null
  as_number: bigint | number | null
  as_org: string | null
  isp: string | null
  domain: string | null
  country: string | null
  user_agent: string | null
  threat_suspected: boolean | null
  user_id: string
  user_login: string | null
  kind: AttemptKind
  partner_id: string | null
  is_new: boolean
}

export async function readAttempts(
  db: Database,
  window: DetectionWindow,
  ctx: DetectorContext,
  margins: { lookbackMinutes: number; lookaheadMinutes: number },
): Promise<Attempt[]> {
  const span = await windowSpan(db, window, ATTEMPT)
  if (!span) {
    return []
  }
  const rows = await db.all<AttemptRow>(ATTEMPTS_SQL, {
    lo: minutesBefore(span.lo, margins.lookbackMinutes),
    hi: minutesBefore(span.hi, -margins.lookaheadMinutes),
    after: window.afterSeq,
    until: window.untilSeq,
    since: window.publishedSince?.toISOString() ?? null,
    anyUser: anyUser(ctx),
    lookaheadMinutes: Math.round(margins.lookaheadMinutes),
  })
  return rows.map((r) => ({
    uuid: r.uuid,
    org: r.org,
    published: r.published,
    isNew: r.is_new,
    userId: r.user_id,
    userLogin: r.user_login,
    partnerId: r.partner_id,
    kind: r.kind,
    reason: r.outcome_reason,
    ip: r.client_ip,
    asNumber: r.as_number === null ? null : Number(r.as_number),
    asOrg: r.as_org,
    isp: r.isp,
    domain: r.domain,
    country: r.country,
    userAgent: r.user_agent,
    threatSuspected: r.threat_suspected ?? false,
  }))
}

/** A success this long after an attack's crossing event escalates it. */
export const SUCCESS_WITHIN_MINUTES = 180
/** Read back far enough for a burst's start and for the attack a new success may follow. */
export const LOOKBACK_MINUTES = SUCCESS_WITHIN_MINUTES + 120

export function candidates(
  db: Database,
  window: DetectionWindow,
  ctx: DetectorContext,
): Promise<Attempt[]> {
  return readAttempts(db, window, ctx, {
    lookbackMinutes: LOOKBACK_MINUTES,
    lookaheadMinutes: SUCCESS_WITHIN_MINUTES,
  })
}
