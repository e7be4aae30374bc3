// Contract expired, the SQL half: successful sign-ins in the slice by partner users whose contract
// (the partner's `contractEnd` from the config, or the user's own contract-end profile attribute in
// the directory) ended before the sign-in's local date in the partner's time zone. Only the first
// such sign-in of a user's local day is a candidate, so a user who keeps working is reported daily.
import type { Database } from '../../lib/db.js'
import { sliceParams, type DetectionWindow, type DetectorContext } from '../types.js'
import { SLICE_START_SQL } from '../session-hijack/queries.js'

export interface ContractCandidate {
  org: string
  userId: string
  userLogin: string | null
  partnerId: string
  uuid: string
  published: Date
  localDate: string
  userContractEnd: string | null
  partnerContractEnd: string | null
  directoryStatus: string | null
  ip: string | null
  city: string | null
  country: string | null
  asNumber: number | null
  asOrg: string | null
}

export const CANDIDATES_SQL = `
WITH partners AS (
  SELECT unnest(from_json($partners, '[{"id":"VARCHAR","contract_end":"DATE","tz":"VARCHAR"}]'), recursive := true)
),
sign_ins AS (
  -- From a bound constant (the slice's first event, two days back): older row groups are skipped.
  -- Narrow: the other columns are read for the candidates only.
  SELECT org, actor_id, published, ingest_seq
  FROM events
  WHERE event_type = 'user.session.start' AND outcome_result = 'SUCCESS'
    AND actor_type = 'User' AND actor_id IS NOT NULL AND ingest_seq <= $until
    AND published >= $from::TIMESTAMPTZ
),
fresh AS (
  SELECT * FROM sign_ins
  WHERE ingest_seq > $after AND ($since IS NULL OR published >= $since::TIMESTAMPTZ)
),
expired_users AS (
  SELECT DISTINCT f.org, f.actor_id, u.partner_id, u.login, u.status,
    strftime(u.contract_end, '%Y-%m-%d') AS user_end, strftime(p.contract_end, '%Y-%m-%d') AS partner_end,
    least(u.contract_end, p.contract_end) AS contract_end, coalesce(p.tz, 'UTC') AS tz
  FROM fresh f
  JOIN dir_users u ON u.org = f.org AND u.id = f.actor_id
  LEFT JOIN partners p ON p.id = u.partner_id
  WHERE u.partner_id IS NOT NULL AND least(u.contract_end, p.contract_end) IS NOT NULL
),
history AS (
  SELECT s.*, x.partner_id, x.login, x.status, x.user_end, x.partner_end, x.contract_end,
    timezone(x.tz, s.published)::DATE AS local_date,
    s.ingest_seq > $after AND ($since IS NULL OR s.published >= $since::TIMESTAMPTZ) AS is_new
  FROM sign_ins s JOIN expired_users x ON x.org = s.org AND x.actor_id = s.actor_id
  -- No local date is more than a day ahead of UTC's: earlier sign-ins cannot be after the end.
  WHERE s.published >= (x.contract_end + to_days($graceDays::INTEGER))::TIMESTAMPTZ - INTERVAL 1 DAY
),
after_end AS (
  SELECT *,
    row_number() OVER (PARTITION BY org, actor_id, local_date ORDER BY published, ingest_seq) AS nth_of_day
  FROM history
  WHERE local_date > contract_end + to_days($graceDays::INTEGER)
),
firsts AS MATERIALIZED (SELECT * FROM after_end WHERE is_new AND nth_of_day = 1),
wide AS (
  SELECT ingest_seq, actor_login, uuid, client_ip, city, country, as_number, as_org FROM events
  WHERE ingest_seq IN (SELECT unnest(list(ingest_seq)) FROM firsts)
    AND event_type = 'user.session.start' AND outcome_result = 'SUCCESS' AND ingest_seq <= $until
)
SELECT f.org, f.actor_id AS user_id, coalesce(f.login, w.actor_login) AS user_login, f.partner_id,
  w.uuid, f.published, strftime(f.local_date, '%Y-%m-%d') AS local_date, f.user_end, f.partner_end,
  f.status AS directory_status, w.client_ip AS ip, w.city, w.country, w.as_number, w.as_org
FROM firsts f
JOIN wide w USING (ingest_seq)
ORDER BY f.published, f.ingest_seq
`

interface Row {
  org: string
  user_id: string
  user_login: string | null
  partner_id: string
  uuid: string
  published: Date
  local_date: string
  user_end: string | null
  partner_end: string | null
  directory_status: string | null
  ip: string | null
  city: string | null
  country: string | null
  as_number: bigint | number | null
  as_org: string | null
}

/** Days after the contract end that still count as inside it (notice periods, late offboarding). */
export const DEFAULT_GRACE_DAYS = 0

export function graceDays(config: Readonly<Record<string, unknown>>): number {
  const v = config.graceDays
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : DEFAULT_GRACE_DAYS
}

export async function candidates(
  db: Database,
  window: DetectionWindow,
  ctx: DetectorContext,
): Promise<ContractCandidate[]> {
  const partners = ctx.partners.map((p) => ({
    id: p.id,
    contract_end: p.contractEnd ?? null,
    tz: p.timeZone,
  }))
  const slice = sliceParams(window)
  const start = await db.one<{ first: Date | null }>(SLICE_START_SQL, slice)
  if (!start?.first) {
    return []
  }
  const rows = await db.all<Row>(CANDIDATES_SQL, {
    ...slice,
    from: new Date(start.first.getTime() - 2 * 86_400_000).toISOString(),
    partners: JSON.stringify(partners),
    graceDays: graceDays(ctx.config),
  })
  return rows.map((r) => ({
    org: r.org,
    userId: r.user_id,
    userLogin: r.user_login,
    partnerId: r.partner_id,
    uuid: r.uuid,
    published: r.published,
    localDate: r.local_date,
    userContractEnd: r.user_end,
    partnerContractEnd: r.partner_end,
    directoryStatus: r.directory_status,
    ip: r.ip,
    city: r.city,
    country: r.country,
    asNumber: r.as_number === null ? null : Number(r.as_number),
    asOrg: r.as_org,
  }))
}
