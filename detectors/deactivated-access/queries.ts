// Access after deactivation, the SQL half: activity in the slice by users whose account was blocked
// at the time — the latest `user.lifecycle.*` event about them before it (ASOF join) is a deactivate
// or suspend, or, when the log does not hold the change, the directory says the account has been
// DEPROVISIONED / SUSPENDED since before it. Successes are grouped per session (the first success of
// a session is the candidate), failures per user and UTC day (probing), so a busy session or a
// password-guessing loop is one finding; only the blocked users' last GROUP_LOOKBACK_DAYS are reread.
import type { Database } from '../../lib/db.js'
import { sliceParams, type DetectionWindow, type DetectorContext } from '../types.js'
import { SLICE_START_SQL } from '../session-hijack/queries.js'

/** What counts as access: a session, an app launch, a factor or IdP assertion, an OAuth token. */
export const SUCCESS_EVENT_TYPES = [
  'user.session.start',
  'user.authentication.sso',
  'user.authentication.auth_via_IDP',
  'user.authentication.auth_via_mfa',
  'user.authentication.verify',
  'app.oauth2.as.token.grant',
  'app.oauth2.token.grant',
  'app.oauth2.as.token.grant.refresh_token',
]
export const FAILURE_EVENT_TYPES = ['user.session.start', 'user.authentication.auth_via_IDP']

export interface BlockedCandidate {
  org: string
  userId: string
  userLogin: string | null
  partnerId: string | null
  kind: 'success' | 'failure'
  uuid: string
  eventType: string
  published: Date
  sessionId: string | null
  /** The lifecycle event that blocked the account, or null when only the directory says so. */
  block: { uuid: string | null; action: string; at: Date; by: string | null }
  /** Events of the same group (session, or UTC day of failures) so far, this one included. */
  groupEvents: number
  ip: string | null
  city: string | null
  country: string | null
  asNumber: number | null
  userAgent: string | null
}

const list = (xs: readonly string[]): string => xs.map((x) => `'${x}'`).join(', ')

/** How far back a session (or a day of failures) is followed to find its first event. */
export const GROUP_LOOKBACK_DAYS = 7

/** Rows of `source` with the block in force at each (the latest lifecycle event before, and the
 * directory), `source` = 'log' | 'directory' when blocked, else NULL. */
const judge = (source: string): string => `
  SELECT r.*, l.uuid AS life_uuid, l.action AS life_action, l.published AS life_at, l.by_login,
    u.status, u.status_changed, u.partner_id, u.login,
    CASE
      -- Blocked by the log, unless the directory shows a reactivation the log does not hold.
      WHEN l.action IN ('deactivate', 'suspend')
        AND NOT coalesce(u.status NOT IN ('DEPROVISIONED', 'SUSPENDED') AND u.status_changed > l.published
                         AND u.status_changed <= r.published, false)
        THEN 'log'
      WHEN u.status IN ('DEPROVISIONED', 'SUSPENDED') AND u.status_changed <= r.published
        AND (l.published IS NULL OR l.published < u.status_changed) THEN 'directory'
    END AS source
  FROM ${source} r
  ASOF LEFT JOIN life l ON l.org = r.org AND l.user_id = r.actor_id AND r.published >= l.published
  LEFT JOIN dir_users u ON u.org = r.org AND u.id = r.actor_id`

// Narrow columns while judging and grouping; the wide ones are read for the first event of each
// group only (at 10M events, reading them for all activity of the blocked users was most of a full
// run's cost). A null session groups by the event itself (its sequence: unique, like its uuid).
const ACT = `org, actor_id, event_type, outcome_result, published, ingest_seq, session_id`
// The event-type lists are this module's constants, spliced as literals; every value from Okta or a
// user is bound.
const IS_ACT = `actor_type = 'User' AND actor_id IS NOT NULL AND ingest_seq <= $until
    AND ((outcome_result = 'SUCCESS' AND event_type IN (${list(SUCCESS_EVENT_TYPES)}))
      OR (outcome_result = 'FAILURE' AND event_type IN (${list(FAILURE_EVENT_TYPES)})))`
const LIFECYCLE_TYPES = [
  'user.lifecycle.deactivate',
  'user.lifecycle.suspend',
  'user.lifecycle.activate',
  'user.lifecycle.reactivate',
  'user.lifecycle.unsuspend',
]

export const CANDIDATES_SQL = `
WITH life AS (
  -- Every lifecycle change (few in any org); the range on event_type is what DuckDB pushes into
  -- the scan, the IN list then picks the five.
  SELECT e.org, e.target_user_id AS user_id, e.uuid, e.published, e.actor_login AS by_login,
    split_part(e.event_type, '.', 3) AS action
  FROM events e
  WHERE e.event_type >= 'user.lifecycle.' AND e.event_type < 'user.lifecycle/'
    AND e.event_type IN (${list(LIFECYCLE_TYPES)})
    AND coalesce(e.outcome_result, 'SUCCESS') = 'SUCCESS' AND e.ingest_seq <= $until
),
-- Only users ever deactivated or suspended in the log, or blocked in the directory, can be judged
-- blocked: the others' activity never reaches the ASOF join.
maybe_blocked AS (
  SELECT DISTINCT org, user_id FROM life WHERE action IN ('deactivate', 'suspend')
  UNION
  SELECT org, id FROM dir_users WHERE status IN ('DEPROVISIONED', 'SUSPENDED')
),
fresh_of_blocked AS (
  SELECT org, actor_id, published FROM events f
  -- unnest(list()): an IN list DuckDB cannot mistake for the larger side of the join (its estimate
  -- of maybe_blocked made it hash the events instead); the org is matched by the judge's joins.
  WHERE actor_id IN (SELECT unnest(list(user_id)) FROM maybe_blocked)
    AND (org, actor_id) IN (SELECT (org, user_id) FROM maybe_blocked) AND ${IS_ACT} AND ingest_seq > $after AND ($since IS NULL OR published >= $since::TIMESTAMPTZ)
),
blocked_users AS (
  SELECT org, actor_id, min(published) AS first FROM (${judge('fresh_of_blocked')})
  WHERE source IS NOT NULL GROUP BY org, actor_id
),
recent AS (
  SELECT ${ACT}, ingest_seq > $after AND ($since IS NULL OR published >= $since::TIMESTAMPTZ) AS is_new
  FROM events e
  WHERE actor_id IN (SELECT unnest(list(actor_id)) FROM blocked_users)
    AND (org, actor_id) IN (SELECT (org, actor_id) FROM blocked_users)
    AND ${IS_ACT} AND published >= $from::TIMESTAMPTZ
),
recent_groups AS (
  SELECT r.* FROM recent r JOIN blocked_users b ON b.org = r.org AND b.actor_id = r.actor_id
  WHERE r.published >= b.first - to_days($lookbackDays::INTEGER)
),
blocked AS (
  SELECT *,
    CASE WHEN outcome_result = 'SUCCESS' THEN 'S' || coalesce(session_id, ingest_seq::VARCHAR)
         ELSE 'F' || strftime(published, '%Y-%m-%d') END AS grp
  FROM (${judge('recent_groups')})
  WHERE source IS NOT NULL
),
grouped AS (
  SELECT *,
    row_number() OVER g AS nth,
    count(*) OVER (g ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS group_events
  FROM blocked
  WINDOW g AS (PARTITION BY org, actor_id, grp, life_uuid ORDER BY published, ingest_seq)
),
firsts AS MATERIALIZED (SELECT * FROM grouped WHERE is_new AND nth = 1),
wide AS (
  SELECT ingest_seq, actor_login, uuid, client_ip, city, country, as_number, user_agent
  FROM events WHERE ingest_seq IN (SELECT unnest(list(ingest_seq)) FROM firsts) AND ${IS_ACT}
)
SELECT g.org, g.actor_id AS user_id, coalesce(g.login, w.actor_login) AS user_login, g.partner_id,
  CASE WHEN g.outcome_result = 'SUCCESS' THEN 'success' ELSE 'failure' END AS kind,
  w.uuid, g.event_type, g.published, g.session_id,
  CASE WHEN g.source = 'log' THEN g.life_uuid END AS block_uuid,
  CASE WHEN g.source = 'log' THEN g.life_action
       WHEN g.status = 'SUSPENDED' THEN 'suspend' ELSE 'deactivate' END AS block_action,
  CASE WHEN g.source = 'log' THEN g.life_at ELSE g.status_changed END AS block_at,
  CASE WHEN g.source = 'log' THEN g.by_login END AS block_by,
  g.group_events, w.client_ip AS ip, w.city, w.country, w.as_number, w.user_agent
FROM firsts g
JOIN wide w USING (ingest_seq)
ORDER BY g.published, g.ingest_seq
`

interface Row {
  org: string
  user_id: string
  user_login: string | null
  partner_id: string | null
  kind: 'success' | 'failure'
  uuid: string
  event_type: string
  published: Date
  session_id: string | null
  block_uuid: string | null
  block_action: string
  block_at: Date
  block_by: string | null
  group_events: bigint | number
  ip: string | null
  city: string | null
  country: string | null
  as_number: bigint | number | null
  user_agent: string | null
}

export async function candidates(
  db: Database,
  window: DetectionWindow,
  _ctx: DetectorContext,
): Promise<BlockedCandidate[]> {
  const slice = sliceParams(window)
  const start = await db.one<{ first: Date | null }>(SLICE_START_SQL, slice)
  if (!start?.first) {
    return []
  }
  const rows = await db.all<Row>(CANDIDATES_SQL, {
    ...slice,
    // History scans read from a constant, so older row groups are skipped by their zone maps.
    from: new Date(start.first.getTime() - GROUP_LOOKBACK_DAYS * 86_400_000).toISOString(),
    lookbackDays: GROUP_LOOKBACK_DAYS,
  })
  return rows.map((r) => ({
    org: r.org,
    userId: r.user_id,
    userLogin: r.user_login,
    partnerId: r.partner_id,
    kind: r.kind,
    uuid: r.uuid,
    eventType: r.event_type,
    published: r.published,
    sessionId: r.session_id,
    block: { uuid: r.block_uuid, action: r.block_action, at: r.block_at, by: r.block_by },
    groupEvents: Number(r.group_events),
    ip: r.ip,
    city: r.city,
    country: r.country,
    asNumber: r.as_number === null ? null : Number(r.as_number),
    userAgent: r.user_agent,
  }))
}
