// Session hijack, the SQL half: every event in the slice that carries an Okta session
// (`coalesce(debugData.rootSessionId, authenticationContext.externalSessionId)`), and for each such
// session its events from `lookbackHours` before the first new one. The session's origin is its
// `user.session.start` SUCCESS (else its first event); only events after the origin are judged, so
// the login flow's own steps (and the session-id change at login) never are. Okta-internal clients
// (`client.id` okta.*) are left out, as Panther learned (#1086).
import type { Database } from '../../lib/db.js'
import {
  coversWholeStore,
  sliceParams,
  type DetectionWindow,
  type DetectorContext,
} from '../types.js'

export const DEFAULT_LOOKBACK_HOURS = 24

export interface SessionEvent {
  uuid: string
  published: Date
  eventType: string
  ip: string | null
  asNumber: number | null
  asOrg: string | null
  isp: string | null
  domain: string | null
  city: string | null
  country: string | null
  lat: number | null
  lon: number | null
  userAgent: string | null
  browser: string | null
  os: string | null
  dtHash: string | null
  isProxy: boolean
  threatSuspected: boolean
  isNew: boolean
}

export interface SessionCandidate {
  org: string
  sessionId: string
  userId: string
  userLogin: string | null
  partnerId: string | null
  /** The session start (or first event), then every later event, in time order. */
  origin: SessionEvent
  later: SessionEvent[]
}

/** The session key: Okta's root session when it logs one, else the external session id. */
const SID = "coalesce(nullif(root_session_id, 'unknown'), session_id)"
/** Events judged: a user's, in a session, not from an Okta-internal client, up to the window's end. */
const SESSION_EVENT = `session_id IS NOT NULL AND session_id NOT IN ('', 'unknown')
    AND actor_type = 'User' AND actor_id IS NOT NULL
    AND coalesce(client_app_id, '') NOT LIKE 'okta.%' AND ingest_seq <= $until`

/** The earliest event of the slice: bound as a constant so the history scan prunes by zone map. */
export const SLICE_START_SQL = `SELECT min(published) AS first FROM events
  WHERE ingest_seq > $after AND ingest_seq <= $until AND ($since IS NULL OR published >= $since::TIMESTAMPTZ)`

/**
 * The query; `wholeStore` when the slice starts at the store's first event (a first run): then every
 * session is in the slice from its first event and no history is looked up for it.
 */
export const candidatesSql = (wholeStore: boolean): string => `
WITH ${
  wholeStore
    ? ''
    : `fresh AS (
  SELECT org, ${SID} AS sid, min(published) AS first_new FROM events
  WHERE ${SESSION_EVENT} AND ingest_seq > $after AND ($since IS NULL OR published >= $since::TIMESTAMPTZ)
  GROUP BY ALL
),`
}
-- The sessions' events, narrow first (a session is a 64-bit hash of its org and id here; a
-- collision only reads one more session): only a session seen from two addresses can have been
-- used from a new network, and only its events are read with every column.
session_keys AS MATERIALIZED (
  ${
    wholeStore
      ? `SELECT hash(e.org, ${SID}) AS skey, e.ingest_seq, e.client_ip FROM events e
  WHERE ${SESSION_EVENT}`
      : `SELECT hash(e.org, f.sid) AS skey, e.ingest_seq, e.client_ip
  FROM events e JOIN fresh f ON f.org = e.org AND f.sid = ${SID}
  WHERE ${SESSION_EVENT} AND e.published >= $from::TIMESTAMPTZ
    AND e.published >= f.first_new - to_hours($lookbackHours::INTEGER)`
  }
),
-- Two addresses or more (min and max differ: cheaper than counting distinct ones).
multi AS (
  SELECT skey FROM session_keys GROUP BY skey HAVING min(client_ip) <> max(client_ip)
),
picked AS MATERIALIZED (
  SELECT k.ingest_seq FROM session_keys k SEMI JOIN multi m ON m.skey = k.skey
),
session_events AS (
  SELECT e.org, e.uuid, e.published, e.ingest_seq, e.event_type, e.outcome_result, e.actor_id,
    e.actor_login, e.client_ip, e.as_number, e.as_org, e.isp, e.domain, e.city, e.country, e.lat, e.lon,
    e.user_agent, e.browser, e.os, e.dt_hash, e.is_proxy, e.threat_suspected, ${SID} AS sid,
    e.ingest_seq > $after AND ($since IS NULL OR e.published >= $since::TIMESTAMPTZ) AS is_new
  FROM events e
  WHERE e.ingest_seq IN (SELECT unnest(list(ingest_seq)) FROM picked)
    AND e.ingest_seq <= $until AND e.published >= $from::TIMESTAMPTZ
),
ev AS (
  SELECT s.*, {uuid: s.uuid, published: s.published, event_type: s.event_type, ip: s.client_ip,
    as_number: s.as_number, as_org: s.as_org, isp: s.isp, domain: s.domain, city: s.city,
    country: s.country, lat: s.lat, lon: s.lon, user_agent: s.user_agent, browser: s.browser, os: s.os,
    dt_hash: s.dt_hash, is_proxy: s.is_proxy, threat_suspected: s.threat_suspected, is_new: s.is_new} AS e,
    (s.event_type <> 'user.session.start' OR s.outcome_result IS DISTINCT FROM 'SUCCESS') AS not_start
  FROM session_events s
),
origins AS (
  SELECT org, sid,
    arg_min(e, (not_start, published, ingest_seq)) AS origin,
    arg_min(actor_id, (not_start, published, ingest_seq)) AS user_id,
    arg_min(actor_login, (not_start, published, ingest_seq)) AS user_login
  FROM ev GROUP BY org, sid
)
SELECT o.org, o.sid AS session_id, o.user_id, o.user_login, u.partner_id, o.origin,
  list(ev.e ORDER BY ev.published, ev.ingest_seq) FILTER (
    WHERE ev.uuid <> o.origin.uuid AND ev.published >= o.origin.published) AS later
FROM origins o
JOIN ev ON ev.org = o.org AND ev.sid = o.sid
LEFT JOIN dir_users u ON u.org = o.org AND u.id = o.user_id
WHERE ($partnersOnly = false OR u.partner_id IS NOT NULL)
GROUP BY o.org, o.sid, o.user_id, o.user_login, u.partner_id, o.origin
`

interface EventRow {
  uuid: string
  published: Date
  event_type: string
  ip: string | null
  as_number: bigint | number | null
  as_org: string | null
  isp: string | null
  domain: string | null
  city: string | null
  country: string | null
  lat: number | null
  lon: number | null
  user_agent: string | null
  browser: string | null
  os: string | null
  dt_hash: string | null
  is_proxy: boolean | null
  threat_suspected: boolean | null
  is_new: boolean
}

interface Row {
  org: string
  session_id: string
  user_id: string
  user_login: string | null
  partner_id: string | null
  origin: EventRow
  later: EventRow[] | null
}

function event(r: EventRow): SessionEvent {
  return {
    uuid: r.uuid,
    published: r.published,
    eventType: r.event_type,
    ip: r.ip,
    asNumber: r.as_number === null ? null : Number(r.as_number),
    asOrg: r.as_org,
    isp: r.isp,
    domain: r.domain,
    city: r.city,
    country: r.country,
    lat: r.lat,
    lon: r.lon,
    userAgent: r.user_agent,
    browser: r.browser,
    os: r.os,
    dtHash: r.dt_hash,
    isProxy: r.is_proxy ?? false,
    threatSuspected: r.threat_suspected ?? false,
    isNew: r.is_new,
  }
}

export function lookbackHours(config: Readonly<Record<string, unknown>>): number {
  const v = config.lookbackHours
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : DEFAULT_LOOKBACK_HOURS
}

export async function candidates(
  db: Database,
  window: DetectionWindow,
  ctx: DetectorContext,
): Promise<SessionCandidate[]> {
  const slice = sliceParams(window)
  const start = await db.one<{ first: Date | null }>(SLICE_START_SQL, slice)
  if (!start?.first) {
    return []
  }
  const hours = lookbackHours(ctx.config)
  const wholeStore = coversWholeStore(window)
  const rows = await db.all<Row>(candidatesSql(wholeStore), {
    ...slice,
    from: new Date(start.first.getTime() - hours * 3.6e6).toISOString(),
    ...(wholeStore ? {} : { lookbackHours: hours }),
    partnersOnly: ctx.config.partnersOnly !== false,
  })
  return rows
    .map((r) => ({
      org: r.org,
      sessionId: r.session_id,
      userId: r.user_id,
      userLogin: r.user_login,
      partnerId: r.partner_id,
      origin: event(r.origin),
      later: (r.later ?? []).map(event),
    }))
    .sort(
      (a, b) =>
        a.origin.published.getTime() - b.origin.published.getTime() ||
        a.sessionId.localeCompare(b.sessionId),
    )
}
