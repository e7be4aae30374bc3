// The SQL of the event store (event-store-queries.ts): the batch's stage table, the time check, the
// exact dedupe against stored rows, the quarantine and the INSERT that computes the typed columns.
// Kept apart from the store's logic, which decides which of these a batch runs.
import { UUID_HASH_SQL } from '../lib/migrations/007-events-dedupe-hash.js'
import { EVENT_COLUMNS, EVENT_SHAPE_JSON } from './event-shape.js'

/**
 * The batch: raw texts with the keys JavaScript read from them (event-keys.ts) and, when the keys
 * alone tell, why an event cannot be stored. Replaced, not emptied, for each batch: DuckDB keeps a
 * temp table's deleted rows in memory (it never checkpoints temp storage), so `DELETE` before each
 * batch grew the table by every batch's raw text (114 MB after 52k events; ingest/README.md).
 */
export const STAGE_SQL = `CREATE OR REPLACE TEMP TABLE event_stage (
  pos INTEGER, position VARCHAR, raw VARCHAR, uuid VARCHAR, published_text VARCHAR, reason VARCHAR, is_repeat BOOLEAN)`

/** What only DuckDB can judge: its TIMESTAMPTZ cast of the published time. */
export const CHECK_SQL = `UPDATE event_stage SET reason = 'unparseable published time'
  WHERE reason IS NULL AND try_cast(published_text AS TIMESTAMPTZ) IS NULL`

const COLLISION = 'another event with this uuid and different content was already received'
const FULL_SHAPE = EVENT_SHAPE_JSON.replace(/'/g, "''")
const COLUMN_NAMES = EVENT_COLUMNS.map(([c]) => c)
/** The typed columns over `j`; `published` from the text already checked (CHECK_SQL). */
const COLUMN_EXPRS = EVENT_COLUMNS.map(([c, expr]) =>
  c === 'published' ? 'try_cast(published_text AS TIMESTAMPTZ)' : expr,
)

/**
 * Stored rows that may share a uuid with the batch: a scan of `uuid_hash` (and, for rows some other
 * writer left without a hash, of `uuid`; row groups without such rows are skipped by their stats).
 */
export const HITS_SQL = `CREATE OR REPLACE TEMP TABLE event_hits AS
  SELECT ingest_seq FROM events WHERE uuid_hash IN (SELECT ${UUID_HASH_SQL('uuid')} FROM event_stage WHERE reason IS NULL)
  UNION ALL
  SELECT ingest_seq FROM events WHERE uuid_hash IS NULL AND uuid IN (SELECT uuid FROM event_stage WHERE reason IS NULL)`

/**
 * Rows of the batch that are not new, and where their first copy is: `stored_seq` (already in
 * `events`) or `first_pos` (earlier in this batch). Stored rows are read only for the hits, by
 * their ingest_seq range (zone maps).
 */
export const REPEAT_REFS_SQL = `CREATE OR REPLACE TEMP TABLE event_repeat_refs AS
  WITH valid AS (SELECT pos, uuid FROM event_stage WHERE reason IS NULL),
  firsts AS (SELECT pos, uuid FROM valid QUALIFY row_number() OVER (PARTITION BY uuid ORDER BY pos) = 1),
  stored AS (
    SELECT e.uuid, min(e.ingest_seq) AS ingest_seq FROM events e
    WHERE e.ingest_seq BETWEEN $loSeq AND $hiSeq AND e.ingest_seq IN (SELECT ingest_seq FROM event_hits)
    GROUP BY e.uuid
  )
  SELECT v.pos, s.ingest_seq AS stored_seq, f.pos AS first_pos
  FROM valid v LEFT JOIN stored s ON s.uuid = v.uuid LEFT JOIN firsts f ON f.uuid = v.uuid
  WHERE s.uuid IS NOT NULL OR f.pos <> v.pos`

/**
 * Compares each repeat with its first copy (`raw` is read only for the stored rows named) and marks
 * it in the stage: an exact repeat is skipped, a different event under the uuid is quarantined.
 */
export const MARK_REPEATS_SQL = `UPDATE event_stage
  SET is_repeat = true, reason = CASE WHEN r.same THEN NULL ELSE '${COLLISION}' END
  FROM (
    WITH st AS (
      SELECT ingest_seq, raw FROM events
      WHERE ingest_seq BETWEEN $loSeq AND $hiSeq AND ingest_seq IN (SELECT stored_seq FROM event_repeat_refs)
    )
    SELECT ref.pos, json(mine.raw)::VARCHAR = json(coalesce(st.raw, first.raw))::VARCHAR AS same
    FROM event_repeat_refs ref
    JOIN event_stage mine ON mine.pos = ref.pos
    LEFT JOIN st ON st.ingest_seq = ref.stored_seq
    LEFT JOIN event_stage first ON first.pos = ref.first_pos
  ) r
  WHERE event_stage.pos = r.pos`

export const QUARANTINE_SQL = `INSERT INTO quarantine (id, org, source, position, reason, raw, received_at)
  SELECT nextval('quarantine_seq'), $org, $source, position, reason, raw, $now
  FROM event_stage WHERE reason IS NOT NULL
  ORDER BY pos`

/**
 * A batch whose events are all new takes its ingest_seq numbers from `events_seq` at once, and the
 * INSERT numbers its rows `lo + pos`, in batch order, without sorting the wide rows (~8 µs per
 * event). The block is consecutive unless some other writer draws from the sequence at the same
 * moment; then, and for a batch with repeats or quarantined events, the INSERT takes its numbers one
 * by one over the rows sorted by position (INSERT_NUMBERED_SQL).
 */
export const RESERVE_SEQ_SQL = `SELECT min(v) AS lo, max(v) AS hi FROM (SELECT nextval('events_seq') AS v FROM range($n))`

const insertEvents = (seq: string, order: string): string =>
  `INSERT INTO events (ingest_seq, uuid, org, source, ingested_at, ${COLUMN_NAMES.join(', ')}, raw, uuid_hash)
  SELECT ${seq}, uuid, $org, $source, $now, ${COLUMN_NAMES.join(', ')}, raw, ${UUID_HASH_SQL('uuid')}
  FROM (
    SELECT pos, uuid, ${COLUMN_EXPRS.map((expr, i) => `${expr} AS ${COLUMN_NAMES[i]}`).join(', ')}, raw
    FROM (
      SELECT pos, uuid, published_text, raw, json_transform(raw, '${FULL_SHAPE}') AS j
      FROM event_stage WHERE reason IS NULL AND NOT is_repeat
    )
    ${order}
  )`
/** The typed columns are computed here, streaming, for the new events only. */
export const INSERT_EVENTS_SQL = insertEvents('$lo + pos', '')
export const INSERT_NUMBERED_SQL = insertEvents(`nextval('events_seq')`, 'ORDER BY pos')
