// Storing a batch of raw System Log events: stage the texts, let DuckDB read each one's uuid and
// published time, quarantine what cannot be stored (with the reason), insert the rest (typed columns
// computed by the INSERT) skipping uuids already stored, and write the source's cursor, all in one
// transaction. A crash before COMMIT leaves neither
// rows nor cursor.
//
// Exactly once without an index (migration 7): `events` has no UNIQUE key, because a DuckDB ART index
// over every uuid stays in memory and did not fit the buffer pool at 10M events. Instead each batch is
// checked, inside its transaction, against `uuid_hash` (8 bytes per stored row, scanned in full: no
// index, memory bounded by the batch) and the hash matches against the stored `uuid` itself. All
// writes go through this store on the database's one writer connection, one transaction at a time
// (`db.transaction`), so nothing can slip in between the check and the insert.
//
// An exact repeat is counted as a duplicate; an event whose uuid is already stored with different
// content is quarantined, not dropped (the public samples do this).
import type { Database } from '../lib/db.js'
import type { Clock } from '../lib/clock.js'
import { UUID_HASH_SQL } from '../lib/migrations/007-events-dedupe-hash.js'
import { EVENT_COLUMNS, EVENT_SHAPE_JSON } from './event-shape.js'

export interface RawEvent {
  /** Where it came from, for the quarantine: `line 12`, `page 3 item 17`. */
  position: string
  raw: string
  /** Set by a reader that already knows the event cannot be stored (e.g. invalid UTF-8). */
  reason?: string
}

export interface BatchResult {
  received: number
  stored: number
  duplicates: number
  quarantined: number
}

export interface CursorUpdate {
  org: string
  nextUrl: string
}

/**
 * Bounds on one transaction of several batches. DuckDB keeps a transaction's uncommitted rows in
 * memory (pinned in the buffer pool) until they fill a row group (122,880 rows), and every batch's
 * staging tables too (a table replaced or emptied inside a transaction is kept for a rollback until
 * the transaction ends), so a transaction is bounded by the bytes of raw text it holds: ~2.2 KB
 * events held ~210 MB at 52k rows in one transaction.
 */
export const ROWS_PER_COMMIT = 122_880
export const RAW_BYTES_PER_COMMIT = 16 * 1024 * 1024

/**
 * The batch's raw texts. Replaced, not emptied, for each batch: DuckDB keeps a temp table's deleted
 * rows in memory (it never checkpoints temp storage), so `DELETE` before each batch grew the table
 * by every batch's raw text (114 MB after 52k events; measured in ingest/README.md, Benchmark).
 */
const STAGE_SQL =
  'CREATE OR REPLACE TEMP TABLE event_stage (pos INTEGER, position VARCHAR, raw VARCHAR, pre_reason VARCHAR)'

const COLLISION = 'another event with this uuid and different content was already received'
const FULL_SHAPE = EVENT_SHAPE_JSON.replace(/'/g, "''")
const COLUMN_NAMES = EVENT_COLUMNS.map(([c]) => c)

/**
 * Stored rows that may share a uuid with the batch: a scan of `uuid_hash` (and, for rows some other
 * writer left without a hash, of `uuid`; row groups without such rows are skipped by their stats).
 */
const HITS_SQL = `CREATE OR REPLACE TEMP TABLE event_hits AS
  SELECT ingest_seq FROM events WHERE uuid_hash IN (SELECT uuid_hash FROM event_rows WHERE reason IS NULL)
  UNION ALL
  SELECT ingest_seq FROM events WHERE uuid_hash IS NULL AND uuid IN (SELECT uuid FROM event_rows WHERE reason IS NULL)`

/**
 * Rows of the batch that are not new, and where their first copy is: `stored_seq` (already in
 * `events`) or `first_pos` (earlier in this batch). Stored rows are read only for the hits, by
 * their ingest_seq range (zone maps).
 */
const REPEAT_REFS_SQL = `CREATE OR REPLACE TEMP TABLE event_repeat_refs AS
  WITH valid AS (SELECT pos, uuid FROM event_rows WHERE reason IS NULL),
  firsts AS (SELECT pos, uuid FROM valid QUALIFY row_number() OVER (PARTITION BY uuid ORDER BY pos) = 1),
  stored AS (
    SELECT e.uuid, min(e.ingest_seq) AS ingest_seq FROM events e
    WHERE e.ingest_seq BETWEEN $loSeq AND $hiSeq AND e.ingest_seq IN (SELECT ingest_seq FROM event_hits)
    GROUP BY e.uuid
  )
  SELECT v.pos, s.ingest_seq AS stored_seq, f.pos AS first_pos
  FROM valid v LEFT JOIN stored s ON s.uuid = v.uuid LEFT JOIN firsts f ON f.uuid = v.uuid
  WHERE s.uuid IS NOT NULL OR f.pos <> v.pos`

/** Compares each repeat with its first copy; `raw` is read only for the stored rows named. */
const SAME_SQL = `CREATE OR REPLACE TEMP TABLE event_repeats AS
  WITH st AS (
    SELECT ingest_seq, raw FROM events
    WHERE ingest_seq BETWEEN $loSeq AND $hiSeq AND ingest_seq IN (SELECT stored_seq FROM event_repeat_refs)
  )
  SELECT r.pos, json(mine.raw)::VARCHAR = json(coalesce(st.raw, first.raw))::VARCHAR AS same
  FROM event_repeat_refs r
  JOIN event_stage mine ON mine.pos = r.pos
  LEFT JOIN st ON st.ingest_seq = r.stored_seq
  LEFT JOIN event_stage first ON first.pos = r.first_pos`

const NO_REPEATS_SQL = `CREATE OR REPLACE TEMP TABLE event_repeats AS
  SELECT NULL::INTEGER AS pos, NULL::BOOLEAN AS same WHERE false`

const QUARANTINE_SQL = `INSERT INTO quarantine (id, org, source, position, reason, raw, received_at)
  SELECT nextval('quarantine_seq'), $org, $source, s.position, coalesce(p.reason, '${COLLISION}'), s.raw, $now
  FROM event_rows p JOIN event_stage s USING (pos) LEFT JOIN event_repeats r ON r.pos = p.pos
  WHERE p.reason IS NOT NULL OR r.same = false
  ORDER BY p.pos`

// A first, light pass reads only uuid and published of each event, enough to quarantine what cannot be
// stored and to find repeats; the typed columns are computed by the INSERT itself, streaming, for the
// events that are new (measured: materialising every typed column in a temp table first cost more
// than the second parse it saved).
const KEY_SHAPE = JSON.stringify({ uuid: 'VARCHAR', published: 'VARCHAR' })
const PARSE_KEYS_SQL = `CREATE OR REPLACE TEMP TABLE event_rows AS
  SELECT pos, uuid, CASE WHEN reason IS NULL THEN ${UUID_HASH_SQL('uuid')} END AS uuid_hash, reason
  FROM (
    SELECT pos, trim(j.uuid) AS uuid,
      CASE
        WHEN pre_reason IS NOT NULL THEN pre_reason
        WHEN j IS NULL THEN CASE
          WHEN NOT json_valid(raw) THEN 'not valid JSON'
          WHEN json_type(raw) <> 'OBJECT' THEN 'not a JSON object'
          ELSE 'fields of unexpected types' END
        WHEN j.uuid IS NULL OR trim(j.uuid) = '' THEN 'no uuid'
        WHEN length(j.uuid) > 200 THEN 'uuid longer than 200 characters'
        WHEN j.published IS NULL THEN 'no published time'
        WHEN try_cast(j.published AS TIMESTAMPTZ) IS NULL THEN 'unparseable published time'
      END AS reason
    FROM (
      SELECT pos, raw, pre_reason,
        CASE WHEN pre_reason IS NULL AND starts_with(ltrim(raw), '{') THEN try(json_transform(raw, '${KEY_SHAPE}')) END AS j
      FROM event_stage
    )
  )`
const INSERT_EVENTS_SQL = `INSERT INTO events (ingest_seq, uuid, org, source, ingested_at, ${COLUMN_NAMES.join(', ')}, raw, uuid_hash)
  SELECT nextval('events_seq'), uuid, $org, $source, $now, ${COLUMN_NAMES.join(', ')}, raw, uuid_hash
  FROM (
    SELECT uuid, uuid_hash, ${EVENT_COLUMNS.map(([c, expr]) => `${expr} AS ${c}`).join(', ')}, raw
    FROM (
      SELECT r.pos, r.uuid, r.uuid_hash, s.raw, json_transform(s.raw, '${FULL_SHAPE}') AS j
      FROM event_rows r JOIN event_stage s USING (pos)
      WHERE r.reason IS NULL AND r.pos NOT IN (SELECT pos FROM event_repeats)
    )
    ORDER BY pos
  )`

export type StoreBatch = (
  org: string,
  source: string,
  events: readonly RawEvent[],
  cursor?: CursorUpdate,
) => Promise<BatchResult>

export interface EventStoreQueries {
  /** Stores one batch (a page, or a slice of a file) and, if given, the cursor after it. */
  storeBatch: StoreBatch
  /**
   * Several batches in one transaction (`put` stores one batch inside it), for catching up and
   * imports: DuckDB writes whole row groups of a large transaction straight to the file instead of
   * through the WAL, and commits far less often. All or nothing, cursor included.
   */
  inTransaction<T>(fn: (put: StoreBatch) => Promise<T>): Promise<T>
  readCursor(org: string): Promise<{ nextUrl: string; pages: bigint; updatedAt: Date } | undefined>
}

export async function createEventStoreQueries(
  db: Database,
  clock: Clock,
): Promise<EventStoreQueries> {
  const stage = async (events: readonly RawEvent[]): Promise<void> => {
    await db.run(STAGE_SQL)
    const appender = await db.connection.createAppender('event_stage')
    events.forEach((e, i) => {
      appender.appendInteger(i)
      appender.appendVarchar(e.position)
      appender.appendVarchar(e.raw)
      if (e.reason === undefined) {
        appender.appendNull()
      } else {
        appender.appendVarchar(e.reason)
      }
      appender.endRow()
    })
    appender.closeSync()
  }

  /** Finds the batch's repeats (in `event_repeats`); reads stored rows only when the hash scan hits. */
  const findRepeats = async (): Promise<void> => {
    await db.run(HITS_SQL)
    const hits = await db.one<{ lo: bigint | null; hi: bigint | null }>(
      'SELECT min(ingest_seq) AS lo, max(ingest_seq) AS hi FROM event_hits',
    )
    const inBatch = await db.one<{ n: bigint }>(
      `SELECT count(*) - count(DISTINCT uuid) AS n FROM event_rows WHERE reason IS NULL`,
    )
    if (hits?.lo == null && (inBatch?.n ?? 0n) === 0n) {
      await db.run(NO_REPEATS_SQL)
      return
    }
    const range = { loSeq: hits?.lo ?? 0n, hiSeq: hits?.hi ?? -1n }
    await db.run(REPEAT_REFS_SQL, range)
    const seqs = await db.one<{ lo: bigint | null; hi: bigint | null }>(
      'SELECT min(stored_seq) AS lo, max(stored_seq) AS hi FROM event_repeat_refs',
    )
    await db.run(SAME_SQL, { loSeq: seqs?.lo ?? 0n, hiSeq: seqs?.hi ?? -1n })
  }

  const put: StoreBatch = async (org, source, events, cursor) => {
    await stage(events)
    await db.run(PARSE_KEYS_SQL)
    await findRepeats()
    const now = clock.now().toISOString()
    const params = { org, source, now }
    const quarantined = await db.changes(QUARANTINE_SQL, params)
    const stored = await db.changes(INSERT_EVENTS_SQL, params)
    if (cursor) {
      await db.run(
        `INSERT INTO ingest_cursors (org, next_url, pages, updated_at) VALUES ($org, $url, 1, $now)
             ON CONFLICT (org) DO UPDATE SET next_url = excluded.next_url, pages = ingest_cursors.pages + 1, updated_at = excluded.updated_at`,
        { org: cursor.org, url: cursor.nextUrl, now },
      )
    }
    return {
      received: events.length,
      stored,
      duplicates: events.length - quarantined - stored,
      quarantined,
    }
  }

  return {
    storeBatch: (org, source, events, cursor) =>
      db.transaction(() => put(org, source, events, cursor)),
    inTransaction: (fn) => db.transaction(() => fn(put)),
    readCursor: async (org) => {
      const row = await db.one<{ next_url: string; pages: bigint; updated_at: Date }>(
        'SELECT next_url, pages, updated_at FROM ingest_cursors WHERE org = $org',
        { org },
      )
      return row
        ? { nextUrl: row.next_url, pages: row.pages, updatedAt: row.updated_at }
        : undefined
    },
  }
}
