// Dormant account reactivated, the SQL half: for each successful sign-in in the slice by a partner
// user, the user's last activity (any successful event they were the actor of) more than the
// sign-in flow's own span earlier (ASOF join), and the devices and networks of the user's activity
// in the days before that. Activity is first read only within the longest threshold before the slice
// (which clears everyone active); the whole history is read only for the users that stay quiet. With no earlier activity in the store, silence is counted from the later
// of the store's first event and the account's activation: the store must cover the gap.
import type { Database } from '../../lib/db.js'
import type { DetectionWindow, DetectorContext } from '../types.js'
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
  SELECT e.org, e.actor_id, e.actor_login, e.uuid, e.published, e.ingest_seq, u.partner_id, u.login, coalesce(u.activated, u.created) AS account_since,
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
recent AS (
  -- Activity inside the longest threshold before the slice: enough to clear everyone who is not dormant.
  SELECT a.org, a.actor_id, a.published
  FROM events a SEMI JOIN fresh f ON f.org = a.org AND f.actor_id = a.actor_id
  WHERE a.outcome_result = 'SUCCESS' AND a.actor_type = 'User' AND a.ingest_seq <= $until
    AND a.published >= $from::TIMESTAMPTZ
),
quiet AS (
  SELECT f.* FROM fresh f ASOF LEFT JOIN recent r
    ON r.org = f.org AND r.actor_id = f.actor_id AND f.cutoff > r.published
  WHERE (r.published IS NULL OR r.published <= f.published - to_days(f.dormant_days))
    -- Nothing in the threshold before it: dormant if anything came earlier (which is then old
    -- enough), or if the store began long enough before it — else the store cannot tell.
    AND (r.published IS NOT NULL OR f.published - to_days(f.dormant_days) >= $storeStart::TIMESTAMPTZ)
),
activity AS (
  -- All activity, only for the few who were quiet: their last activity and their devices before it.
  SELECT a.org, a.actor_id, a.uuid, a.published, a.event_type, a.dt_hash, a.user_agent, a.as_number
  FROM events a SEMI JOIN quiet q ON q.org = a.org AND q.actor_id = a.actor_id
  WHERE a.outcome_result = 'SUCCESS' AND a.actor_type = 'User' AND a.ingest_seq <= $until
),
paired AS (
  SELECT q.*, a.uuid AS last_uuid, a.published AS last_at, a.event_type AS last_type
  FROM quiet q ASOF LEFT JOIN activity a
    ON a.org = q.org AND a.actor_id = q.actor_id AND q.cutoff > a.published
),
silent AS (
  SELECT p.*, $storeStart::TIMESTAMPTZ AS store_start
  FROM paired p
),
dormant AS (
  SELECT * FROM silent
  WHERE coalesce(last_at, greatest(store_start, coalesce(account_since, store_start)))
        <= published - to_days(dormant_days)
),
prior AS (
  SELECT d.uuid,
    list(DISTINCT a.dt_hash) FILTER (WHERE a.dt_hash IS NOT NULL) AS prior_dt,
    list(DISTINCT a.user_agent) FILTER (WHERE a.user_agent IS NOT NULL) AS prior_ua,
    list(DISTINCT a.as_number) FILTER (WHERE a.as_number IS NOT NULL) AS prior_asns
  FROM dormant d JOIN activity a
    ON a.org = d.org AND a.actor_id = d.actor_id
   AND a.published <= d.cutoff AND a.published >= coalesce(d.last_at, d.cutoff) - to_days($baselineDays::INTEGER)
  GROUP BY d.uuid
)
SELECT d.org, d.actor_id AS user_id, coalesce(d.login, d.actor_login) AS user_login, d.partner_id,
  d.dormant_days, d.uuid, d.published, d.last_uuid, d.last_at, d.last_type, d.store_start, d.account_since,
  e.client_ip AS ip, e.city, e.country, e.as_number, e.as_org, e.dt_hash, e.user_agent, e.is_proxy,
  e.behaviors, p.prior_dt, p.prior_ua, p.prior_asns
FROM dormant d
JOIN events e ON e.ingest_seq = d.ingest_seq AND e.ingest_seq > $after AND e.ingest_seq <= $until
LEFT JOIN prior p ON p.uuid = d.uuid
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
  const slice = {
    after: window.afterSeq,
    until: window.untilSeq,
    since: window.publishedSince?.toISOString() ?? null,
  }
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
