// Off-hours prefilter, in DuckDB: most sign-ins are at a time the user has signed in at before, and
// the score would drop them at its first test (a learned user, an earlier sign-in within
// minGapMinutes of this time of day). This query finds those inside DuckDB, so only the rest (a few
// per cent) travel to JS with their history. It mirrors score.ts exactly where it drops:
// - the user's earlier sign-ins are grouped by local day and 10-minute bin, and a group counts for a
//   sign-in when its last sign-in lies in the learningDays before it — as history.ts counts them;
// - "learned" is the same gate (sign-ins and distinct days, a day counted by its last group, which
//   can only count fewer days than the score does, so it never drops more); "near" asks whether a counted group's
//   bin centre lies within minGapMinutes of the sign-in's local minute (two masks of the 144 bins,
//   a 120-bit and a 24-bit one, OR-ed over the window frame, tested against per-minute masks);
// - a sign-in of a user still learning goes on only with Okta's new-device / new-place verdict when
//   the settings ask for that corroboration (the score's cold-start rule).
// Everything else goes on to the score, which decides.
import { listValue, type DuckDBValue } from '@duckdb/node-api'
import type { Database } from '../../lib/db.js'
import { localTimeCtes } from './local-time.js'
import type { OffHoursSettings } from './settings.js'

/** Minutes per bin, as queries.ts and circular.ts have it (not imported: queries.ts imports this). */
const BIN_MINUTES = 10
const BINS = 1440 / BIN_MINUTES
/** Bins 0–119 are bits of one HUGEINT, the other 24 of a BIGINT: two OR-aggregates, not three. */
const LOW_BITS = 120

/**
 * Per local minute, the bins whose centre lies within `gap` minutes, as two masks (bins below
 * LOW_BITS, then the rest), in decimal text: DuckDB reads them as HUGEINT[] and BIGINT[].
 */
export function nearMasks(gap: number): [string[], string[]] {
  const low: string[] = []
  const high: string[] = []
  for (let m = 0; m < 1440; m++) {
    let lo = 0n
    let hi = 0n
    for (let b = 0; b < BINS; b++) {
      const d = Math.abs(b * BIN_MINUTES + BIN_MINUTES / 2 - m)
      if (Math.min(d, 1440 - d) < gap) {
        if (b < LOW_BITS) {
          lo |= 1n << BigInt(b)
        } else {
          hi |= 1n << BigInt(b - LOW_BITS)
        }
      }
    }
    low.push(String(lo))
    high.push(String(hi))
  }
  return [low, high]
}

const LOW = `CASE WHEN bin < ${LOW_BITS} THEN 1::HUGEINT << bin::HUGEINT ELSE 0::HUGEINT END`
const HIGH = `CASE WHEN bin >= ${LOW_BITS} THEN 1::BIGINT << (bin - ${LOW_BITS}) ELSE 0::BIGINT END`

/**
 * The partner zones and the sign-ins of the slice's users, each user's from learningDays before
 * their first new one (the bound the score's history has), with the local time in the partner zone.
 */
export const LOCAL_SIGN_INS = (signIn: string): string => `
  zones AS (
    SELECT unnest($partner_ids::VARCHAR[]) AS partner_id, unnest($zones::VARCHAR[]) AS tz
  ),
  slice_users AS MATERIALIZED (
    SELECT e.org, e.actor_id, min(e.published) AS first_at FROM events e
    WHERE e.ingest_seq > $after AND e.ingest_seq <= $until
      AND ($since IS NULL OR e.published >= $since::TIMESTAMPTZ) AND ${signIn}
    GROUP BY e.org, e.actor_id
  ),
  located AS (
    SELECT e.org, e.actor_id, e.ingest_seq, e.published,
      e.ingest_seq > $after AND ($since IS NULL OR e.published >= $since::TIMESTAMPTZ) AS is_new,
      z.tz
    FROM events e
    JOIN slice_users s ON s.org = e.org AND s.actor_id = e.actor_id
    JOIN dir_users u ON u.org = e.org AND u.id = e.actor_id
    JOIN zones z ON z.partner_id = u.partner_id
    WHERE e.ingest_seq <= $until AND e.published >= $historySince::TIMESTAMPTZ AND ${signIn}
      AND e.published >= s.first_at - to_hours($learning_hours::BIGINT)
  ),
  ${localTimeCtes('located', 'local')}`

const PREFILTER_SQL = (signIn: string): string => `
  WITH ${LOCAL_SIGN_INS(signIn)},
  binned AS (
    SELECT *, hash(org, actor_id) AS uid, strftime(lt, '%Y-%m-%d') AS local_date,
      (hour(lt) * 60 + minute(lt))::INTEGER AS local_minute,
      ((hour(lt) * 60 + minute(lt)) // ${BIN_MINUTES})::INTEGER AS bin
    FROM local
  ),
  groups AS (
    SELECT uid, local_date, bin, count(*)::INTEGER AS n, max(published) AS t
    FROM binned GROUP BY ALL
  ),
  stream AS (
    -- A group's sign-ins and whether it is its day's last, packed in one number (n < 2^32): one
    -- sum over the frame instead of two.
    SELECT uid, t,
      n::BIGINT + ((t = max(t) OVER (PARTITION BY uid, local_date))::BIGINT << 32) AS nd,
      ${LOW} AS lo, ${HIGH} AS hi, NULL::BIGINT AS seq, NULL::INTEGER AS local_minute
    FROM groups
    UNION ALL
    SELECT uid, published, 0, 0::HUGEINT, 0, ingest_seq, local_minute
    FROM binned WHERE is_new
  ),
  -- The frame is the learning window up to just before the sign-in (timestamps are microseconds).
  -- Users are told apart by a 64-bit hash of (org, id): integers sort faster than the two strings.
  -- Days are counted by their last group (d = 1), which can only count fewer days than the score.
  framed AS (
    SELECT seq, local_minute,
      coalesce(sum(nd) OVER w, 0)::BIGINT AS nd,
      coalesce(bit_or(lo) OVER w, 0::HUGEINT) AS b_lo,
      coalesce(bit_or(hi) OVER w, 0) AS b_hi
    FROM stream
    WINDOW w AS (PARTITION BY uid ORDER BY t
      RANGE BETWEEN to_hours($learning_hours::BIGINT) PRECEDING
        AND to_microseconds(1::BIGINT) PRECEDING)
  ),
  kept AS (
    SELECT seq, learned FROM (
      SELECT *, (nd & 4294967295) >= $min_sign_ins AND (nd >> 32) >= $min_days AS learned
      FROM framed WHERE seq IS NOT NULL
    )
    WHERE NOT learned OR ((b_lo & ($m_lo::VARCHAR[])[local_minute + 1]::HUGEINT) = 0
                          AND (b_hi & ($m_hi::VARCHAR[])[local_minute + 1]::BIGINT) = 0)
  )
  -- Okta's verdict is read only for the few kept (the behaviors text is long).
  SELECT e.uuid FROM events e JOIN kept k ON k.seq = e.ingest_seq
  WHERE e.ingest_seq IN (SELECT unnest(list(seq)) FROM kept)
    AND e.ingest_seq > $after AND e.ingest_seq <= $until AND ${signIn}
    AND (k.learned OR NOT $need_corroboration
      OR regexp_matches(coalesce(e.behaviors, ''),
           '(New Device|New Geo-Location|New Country|New City)=POSITIVE'))`

/** Partner ids and zones (two lists), the window (after, until, since) and historySince. */
export type PrefilterParams = Record<string, DuckDBValue>

/** The uuids of the slice's sign-ins the score could flag (a superset: the score decides). */
export async function prefilter(
  db: Database,
  signIn: string,
  params: PrefilterParams,
  settings: OffHoursSettings,
): Promise<string[]> {
  const [low, high] = nearMasks(settings.minGapMinutes)
  const rows = await db.all<{ uuid: string }>(PREFILTER_SQL(signIn), {
    ...params,
    learning_hours: settings.learningDays * 24,
    min_sign_ins: settings.minSignIns,
    min_days: settings.minDays,
    need_corroboration: settings.coldStartNeedsCorroboration,
    m_lo: listValue(low),
    m_hi: listValue(high),
  })
  return rows.map((r) => r.uuid)
}
