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
import { sliceParams, type DetectionWindow, type DetectorContext } from '../types.js'
import { anyUser, minutesBefore, windowSpan } from '../sign-in-common.js'
import { sharedRead } from '../shared-read.js'

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

// The leading IN list is what DuckDB pushes into the scan (the OR below is not, beside a bound
// parameter): at 10M events it decides whether the other columns are read for every row.
const TYPES = `event_type IN ('user.session.start', 'user.authentication.verify',
  'user.account.lock', 'user.account.lock.limit')`
export const ATTEMPT = `${TYPES}
  AND ((event_type = 'user.session.start' AND outcome_result IN ('SUCCESS', 'FAILURE'))
  OR (event_type = 'user.authentication.verify' AND outcome_result = 'FAILURE'
      AND credential_type = 'PASSWORD')
  OR event_type IN ('user.account.lock', 'user.account.lock.limit'))`

// Narrow first: who, when and what kind for every attempt in the span; a success is kept only when
// a failure of the same user came in the lookahead before it (matched on the user and a time bucket
// of the lookahead's length, so the pairs compared stay few); then the wide columns for the rows
// kept only, each kind read through a filter DuckDB pushes into the scan — reading them for every
// success of the span was most of a full run's cost at 10M events.
const WIDE = (kinds: string): string => `
  SELECT e.ingest_seq AS seq, e.uuid, e.outcome_reason, e.client_ip, e.as_number, e.as_org, e.isp,
    e.domain, e.country, e.user_agent, e.threat_suspected,
    CASE WHEN e.event_type LIKE 'user.account.lock%' AND coalesce(e.actor_type, '') <> 'User'
      THEN coalesce(e.target_user_login, e.actor_login) ELSE e.actor_login END AS user_login
  FROM events e
  WHERE e.ingest_seq <= $until AND e.published BETWEEN $lo::TIMESTAMPTZ AND $hi::TIMESTAMPTZ
    AND ${kinds}
    AND e.ingest_seq IN (SELECT unnest(list(seq)) FROM picked)`
export const ATTEMPTS_SQL = `
WITH attempts AS MATERIALIZED (
  SELECT e.ingest_seq AS seq, e.org, e.published,
    CASE WHEN e.event_type LIKE 'user.account.lock%' AND coalesce(e.actor_type, '') <> 'User'
      THEN coalesce(e.target_user_id, e.actor_id) ELSE e.actor_id END AS user_id,
    CASE WHEN e.event_type LIKE 'user.account.lock%' THEN 'lock'
      WHEN e.outcome_result = 'SUCCESS' THEN 'success' ELSE 'failure' END AS kind
  FROM events e
  WHERE e.ingest_seq <= $until AND ${ATTEMPT}
    AND e.published BETWEEN $lo::TIMESTAMPTZ AND $hi::TIMESTAMPTZ
),
bad AS (
  SELECT a.* FROM attempts a
  WHERE a.kind <> 'success' AND a.user_id IS NOT NULL AND a.user_id <> 'unknown'
),
bad_buckets AS (
  SELECT org, user_id, published, b.bucket + unnest([0, 1]) AS bucket
  FROM (SELECT *, epoch(published)::BIGINT // ($lookaheadMinutes::BIGINT * 60) AS bucket FROM bad) b
),
good AS (
  SELECT DISTINCT s.seq, s.org, s.published, s.user_id, s.kind FROM attempts s
  JOIN bad_buckets b ON b.org = s.org AND b.user_id = s.user_id
    AND b.bucket = epoch(s.published)::BIGINT // ($lookaheadMinutes::BIGINT * 60)
    AND b.published BETWEEN s.published - to_minutes($lookaheadMinutes::INTEGER) AND s.published
  WHERE s.kind = 'success'
),
picked AS MATERIALIZED (
  SELECT p.*, u.partner_id FROM (SELECT * FROM bad UNION ALL SELECT * FROM good) p
  LEFT JOIN dir_users u ON u.org = p.org AND u.id = p.user_id
  WHERE $anyUser OR u.partner_id IS NOT NULL
),
wide AS (
  ${WIDE(`${TYPES} AND e.outcome_result <> 'SUCCESS'`)}
  UNION ALL ${WIDE(`${TYPES} AND e.outcome_result = 'SUCCESS'`)}
  UNION ALL ${WIDE(`${TYPES} AND e.outcome_result IS NULL`)}
)
SELECT w.uuid, p.org, p.published, w.outcome_reason, w.client_ip, w.as_number, w.as_org, w.isp,
  w.domain, w.country, w.user_agent, w.threat_suspected, p.user_id, w.user_login, p.kind,
  p.partner_id, p.seq > $after AND ($since IS NULL OR p.published >= $since::TIMESTAMPTZ) AS is_new
FROM picked p
JOIN wide w USING (seq)
ORDER BY p.published, w.uuid
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

/**
 * The attempts of the window with their margins. Brute force and password spray run one after the
 * other with the same margins: the first reads, the second reuses the rows (shared-read.ts).
 */
export function readAttempts(
  db: Database,
  window: DetectionWindow,
  ctx: DetectorContext,
  margins: { lookbackMinutes: number; lookaheadMinutes: number },
): Promise<Attempt[]> {
  const params = {
    ...sliceParams(window),
    anyUser: anyUser(ctx),
    lookaheadMinutes: Math.round(margins.lookaheadMinutes),
  }
  return sharedRead(db, 'attempts', { ...params, lookback: margins.lookbackMinutes }, async () => {
    const span = await windowSpan(db, window, ATTEMPT)
    if (!span) {
      return []
    }
    const rows = await db.all<AttemptRow>(ATTEMPTS_SQL, {
      ...params,
      lo: minutesBefore(span.lo, margins.lookbackMinutes),
      hi: minutesBefore(span.hi, -margins.lookaheadMinutes),
    })
    return rows.map(toAttempt)
  })
}

function toAttempt(r: AttemptRow): Attempt {
  return {
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
  }
}

/** A success this long after an attack's crossing event escalates it. */
export const SUCCESS_WITHIN_MINUTES = 180
/**
 * Read back far enough for a burst's start and for the attack a new success may follow; password
 * spray reads as far for a distributed spray of a few hours, and both share one read.
 */
export const LOOKBACK_MINUTES = SUCCESS_WITHIN_MINUTES + 240

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
