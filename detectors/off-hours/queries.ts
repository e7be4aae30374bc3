// Off-hours: the successful interactive sign-ins of partner users in the window, each with its local
// time in the partner's IANA zone (DuckDB's `timezone(tz, ts)`), and the history the model needs,
// aggregated in DuckDB: per user, local day and 10-minute bin; per partner, local day and bin.
// One sign-in is one `user.session.start` SUCCESS: federated users also log
// `user.authentication.auth_via_IDP` for the same sign-in and every app launch is a
// `user.authentication.sso`, so counting those would double-count one person sitting down to work.
import { listValue } from '@duckdb/node-api'
import type { Database } from '../../lib/db.js'
import { sliceParams, type DetectionWindow, type DetectorContext } from '../types.js'
import { localTimeCtes } from './local-time.js'
import { readPeerBins, refreshPeerBins } from './peer-bins.js'
import { prefilter } from './prefilter.js'
import { settingsOf } from './settings.js'

/** Minutes per histogram bin of the local time of day (144 bins a day; prefilter.ts has it too). */
export const BIN_MINUTES = 10
/** Days of history before a candidate that the user and peer models learn from. */
export const DEFAULT_LEARNING_DAYS = 90

export interface OffHoursCandidate {
  uuid: string
  org: string
  published: Date
  userId: string
  userLogin: string | null
  partnerId: string
  timeZone: string
  /** Local calendar day in the partner's zone, `YYYY-MM-DD`. */
  localDate: string
  /** Minute of the local day, 0–1439. */
  localMinute: number
  /** ISO weekday in the partner's zone, 1 = Monday … 7 = Sunday. */
  isoDow: number
  clientIp: string | null
  asNumber: number | null
  asOrg: string | null
  city: string | null
  country: string | null
  /** Longitude of the sign-in's geolocation: the local time where the signer actually is. */
  lon: number | null
  behaviors: string | null
}

/** Successful sign-ins of one user on one local day in one 10-minute bin. */
export interface UserHistoryRow {
  org: string
  userId: string
  localDate: string
  isoDow: number
  bin: number
  n: number
  /** The last sign-in in the group: the group counts for a candidate only if it is earlier. */
  lastPublished: Date
}

/** Successful sign-ins of one partner's users on one local day in one bin. */
export interface PeerHistoryRow {
  partnerId: string
  localDate: string
  isoDow: number
  bin: number
  n: number
}

export interface OffHoursCandidates {
  candidates: OffHoursCandidate[]
  userHistory: UserHistoryRow[]
  peerHistory: PeerHistoryRow[]
}

const SIGN_IN = `e.event_type = 'user.session.start' AND e.outcome_result = 'SUCCESS'`

// Partner ids and zones arrive as two bound lists, unnested side by side into a zone table.
const ZONES = `zones AS (
    SELECT unnest($partner_ids::VARCHAR[]) AS partner_id, unnest($zones::VARCHAR[]) AS tz
  )`

const LOCAL = (ts: string): string => `timezone(z.tz, ${ts})`

const CANDIDATES_SQL = `
  WITH ${ZONES}
  SELECT e.uuid, e.org, e.published, e.actor_id, e.actor_login, u.partner_id, z.tz,
         strftime(${LOCAL('e.published')}, '%Y-%m-%d') AS local_date,
         (hour(${LOCAL('e.published')}) * 60 + minute(${LOCAL('e.published')}))::INTEGER AS local_minute,
         isodow(${LOCAL('e.published')})::INTEGER AS iso_dow,
         e.client_ip, e.as_number, e.as_org, e.city, e.country, e.lon, e.behaviors
  FROM events e
  JOIN dir_users u ON u.org = e.org AND u.id = e.actor_id
  JOIN zones z ON z.partner_id = u.partner_id
  WHERE e.ingest_seq > $after AND e.ingest_seq <= $until
    AND ($since IS NULL OR e.published >= $since::TIMESTAMPTZ)
    AND ${SIGN_IN}
    AND ($uuids IS NULL OR e.uuid IN (SELECT unnest($uuids::VARCHAR[])))
  ORDER BY e.published, e.uuid`

// Per user of a candidate: their sign-ins from the learning window before the earliest candidate
// up to the latest candidate, grouped by local day and bin.
const USER_HISTORY_SQL = `
  WITH ${ZONES},
  c AS (
    SELECT e.org, e.actor_id, min(e.published) AS first_at, max(e.published) AS last_at
    FROM events e
    WHERE e.ingest_seq > $after AND e.ingest_seq <= $until
      AND ($since IS NULL OR e.published >= $since::TIMESTAMPTZ)
      AND ${SIGN_IN}
      AND ($uuids IS NULL OR e.uuid IN (SELECT unnest($uuids::VARCHAR[])))
    GROUP BY e.org, e.actor_id
  ),
  src AS (
    SELECT e.org, e.actor_id, e.published, z.tz
    FROM events e
    JOIN c ON c.org = e.org AND c.actor_id = e.actor_id
    JOIN dir_users u ON u.org = e.org AND u.id = e.actor_id
    JOIN zones z ON z.partner_id = u.partner_id
    WHERE e.ingest_seq <= $until AND ${SIGN_IN}
      AND e.published >= c.first_at - to_days($learning_days::INTEGER)
      AND e.published < c.last_at
  ),
  ${localTimeCtes('src', 'h')}
  SELECT org, actor_id, strftime(lt, '%Y-%m-%d') AS local_date,
         isodow(lt)::INTEGER AS iso_dow,
         ((hour(lt) * 60 + minute(lt)) // $bin_minutes)::INTEGER AS bin,
         count(*)::INTEGER AS n, max(published) AS last_published
  FROM h
  GROUP BY ALL
  ORDER BY org, actor_id, local_date, bin`

interface CandidateRow {
  uuid: string
  org: string
  published: Date
  actor_id: string
  actor_login: string | null
  partner_id: string
  tz: string
  local_date: string
  local_minute: number
  iso_dow: number
  client_ip: string | null
  as_number: bigint | null
  as_org: string | null
  city: string | null
  country: string | null
  lon: number | null
  behaviors: string | null
}

export function learningDays(config: Readonly<Record<string, unknown>>): number {
  const v = config.learningDays
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : DEFAULT_LEARNING_DAYS
}

const SLICE_START_SQL = `
  SELECT min(e.published) AS at FROM events e
  WHERE e.ingest_seq > $after AND e.ingest_seq <= $until
    AND ($since IS NULL OR e.published >= $since::TIMESTAMPTZ) AND ${SIGN_IN}`

const EMPTY: OffHoursCandidates = { candidates: [], userHistory: [], peerHistory: [] }

export async function readOffHoursCandidates(
  db: Database,
  window: DetectionWindow,
  ctx: DetectorContext,
  options: { prefilter?: boolean } = {},
): Promise<OffHoursCandidates> {
  const partners = ctx.partners
  if (partners.length === 0) {
    return EMPTY
  }
  const settings = settingsOf(ctx.config)
  const slice = sliceParams(window)
  // The partner-wide baseline is kept up to date on every run, sign-ins in the slice or not.
  await refreshPeerBins(db, SIGN_IN, slice, partners, BIN_MINUTES)
  const start = await db.one<{ at: Date | null }>(SLICE_START_SQL, slice)
  if (!start?.at) {
    return EMPTY
  }
  const base = {
    ...slice,
    partner_ids: listValue(partners.map((p) => p.id)),
    zones: listValue(partners.map((p) => p.timeZone)),
  }
  // Only what the score could flag goes on (prefilter.ts); `prefilter: false` is for tests that
  // check the score gives the same findings either way.
  const kept =
    options.prefilter === false
      ? null
      : await prefilter(
          db,
          SIGN_IN,
          {
            ...base,
            historySince: new Date(
              start.at.getTime() - settings.learningDays * 86_400_000,
            ).toISOString(),
          },
          settings,
        )
  if (kept?.length === 0) {
    return EMPTY
  }
  const uuids = kept === null ? null : listValue(kept)
  const rows = await db.all<CandidateRow>(CANDIDATES_SQL, { ...base, uuids })
  if (rows.length === 0) {
    return EMPTY
  }
  const history = {
    ...base,
    uuids,
    learning_days: settings.learningDays,
    bin_minutes: BIN_MINUTES,
  }
  const users = await db.all<{
    org: string
    actor_id: string
    local_date: string
    iso_dow: number
    bin: number
    n: number
    last_published: Date
  }>(USER_HISTORY_SQL, history)
  const dates = rows.map((r) => r.local_date).sort()
  const peerHistory = await readPeerBins(
    db,
    [...new Set(rows.map((r) => r.partner_id))],
    shiftDate(dates[0] ?? '', -settings.learningDays),
    dates.at(-1) ?? '',
  )
  return {
    candidates: rows.map((r) => ({
      uuid: r.uuid,
      org: r.org,
      published: r.published,
      userId: r.actor_id,
      userLogin: r.actor_login,
      partnerId: r.partner_id,
      timeZone: r.tz,
      localDate: r.local_date,
      localMinute: r.local_minute,
      isoDow: r.iso_dow,
      clientIp: r.client_ip,
      asNumber: r.as_number == null ? null : Number(r.as_number),
      asOrg: r.as_org,
      city: r.city,
      country: r.country,
      lon: r.lon,
      behaviors: r.behaviors,
    })),
    userHistory: users.map((r) => ({
      org: r.org,
      userId: r.actor_id,
      localDate: r.local_date,
      isoDow: r.iso_dow,
      bin: r.bin,
      n: r.n,
      lastPublished: r.last_published,
    })),
    peerHistory,
  }
}

/** `YYYY-MM-DD` moved by whole days. */
function shiftDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}
