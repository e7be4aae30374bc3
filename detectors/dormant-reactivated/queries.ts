// Dormant account reactivated, the SQL half: for each successful sign-in in the slice by a partner
// user, the user's last activity (any successful event they were the actor of) more than the
// sign-in flow's own span earlier (ASOF join), and the devices and networks of the user's activity
// in the days before that. A day-level pass over narrow rows first keeps only the sign-ins that can
// be dormant; activity is then read within the longest threshold before the slice (which clears
// everyone active), and the whole history, narrow, only for the users that stay quiet; the wide
// columns last, for the few rows that need them. With no earlier activity in the store, silence is
// counted from the later of the store's first event and the account's activation: the store must
// cover the gap.
import type { Database } from '../../lib/db.js'
import { sliceParams, type DetectionWindow, type DetectorContext } from '../types.js'
import { SLICE_START_SQL } from '../session-hijack/queries.js'

/** Events of the same sign-in flow (MFA, IdP assertion) precede the session start by minutes. */
export const FLOW_MINUTES = 15
/** Days of activity before the dormancy read for the user's known devices and networks. */
export const BASELINE_DAYS = 90
export const DEFAULT_DORMANT_DAYS = 90

export interface DormantCandidate {
  org: string
  userId: string
  userLogin: string | null
  partnerId: string | null
  dormantAfterDays: number
  uuid: string
  published: Date
  /** The last activity before, or null when the store holds none. */
  last: { uuid: string; published: Date; eventType: string | null } | null
  /** Where silence is counted from when there is no earlier activity. */
  storeStart: Date
  accountSince: Date | null
  current: {
    ip: string | null
    city: string | null
    country: string | null
    asNumber: number | null
    asOrg: string | null
    dtHash: string | null
    userAgent: string | null
    isProxy: boolean
    behaviors: string | null
  }
  priorDtHashes: string[]
  priorUserAgents: string[]
  priorAsns: number[]
}

export const CANDIDATES_SQL = `
WITH partners AS (
  SELECT unnest(from_json($partners, '[{"id":"VARCHAR","days":"INTEGER"}]'), recursive := true)
),
fresh AS (
  SELECT e.org, e.actor_id, e.published, e.ingest_seq, u.partner_id,
    coalesce(u.activated, u.created) AS account_since,
    coalesce(p.days, $defaultDays::INTEGER) AS dormant_days,
    e.published - to_minutes($flowMinutes::INTEGER) AS cutoff
  FROM events e
  LEFT JOIN dir_users u ON u.org = e.org AND u.id = e.actor_id
  LEFT JOIN partners p ON p.id = u.partner_id
  WHERE e.event_type = 'user.session.start' AND e.outcome_result = 'SUCCESS'
    AND e.actor_type = 'User' AND e.actor_id IS NOT NULL
    AND e.ingest_seq > $after AND e.ingest_seq <= $until
    AND ($since IS NULL OR e.published >= $since::TIMESTAMPTZ)
    AND ($partnersOnly = false OR u.partner_id IS NOT NULL)
),
-- A day-level prefilter over narrow rows: with each activity counted on the UTC day of its time plus
-- the flow minutes, every activity before a dormant sign-in's cutoff lands on a day at least
-- dormant_days − 1 before the sign-in's day (and later flow events on its day or after). So only
-- sign-ins whose user's last such day before theirs is that old, or who have none since $from (with
-- the store old enough), go on to the exact judge below: at 10M events, 1.7M sign-ins become few.
activity_days AS (
  SELECT DISTINCT a.org, a.actor_id,
    (epoch_ms(a.published) + $flowMinutes::BIGINT * 60000) // 86400000 AS d
  FROM events a SEMI JOIN (SELECT DISTINCT org, actor_id FROM fresh) f
    ON f.org = a.org AND f.actor_id = a.actor_id
  WHERE a.outcome_result = 'SUCCESS' AND a.actor_type = 'User' AND a.ingest_seq <= $until
    AND a.published >= $from::TIMESTAMPTZ
),
fresh_days AS (
  SELECT DISTINCT org, actor_id, epoch_ms(published) // 86400000 AS x, dormant_days FROM fresh
),
open_days AS (
  SELECT f.org, f.actor_id, f.x FROM fresh_days f
  ASOF LEFT JOIN activity_days a ON a.org = f.org AND a.actor_id = f.actor_id AND f.x > a.d
  WHERE f.x - a.d >= f.dormant_days - 1
    -- None: whatever came since $from is too recent, or nothing did and the store must have begun
    -- dormant_days before the sign-in (checked for the day's last instant here, exactly below).
    OR (a.d IS NULL AND (f.x + 1 - f.dormant_days) * 86400000 >= epoch_ms($storeStart::TIMESTAMPTZ))
),
maybe AS (
  SELECT f.* FROM fresh f
  SEMI JOIN open_days o ON o.org = f.org AND o.actor_id = f.actor_id
    AND o.x = epoch_ms(f.published) // 86400000
),
recent AS (
  -- Activity inside the longest threshold before the slice: enough to clear everyone who is not dormant.
  SELECT a.org, a.actor_id, a.published
  FROM events a SEMI JOIN maybe f ON f.org = a.org AND f.actor_id = a.actor_id
  WHERE a.outcome_result = 'SUCCESS' AND a.actor_type = 'User' AND a.ingest_seq <= $until
    AND a.published >= $from::TIMESTAMPTZ
),
quiet AS (
  SELECT f.* FROM maybe f ASOF LEFT JOIN recent r
    ON r.org = f.org AND r.actor_id = f.actor_id AND f.cutoff > r.published
  WHERE (r.published IS NULL OR r.published <= f.published - to_days(f.dormant_days))
    -- Nothing in the threshold before it: dormant if anything came earlier (which is then old
    -- enough), or if the store began long enough before it — else the store cannot tell.
    AND (r.published IS NOT NULL OR f.published - to_days(f.dormant_days) >= $storeStart::TIMESTAMPTZ)
),
activity AS (
  -- All activity, only for the few who were quiet: their last activity and their devices before it.
  SELECT a.org, a.actor_id, a.ingest_seq AS seq, a.published
  FROM events a SEMI JOIN quiet q ON q.org = a.org AND q.actor_id = a.actor_id
  WHERE a.outcome_result = 'SUCCESS' AND a.actor_type = 'User' AND a.ingest_seq <= $until
),
paired AS (
  SELECT q.*, a.seq AS last_seq, a.published AS last_at
  FROM quiet q ASOF LEFT JOIN activity a
    ON a.org = q.org AND a.actor_id = q.actor_id AND q.cutoff > a.published
),
dormant AS (
  SELECT * FROM paired
  WHERE coalesce(last_at, greatest($storeStart::TIMESTAMPTZ,
      coalesce(account_since, $storeStart::TIMESTAMPTZ))) <= published - to_days(dormant_days)
),
prior_seqs AS (
  SELECT d.ingest_seq AS dseq, a.seq
  FROM dormant d JOIN activity a
    ON a.org = d.org AND a.actor_id = d.actor_id
   AND a.published <= d.cutoff AND a.published >= coalesce(d.last_at, d.cutoff) - to_days($baselineDays::INTEGER)
),
-- The wide columns, for the few rows that need them.
prior AS (
  SELECT p.dseq,
    list(DISTINCT a.dt_hash) FILTER (WHERE a.dt_hash IS NOT NULL) AS prior_dt,
    list(DISTINCT a.user_agent) FILTER (WHERE a.user_agent IS NOT NULL) AS prior_ua,
    list(DISTINCT a.as_number) FILTER (WHERE a.as_number IS NOT NULL) AS prior_asns
  FROM prior_seqs p JOIN (
    SELECT ingest_seq, dt_hash, user_agent, as_number FROM events
    WHERE ingest_seq IN (SELECT unnest(list(seq)) FROM prior_seqs)
      AND outcome_result = 'SUCCESS' AND actor_type = 'User' AND ingest_seq <= $until
  ) a ON a.ingest_seq = p.seq
  GROUP BY p.dseq
),
last AS (
  SELECT a.ingest_seq AS seq, a.uuid, a.event_type FROM events a
  WHERE a.ingest_seq IN (SELECT unnest(list(last_seq)) FROM dormant)
    AND a.outcome_result = 'SUCCESS' AND a.actor_type = 'User' AND a.ingest_seq <= $until
)
SELECT d.org, d.actor_id AS user_id, coalesce(u.login, e.actor_login) AS user_login, d.partner_id,
  d.dormant_days, e.uuid, d.published, l.uuid AS last_uuid, d.last_at, l.event_type AS last_type,
  $storeStart::TIMESTAMPTZ AS store_start, d.account_since,
  e.client_ip AS ip, e.city, e.country, e.as_number, e.as_org, e.dt_hash, e.user_agent, e.is_proxy,
  e.behaviors, p.prior_dt, p.prior_ua, p.prior_asns
FROM dormant d
JOIN events e ON e.ingest_seq = d.ingest_seq AND e.ingest_seq > $after AND e.ingest_seq <= $until
  AND e.ingest_seq IN (SELECT unnest(list(ingest_seq)) FROM dormant)
  AND e.event_type = 'user.session.start' AND e.outcome_result = 'SUCCESS'
LEFT JOIN last l ON l.seq = d.last_seq
LEFT JOIN prior p ON p.dseq = d.ingest_seq
LEFT JOIN dir_users u ON u.org = d.org AND u.id = d.actor_id
ORDER BY d.published, d.ingest_seq
`

interface Row {
  org: string
  user_id: string
  user_login: string | null
  partner_id: string | null
  dormant_days: number
  uuid: string
  published: Date
  last_uuid: string | null
  last_at: Date | null
  last_type: string | null
  store_start: Date
  account_since: Date | null
  ip: string | null
  city: string | null
  country: string | null
  as_number: bigint | number | null
  as_org: string | null
  dt_hash: string | null
  user_agent: string | null
  is_proxy: boolean | null
  behaviors: string | null
  prior_dt: string[] | null
  prior_ua: string[] | null
  prior_asns: (bigint | number)[] | null
}

export async function candidates(
  db: Database,
  window: DetectionWindow,
  ctx: DetectorContext,
): Promise<DormantCandidate[]> {
  const slice = sliceParams(window)
  const start = await db.one<{ first: Date | null }>(SLICE_START_SQL, slice)
  const store = await db.one<{ at: Date | null }>('SELECT min(published) AS at FROM events')
  if (!start?.first || !store?.at) {
    return []
  }
  // The longest threshold before the slice, bound as a constant so older row groups are skipped.
  const longest = Math.max(DEFAULT_DORMANT_DAYS, ...ctx.partners.map((p) => p.dormantAfterDays))
  const rows = await db.all<Row>(CANDIDATES_SQL, {
    ...slice,
    from: new Date(
      start.first.getTime() - longest * 86_400_000 - FLOW_MINUTES * 60_000,
    ).toISOString(),
    partners: JSON.stringify(ctx.partners.map((p) => ({ id: p.id, days: p.dormantAfterDays }))),
    defaultDays: DEFAULT_DORMANT_DAYS,
    flowMinutes: FLOW_MINUTES,
    baselineDays: BASELINE_DAYS,
    partnersOnly: ctx.config.partnersOnly !== false,
    storeStart: store.at.toISOString(),
  })
  return rows.map((r) => ({
    org: r.org,
    userId: r.user_id,
    userLogin: r.user_login,
    partnerId: r.partner_id,
    dormantAfterDays: Number(r.dormant_days),
    uuid: r.uuid,
    published: r.published,
    last:
      r.last_uuid && r.last_at
        ? { uuid: r.last_uuid, published: r.last_at, eventType: r.last_type }
        : null,
    storeStart: r.store_start,
    accountSince: r.account_since,
    current: {
      ip: r.ip,
      city: r.city,
      country: r.country,
      asNumber: r.as_number === null ? null : Number(r.as_number),
      asOrg: r.as_org,
      dtHash: r.dt_hash,
      userAgent: r.user_agent,
      isProxy: r.is_proxy ?? false,
      behaviors: r.behaviors,
    },
    priorDtHashes: r.prior_dt ?? [],
    priorUserAgents: r.prior_ua ?? [],
    priorAsns: (r.prior_asns ?? []).map(Number),
  }))
}
