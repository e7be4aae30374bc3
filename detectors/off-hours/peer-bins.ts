// The partners' peer baseline for off-hours, kept in DuckDB instead of re-read from 90 days of every
// partner user's sign-ins on each run (which grows with the org, not with the new events): sign-ins
// per partner, local day and 10-minute bin in `off_hours_peer_bins`. Each run recomputes, from the
// events, every (partner, local day) its slice touched — late events included, so a day is always
// whole — and the table is rebuilt when it does not cover the run's start (`off_hours_peer_state`:
// the ingest sequence it covers and the partner zones it was computed in). A user re-attributed to
// another partner moves in the days recomputed after; `detect --since` recomputes the days it covers.
import { listValue, type DuckDBValue } from '@duckdb/node-api'
import type { Database } from '../../lib/db.js'
import type { PartnerConfig } from '../../lib/config.js'
import { localTimeCtes } from './local-time.js'
import type { PeerHistoryRow } from './queries.js'

const ZONES = `zones AS (
    SELECT unnest($partner_ids::VARCHAR[]) AS partner_id, unnest($zones::VARCHAR[]) AS tz
  )`

/** Partner users' sign-ins with their partner's zone, up to `$bound` (localTimeCtes adds `lt`). */
const LOCAL = (signIn: string, where: string): string => `
  SELECT u.partner_id, z.tz, e.published
  FROM events e
  JOIN dir_users u ON u.org = e.org AND u.id = e.actor_id
  JOIN zones z ON z.partner_id = u.partner_id
  WHERE e.ingest_seq <= $bound AND ${signIn} AND ${where}`

const TOUCHED_SQL = (signIn: string): string => `
  WITH ${ZONES},
  src AS (${LOCAL(signIn, `e.ingest_seq > $after AND ($since IS NULL OR e.published >= $since::TIMESTAMPTZ)`)}),
  ${localTimeCtes('src', 'l')}
  SELECT DISTINCT partner_id, strftime(lt, '%Y-%m-%d') AS local_date
  FROM l
  ORDER BY local_date, partner_id`

const TOUCHED = `(SELECT unnest($touched_partners::VARCHAR[]), unnest($touched_dates::VARCHAR[]))`

const INSERT_SQL = (signIn: string, all: boolean): string => `
  INSERT INTO off_hours_peer_bins
  WITH ${ZONES},
  src AS (${LOCAL(signIn, all ? 'true' : 'e.published >= $lo::TIMESTAMPTZ AND e.published < $hi::TIMESTAMPTZ')}),
  ${localTimeCtes('src', 'l')},
  d AS (SELECT partner_id, strftime(lt, '%Y-%m-%d') AS local_date, lt FROM l)
  SELECT partner_id, local_date, isodow(lt)::INTEGER AS iso_dow,
    ((hour(lt) * 60 + minute(lt)) // $bin_minutes)::INTEGER AS bin, count(*)::INTEGER AS n
  FROM d
  ${all ? '' : `WHERE (partner_id, local_date) IN ${TOUCHED}`}
  GROUP BY ALL`

const READ_SQL = `
  SELECT partner_id, local_date, iso_dow, bin, n FROM off_hours_peer_bins
  WHERE partner_id IN (SELECT unnest($partners::VARCHAR[]))
    AND local_date >= $from_date AND local_date < $to_date
  ORDER BY partner_id, local_date, bin`

const zonesKey = (partners: readonly PartnerConfig[]): string =>
  JSON.stringify(partners.map((p) => [p.id, p.timeZone]).sort())

export interface PeerWindow {
  after: bigint
  until: bigint
  since: string | null
}

/** Brings the table up to `window.until` for the days the window touched (or rebuilds it). */
export async function refreshPeerBins(
  db: Database,
  signIn: string,
  window: PeerWindow,
  partners: readonly PartnerConfig[],
  binMinutes: number,
): Promise<void> {
  const key = zonesKey(partners)
  const zones: Record<string, DuckDBValue> = {
    partner_ids: listValue(partners.map((p) => p.id)),
    zones: listValue(partners.map((p) => p.timeZone)),
  }
  const lists = { ...zones, bin_minutes: binMinutes }
  await db.transaction(async () => {
    const state = await db.one<{ through_seq: bigint; zones: string }>(
      'SELECT through_seq, zones FROM off_hours_peer_state WHERE id = 1',
    )
    const rebuild = !state || state.zones !== key || state.through_seq < window.after
    const bound =
      state && !rebuild && state.through_seq > window.until ? state.through_seq : window.until
    if (rebuild) {
      await db.run('DELETE FROM off_hours_peer_bins')
      await db.run(INSERT_SQL(signIn, true), { ...lists, bound })
    } else {
      const touched = await db.all<{ partner_id: string; local_date: string }>(
        TOUCHED_SQL(signIn),
        { ...zones, bound: window.until, after: window.after, since: window.since },
      )
      const first = touched[0]?.local_date
      const last = touched.at(-1)?.local_date
      if (first && last) {
        const days = {
          touched_partners: listValue(touched.map((t) => t.partner_id)),
          touched_dates: listValue(touched.map((t) => t.local_date)),
        }
        await db.run(
          `DELETE FROM off_hours_peer_bins WHERE (partner_id, local_date) IN ${TOUCHED}`,
          days,
        )
        // UTC bounds wide enough for any zone's local day (offsets −12 … +14 hours).
        const day = 86_400_000
        await db.run(INSERT_SQL(signIn, false), {
          ...lists,
          ...days,
          bound,
          lo: new Date(Date.parse(`${first}T00:00:00Z`) - day).toISOString(),
          hi: new Date(Date.parse(`${last}T00:00:00Z`) + 2 * day).toISOString(),
        })
      }
    }
    await db.run(
      `INSERT OR REPLACE INTO off_hours_peer_state (id, through_seq, zones, updated_at)
       VALUES (1, $seq, $zones, now())`,
      { seq: bound, zones: key },
    )
  })
}

/** The peer rows of these partners for local days in [fromDate, toDate). */
export async function readPeerBins(
  db: Database,
  partnerIds: readonly string[],
  fromDate: string,
  toDate: string,
): Promise<PeerHistoryRow[]> {
  const rows = await db.all<{
    partner_id: string
    local_date: string
    iso_dow: number
    bin: number
    n: number
  }>(READ_SQL, {
    partners: listValue([...partnerIds]),
    from_date: fromDate,
    to_date: toDate,
  })
  return rows.map((r) => ({
    partnerId: r.partner_id,
    localDate: r.local_date,
    isoDow: r.iso_dow,
    bin: r.bin,
    n: r.n,
  }))
}
