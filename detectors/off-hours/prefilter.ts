// Off-hours prefilter, in DuckDB: most sign-ins are at a time the user has signed in at before, and
// the score would drop them at its first test (a learned user, an earlier sign-in within
// minGapMinutes of this time of day). This query finds those inside DuckDB, so only the rest (a few
// per cent) travel to JS with their history. It mirrors score.ts exactly where it drops:
// - the user's earlier sign-ins are grouped by local day and 10-minute bin, and a group counts for a
//   sign-in when its last sign-in lies in the learningDays before it — as history.ts counts them;
// - "learned" is the same gate (sign-ins and distinct days, a day counted by its last group, which
//   can only count fewer days than the score does, so it never drops more); "near" asks whether a counted group's
//   bin centre lies within minGapMinutes of the sign-in's local minute (three 48-bit masks of the
//   144 bins, OR-ed over the window frame, tested against a per-minute mask passed in);
// - a sign-in of a user still learning goes on only with Okta's new-device / new-place verdict when
//   the settings ask for that corroboration (the score's cold-start rule).
// Everything else goes on to the score, which decides.
import { listValue, type DuckDBValue } from '@duckdb/node-api'
import type { Database } from '../../lib/db.js'
import { localTimeCtes } from './local-time.js'
import type { OffHoursSettings } from './settings.js'

const WORD_BITS = 48
/** Minutes per bin, as queries.ts and circular.ts have it (not imported: queries.ts imports this). */
const BIN_MINUTES = 10
const BINS = 1440 / BIN_MINUTES

/** Per local minute, the bins (three 48-bit words) whose centre lies within `gap` minutes. */
export function nearMasks(gap: number): [bigint[], bigint[], bigint[]] {
  const words: [bigint[], bigint[], bigint[]] = [[], [], []]
  for (let m = 0; m < 1440; m++) {
    const w = [0n, 0n, 0n]
    for (let b = 0; b < BINS; b++) {
      const d = Math.abs(b * BIN_MINUTES + BIN_MINUTES / 2 - m)
      if (Math.min(d, 1440 - d) < gap) {
        const i = Math.floor(b / WORD_BITS)
        w[i] = (w[i] ?? 0n) | (1n << BigInt(b % WORD_BITS))
      }
    }
    words.forEach((list, i) => list.push(w[i] ?? 0n))
  }
  return words
}

const WORD = (i: number): string =>
  `CASE WHEN bin // ${WORD_BITS} = ${i} THEN 1::BIGINT << (bin % ${WORD_BITS}) ELSE 0 END`

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
    SELECT *, strftime(lt, '%Y-%m-%d') AS local_date,
      (hour(lt) * 60 + minute(lt))::INTEGER AS local_minute,
      ((hour(lt) * 60 + minute(lt)) // ${BIN_MINUTES})::INTEGER AS bin
    FROM local
  ),
  groups AS (
    SELECT org, actor_id, local_date, bin, count(*)::INTEGER AS n, max(published) AS t
    FROM binned GROUP BY ALL
  ),
  stream AS (
    SELECT org, actor_id, t, n, (t = max(t) OVER (PARTITION BY org, actor_id, local_date))::INTEGER AS d,
      ${WORD(0)} AS w0, ${WORD(1)} AS w1, ${WORD(2)} AS w2,
      NULL::BIGINT AS seq, NULL::INTEGER AS local_minute
    FROM groups
    UNION ALL
    SELECT org, actor_id, published, 0, 0, 0, 0, 0, ingest_seq, local_minute
    FROM binned WHERE is_new
  ),
  -- The frame is the learning window up to just before the sign-in (timestamps are microseconds).
  -- Days are counted by their last group (d = 1), which can only count fewer days than the score.
  framed AS (
    SELECT seq, local_minute,
      coalesce(sum(n) OVER w, 0) AS prior_n,
      coalesce(sum(d) OVER w, 0) AS prior_days,
      coalesce(bit_or(w0) OVER w, 0) AS b0,
      coalesce(bit_or(w1) OVER w, 0) AS b1,
      coalesce(bit_or(w2) OVER w, 0) AS b2
    FROM stream
    WINDOW w AS (PARTITION BY org, actor_id ORDER BY t
      RANGE BETWEEN to_hours($learning_hours::BIGINT) PRECEDING
        AND to_microseconds(1::BIGINT) PRECEDING)
  ),
  kept AS (
    SELECT seq, learned FROM (
      SELECT *, prior_n >= $min_sign_ins AND prior_days >= $min_days AS learned
      FROM framed WHERE seq IS NOT NULL
    )
    WHERE NOT learned OR ((b0 & ($m0::BIGINT[])[local_minute + 1]) | (b1 & ($m1::BIGINT[])[local_minute + 1])
                          | (b2 & ($m2::BIGINT[])[local_minute + 1])) = 0
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
  const [m0, m1, m2] = nearMasks(settings.minGapMinutes)
  const rows = await db.all<{ uuid: string }>(PREFILTER_SQL(signIn), {
    ...params,
    learning_hours: settings.learningDays * 24,
    min_sign_ins: settings.minSignIns,
    min_days: settings.minDays,
    need_corroboration: settings.coldStartNeedsCorroboration,
    m0: listValue(m0),
    m1: listValue(m1),
    m2: listValue(m2),
  })
  return rows.map((r) => r.uuid)
}
