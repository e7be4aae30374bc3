// Storing a batch of raw System Log events: stage the texts, let DuckDB parse each once, quarantine
// what cannot be stored (with the reason), insert the rest skipping uuids already stored, and write
// the source's cursor, all in one transaction. A crash before COMMIT leaves neither rows nor cursor.
//
// Duplicates are found by an anti-join limited to the batch's `published` range (the zone maps make
// that cheap at any table size; DuckDB's ON CONFLICT was measured thousands of times slower). An event
// whose uuid is already stored with different content is not dropped as a duplicate: it is
// quarantined. A uuid stored under another `published` makes the plain INSERT fail its unique key;
// the batch is then redone against the whole table.
import type { Database } from '../lib/db.js'
import type { Clock } from '../lib/clock.js'
import { StoreError } from '../lib/errors.js'
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

const COLLISION = 'another event with this uuid and different content was already received'

// Each event is parsed once (json_transform); the exact reason for one that fails is worked out
// only for that row. Intermediate tables keep no copy of `raw`: storing long strings is what costs.
const CHECK_SHAPE = JSON.stringify({ uuid: 'VARCHAR', published: 'VARCHAR' }).replace(/'/g, "''")
const FULL_SHAPE = EVENT_SHAPE_JSON.replace(/'/g, "''")

const PARSE_SQL = `CREATE OR REPLACE TEMP TABLE event_parsed AS
  SELECT pos, trim(j.uuid) AS uuid, try_cast(j.published AS TIMESTAMPTZ) AS published_at,
    CASE
      WHEN pre_reason IS NOT NULL THEN pre_reason
      WHEN j IS NULL THEN CASE WHEN NOT json_valid(raw) THEN 'not valid JSON' ELSE 'not a JSON object' END
      WHEN j.uuid IS NULL OR trim(j.uuid) = '' THEN 'no uuid'
      WHEN length(j.uuid) > 200 THEN 'uuid longer than 200 characters'
      WHEN j.published IS NULL THEN 'no published time'
      WHEN try_cast(j.published AS TIMESTAMPTZ) IS NULL THEN 'unparseable published time'
    END AS reason
  FROM (
    SELECT pos, raw, pre_reason,
      CASE WHEN pre_reason IS NULL AND starts_with(ltrim(raw), '{') THEN try(json_transform(raw, '${CHECK_SHAPE}')) END AS j
    FROM event_stage
  )`

/**
 * Rows of the batch that are not new, and where their first copy is: `stored_seq` (already in
 * `events`) or `first_pos` (earlier in this batch). Only uuid and ingest_seq are read from `events`
 * here: projecting `raw` would decompress whole row groups of it for every batch.
 */
function repeatsSql(wholeTable: boolean): string {
  // The range comes in as bound values (not a subquery) so DuckDB prunes row groups by zone map.
  const range = wholeTable ? '' : 'AND e.published BETWEEN $lo::TIMESTAMPTZ AND $hi::TIMESTAMPTZ'
  return `CREATE OR REPLACE TEMP TABLE event_repeat_refs AS
  WITH valid AS (SELECT pos, uuid, published_at FROM event_parsed WHERE reason IS NULL),
  firsts AS (SELECT pos, uuid FROM valid QUALIFY row_number() OVER (PARTITION BY uuid ORDER BY pos) = 1),
  stored AS (SELECT e.uuid, e.ingest_seq FROM events e WHERE e.uuid IN (SELECT uuid FROM valid) ${range})
  SELECT v.pos, s.ingest_seq AS stored_seq, f.pos AS first_pos
  FROM valid v LEFT JOIN stored s ON s.uuid = v.uuid LEFT JOIN firsts f ON f.uuid = v.uuid
  WHERE s.uuid IS NOT NULL OR f.pos <> v.pos`
}

/** Compares each repeat with its first copy; `raw` is read only for the stored rows named, by ingest_seq range. */
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

const QUARANTINE_SQL = `INSERT INTO quarantine (id, org, source, position, reason, raw, received_at)
  SELECT nextval('quarantine_seq'), $org, $source, s.position, coalesce(p.reason, '${COLLISION}'), s.raw, $now
  FROM event_parsed p JOIN event_stage s USING (pos) LEFT JOIN event_repeats r ON r.pos = p.pos
  WHERE p.reason IS NOT NULL OR r.same = false
  ORDER BY p.pos`

const COLUMN_LIST = EVENT_COLUMNS.map(([c]) => c).join(', ')
const INSERT_EVENTS_SQL = `INSERT INTO events (ingest_seq, uuid, org, source, ingested_at, ${COLUMN_LIST}, raw)
  SELECT nextval('events_seq'), uuid, $org, $source, $now, ${COLUMN_LIST}, raw
  FROM (
    SELECT pos, uuid, ${EVENT_COLUMNS.map(([c, expr]) => `${expr} AS ${c}`).join(', ')}, raw
    FROM (
      SELECT p.pos, p.uuid, s.raw, json_transform(s.raw, '${FULL_SHAPE}') AS j
      FROM event_parsed p JOIN event_stage s USING (pos)
      WHERE p.reason IS NULL AND p.pos NOT IN (SELECT pos FROM event_repeats)
    )
    ORDER BY pos
  )`

export interface EventStoreQueries {
  /** Stores one batch (a page, or a slice of a file) and, if given, the cursor after it. */
  storeBatch(
    org: string,
    source: string,
    events: readonly RawEvent[],
    cursor?: CursorUpdate,
  ): Promise<BatchResult>
  readCursor(org: string): Promise<{ nextUrl: string; pages: bigint; updatedAt: Date } | undefined>
}

export async function createEventStoreQueries(
  db: Database,
  clock: Clock,
): Promise<EventStoreQueries> {
  await db.run(
    'CREATE TEMP TABLE IF NOT EXISTS event_stage (pos INTEGER, position VARCHAR, raw VARCHAR, pre_reason VARCHAR)',
  )

  const attempt = (
    org: string,
    source: string,
    events: readonly RawEvent[],
    cursor: CursorUpdate | undefined,
    wholeTable: boolean,
  ) =>
    db.transaction(async () => {
      await db.run('DELETE FROM event_stage')
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
      await db.run(PARSE_SQL)
      const bounds = await db.one<{ lo: string | null; hi: string | null }>(
        `SELECT strftime(min(published_at), '%Y-%m-%dT%H:%M:%S.%fZ') AS lo, strftime(max(published_at), '%Y-%m-%dT%H:%M:%S.%fZ') AS hi
         FROM event_parsed WHERE reason IS NULL`,
      )
      await db.run(
        repeatsSql(wholeTable),
        wholeTable ? {} : { lo: bounds?.lo ?? null, hi: bounds?.hi ?? null },
      )
      const seqs = await db.one<{ lo: bigint | null; hi: bigint | null }>(
        'SELECT min(stored_seq) AS lo, max(stored_seq) AS hi FROM event_repeat_refs',
      )
      await db.run(SAME_SQL, { loSeq: seqs?.lo ?? 0n, hiSeq: seqs?.hi ?? -1n })
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
      await db.run('DROP TABLE event_parsed')
      await db.run('DROP TABLE event_repeats')
      await db.run('DROP TABLE event_repeat_refs')
      return {
        received: events.length,
        stored,
        duplicates: events.length - quarantined - stored,
        quarantined,
      }
    })

  return {
    storeBatch: async (org, source, events, cursor) => {
      try {
        return await attempt(org, source, events, cursor, false)
      } catch (err) {
        if (err instanceof StoreError && /constraint|duplicate key/i.test(err.message)) {
          return attempt(org, source, events, cursor, true)
        }
        throw err
      }
    },
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
