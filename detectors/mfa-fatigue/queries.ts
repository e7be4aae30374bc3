// MFA fatigue, the DuckDB half: the push traffic of the judged users who have any in the window —
// pushes sent (`system.push.send_factor_verify_push`), rejections in both forms (Classic
// `user.mfa.okta_verify.deny_push`; Identity Engine `user.authentication.auth_via_mfa` FAILURE,
// which is also how OIE logs a rejected push with INVALID_CREDENTIALS), pushes left UNANSWERED or
// ABANDONED, approvals (`auth_via_mfa` SUCCESS) and session starts — from `lookbackMinutes` before
// the window's earliest to `successMinutes` after its latest. The factor (debugData.factor) is read
// from the raw text of the auth_via_mfa rows of the users kept, to leave out password-as-factor.
import type { Database } from '../../lib/db.js'
import { sliceParams, type DetectionWindow, type DetectorContext } from '../types.js'
import {
  anyUser,
  minutesBefore,
  rawDebugValue,
  settingNumber,
  windowSpan,
} from '../sign-in-common.js'

export type PushStep = 'push' | 'deny' | 'unanswered' | 'approve' | 'session'

export interface PushEvent {
  uuid: string
  org: string
  published: Date
  isNew: boolean
  userId: string
  userLogin: string | null
  partnerId: string | null
  step: PushStep
  /** `deny_push` (Classic) or `auth_via_mfa` (Identity Engine) for rejections. */
  form: string | null
  factor: string | null
  ip: string | null
  asNumber: number | null
  country: string | null
  sessionId: string | null
}

/** Minutes before the window read for a burst's start. */
export const LOOKBACK_MINUTES = 60
/** A success this long after the last rejected push makes the fatigue critical. */
export const SUCCESS_WITHIN_MINUTES = 30
/** Pushes not approved in one burst (Falco: 3 denies in 5 min; Elastic: 5 in 10 min). */
export const DEFAULT_MIN_REJECTED = 3
/** Push events further apart than this start a new burst. */
export const BURST_GAP_MINUTES = 10

const PUSH_TYPES = `event_type IN ('system.push.send_factor_verify_push',
  'user.mfa.okta_verify.deny_push', 'user.authentication.auth_via_mfa')`

// Linear in the push traffic of the slice's span: each user's push steps cut into bursts in SQL (a
// gap over BURST_GAP_MINUTES starts one, as score.ts does), and only bursts that could cross the
// rule — pushes plus explicit rejections at least minRejected, an upper bound of what score.ts
// counts — come back, with the session starts up to SUCCESS_WITHIN_MINUTES after them. A user's
// ordinary pushes never leave DuckDB. The bursts are cut over narrow rows (sequence, a 64-bit hash of
// the user, time and a step number); every other column is read for the rows kept only — sorting millions of wide
// rows was most of a full run's cost at 10M events. Ties in time are ordered by sequence: a tie
// has no gap, so it never moves a burst's edge.
export const PUSH_SQL = `
WITH push AS MATERIALIZED (
  SELECT e.ingest_seq AS seq, hash(e.org, e.actor_id) AS uid, e.published,
    CASE e.event_type WHEN 'user.session.start' THEN 0
      WHEN 'user.authentication.auth_via_mfa' THEN CASE WHEN e.outcome_result <> 'SUCCESS' THEN 2 ELSE 3 END
      ELSE 1 END AS step
  FROM events e
  WHERE e.ingest_seq <= $until AND e.actor_type = 'User'
    AND e.published BETWEEN $lo::TIMESTAMPTZ AND $hi::TIMESTAMPTZ
    AND (e.event_type IN ('system.push.send_factor_verify_push', 'user.mfa.okta_verify.deny_push',
                          'user.authentication.auth_via_mfa')
      OR (e.event_type = 'user.session.start' AND e.outcome_result = 'SUCCESS'))
),
gaps AS (
  SELECT seq, uid, published, step, coalesce(published - lag(published) OVER (
      PARTITION BY uid ORDER BY published, seq) > to_minutes($gapMinutes::INTEGER), true)
    AS starts_burst
  FROM push
  WHERE step > 0
),
steps AS (
  SELECT seq, uid, published, step, sum(starts_burst::INTEGER) OVER (
      PARTITION BY uid ORDER BY published, seq ROWS UNBOUNDED PRECEDING) AS burst
  FROM gaps
),
kept AS (
  SELECT uid, burst, min(published) AS first_at, max(published) AS last_at
  FROM steps
  GROUP BY ALL
  HAVING count(*) FILTER (WHERE step IN (1, 2)) >= $minRejected
),
picked AS MATERIALIZED (
  SELECT s.seq FROM steps s
  SEMI JOIN kept k ON k.uid = s.uid AND k.burst = s.burst
  UNION ALL
  SELECT p.seq FROM push p
  SEMI JOIN kept k ON k.uid = p.uid
    AND p.published BETWEEN k.first_at AND k.last_at + to_minutes($successMinutes::INTEGER)
  WHERE p.step = 0
),
wide AS (
  SELECT e.ingest_seq AS seq, e.uuid, e.org, e.published, e.actor_id AS user_id,
    e.actor_login AS user_login, e.client_ip, e.as_number, e.country, e.session_id, e.event_type,
    e.outcome_result, e.outcome_reason, e.credential_type
  FROM events e
  WHERE e.ingest_seq IN (SELECT unnest(list(seq)) FROM picked)
    AND e.ingest_seq <= $until AND e.published BETWEEN $lo::TIMESTAMPTZ AND $hi::TIMESTAMPTZ
    AND e.actor_type = 'User'
),
factors AS (
  SELECT e.ingest_seq AS seq, ${rawDebugValue('e.raw', 'factor')} AS factor
  FROM events e
  WHERE e.ingest_seq IN (SELECT unnest(list(seq)) FROM picked)
    AND e.ingest_seq <= $until AND e.published BETWEEN $lo::TIMESTAMPTZ AND $hi::TIMESTAMPTZ
    AND e.event_type = 'user.authentication.auth_via_mfa'
)
SELECT p.uuid, p.org, p.published, p.user_id, p.user_login, u.partner_id, p.client_ip,
  p.as_number, p.country, p.session_id, p.event_type, p.outcome_result, p.outcome_reason,
  p.credential_type, f.factor,
  p.seq > $after AND ($since IS NULL OR p.published >= $since::TIMESTAMPTZ) AS is_new
FROM wide p
LEFT JOIN factors f ON f.seq = p.seq
LEFT JOIN dir_users u ON u.org = p.org AND u.id = p.user_id
WHERE ($anyUser OR u.partner_id IS NOT NULL)
ORDER BY p.published, p.uuid
`

interface PushRow {
  uuid: string
  org: string
  published: Date
  user_id: string
  user_login: string | null
  partner_id: string | null
  client_ip: string | null
  as_number: bigint | number | null
  country: string | null
  session_id: string | null
  event_type: string
  outcome_result: string | null
  outcome_reason: string | null
  credential_type: string | null
  factor: string | null
  is_new: boolean
}

const PASSWORD_FACTORS = new Set(['PASSWORD_AS_FACTOR', 'PASSWORD', 'OKTA_PASSWORD'])

/** What one row means for push fatigue, or null when it is not part of it. */
export function stepOf(r: {
  event_type: string
  outcome_result: string | null
  credential_type: string | null
  factor: string | null
}): PushStep | null {
  switch (r.event_type) {
    case 'system.push.send_factor_verify_push':
      return 'push'
    case 'user.mfa.okta_verify.deny_push':
      return 'deny'
    case 'user.session.start':
      return 'session'
    default:
      break
  }
  if (PASSWORD_FACTORS.has((r.factor ?? '').toUpperCase()) || r.credential_type === 'PASSWORD') {
    return null
  }
  switch (r.outcome_result) {
    case 'SUCCESS':
      return 'approve'
    case 'FAILURE':
    case 'DENY':
      return 'deny'
    case 'UNANSWERED':
    case 'ABANDONED':
      return 'unanswered'
    default:
      return null
  }
}

export async function candidates(
  db: Database,
  window: DetectionWindow,
  ctx: DetectorContext,
): Promise<PushEvent[]> {
  const span = await windowSpan(db, window, PUSH_TYPES)
  if (!span) {
    return []
  }
  const rows = await db.all<PushRow>(PUSH_SQL, {
    lo: minutesBefore(span.lo, LOOKBACK_MINUTES),
    hi: minutesBefore(span.hi, -SUCCESS_WITHIN_MINUTES),
    ...sliceParams(window),
    anyUser: anyUser(ctx),
    gapMinutes: BURST_GAP_MINUTES,
    successMinutes: SUCCESS_WITHIN_MINUTES,
    minRejected: Math.floor(settingNumber(ctx.config, 'minRejected', DEFAULT_MIN_REJECTED)),
  })
  const out: PushEvent[] = []
  for (const r of rows) {
    const step = stepOf(r)
    if (step === null) {
      continue
    }
    out.push({
      uuid: r.uuid,
      org: r.org,
      published: r.published,
      isNew: r.is_new,
      userId: r.user_id,
      userLogin: r.user_login,
      partnerId: r.partner_id,
      step,
      form:
        r.event_type === 'user.mfa.okta_verify.deny_push'
          ? 'deny_push'
          : step === 'deny' || step === 'unanswered'
            ? 'auth_via_mfa'
            : null,
      factor: r.factor,
      ip: r.client_ip,
      asNumber: r.as_number === null ? null : Number(r.as_number),
      country: r.country,
      sessionId: r.session_id,
    })
  }
  return out
}
