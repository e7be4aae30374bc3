// Storing a batch of raw System Log events: stage the texts with the uuid and published time
// JavaScript read from them (event-keys.ts), quarantine what cannot be stored (with the reason),
// insert the rest (typed columns computed by the INSERT) skipping uuids already stored, and write
// the source's cursor, all in one transaction. A crash before COMMIT leaves neither rows nor cursor.
//
// Exactly once without an index (migration 7): `events` has no UNIQUE key, because a DuckDB ART index
// over every uuid stays in memory and did not fit the buffer pool at 10M events. Instead each batch is
// checked, inside its transaction, against `uuid_hash` (8 bytes per stored row, scanned in full: no
// index, memory bounded by the batch) and the hash matches against the stored `uuid` itself. A
// Bloom filter of the stored hashes, kept in memory (stored-uuids.ts, 3–4.5 bytes per stored event),
// spares that scan to a batch none of whose uuids it may hold. All writes go through this store on
// the database's one writer connection, one transaction at a time (`db.transaction`), so nothing
// can slip in between the check and the insert.
//
// An exact repeat is counted as a duplicate; an event whose uuid is already stored with different
// content is quarantined, not dropped (the public samples do this).
import type { Database } from '../lib/db.js'
import type { Clock } from '../lib/clock.js'
import { UUID_HASH_SQL } from '../lib/migrations/007-events-dedupe-hash.js'
import { EVENT_COLUMNS, EVENT_SHAPE_JSON } from './event-shape.js'
import { readEventKeys, type EventKeys } from './event-keys.js'
import { appendCell } from '../lib/appender-cells.js'
import { StoredUuids, uuidHash, type UuidHash } from './stored-uuids.js'

export interface RawEvent {
  /** Where it came from, for the quarantine: `line 12`, `page 3 item 17`. */
  position: string
  /** The event as received: its text, or (read from a file) its UTF-8 bytes. */
  raw: string | Buffer
  /** Set by a reader that already knows the event cannot be stored (e.g. invalid UTF-8). */
  reason?: string
  /**
   * uuid and published, if the reader already read them (readEventKeys): readers do it as they
   * read ahead, while DuckDB stores the batch before, so the parse costs the writer nothing.
   */
  keys?: EventKeys
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
 * The batch: raw texts with the keys JavaScript read from them (event-keys.ts) and, when the keys
 * alone tell, why an event cannot be stored. Replaced, not emptied, for each batch: DuckDB keeps a
 * temp table's deleted rows in memory (it never checkpoints temp storage), so `DELETE` before each
 * batch grew the table by every batch's raw text (114 MB after 52k events; ingest/README.md).
 */
const STAGE_SQL = `CREATE OR REPLACE TEMP TABLE event_stage (
  pos INTEGER, position VARCHAR, raw VARCHAR, uuid VARCHAR, published_text VARCHAR, reason VARCHAR, is_repeat BOOLEAN)`

/** What only DuckDB can judge: its TIMESTAMPTZ cast of the published time. */
const CHECK_SQL = `UPDATE event_stage SET reason = 'unparseable published time'
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
const HITS_SQL = `CREATE OR REPLACE TEMP TABLE event_hits AS
  SELECT ingest_seq FROM events WHERE uuid_hash IN (SELECT ${UUID_HASH_SQL('uuid')} FROM event_stage WHERE reason IS NULL)
  UNION ALL
  SELECT ingest_seq FROM events WHERE uuid_hash IS NULL AND uuid IN (SELECT uuid FROM event_stage WHERE reason IS NULL)`

/**
 * Rows of the batch that are not new, and where their first copy is: `stored_seq` (already in
 * `events`) or `first_pos` (earlier in this batch). Stored rows are read only for the hits, by
 * their ingest_seq range (zone maps).
 */
const REPEAT_REFS_SQL = `CREATE OR REPLACE TEMP TABLE event_repeat_refs AS
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
const MARK_REPEATS_SQL = `UPDATE event_stage
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

const QUARANTINE_SQL = `INSERT INTO quarantine (id, org, source, position, reason, raw, received_at)
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
const RESERVE_SEQ_SQL = `SELECT min(v) AS lo, max(v) AS hi FROM (SELECT nextval('events_seq') AS v FROM range($n))`

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
const INSERT_EVENTS_SQL = insertEvents('$lo + pos', '')
const INSERT_NUMBERED_SQL = insertEvents(`nextval('events_seq')`, 'ORDER BY pos')

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
  /**
   * Batches stored so far, and how many of them the in-memory filter of stored uuids could not
   * clear, so that they were checked against every stored `uuid_hash` (stored-uuids.ts).
   */
  figures(): { batches: number; scanned: number }
}

export async function createEventStoreQueries(
  db: Database,
  clock: Clock,
): Promise<EventStoreQueries> {
  const storedUuids = storedUuidsOf(db)
  const figures = { batches: 0, scanned: 0 }

  /** Stages the batch; returns the uuids and hashes of the events it may store. */
  const stage = async (
    events: readonly RawEvent[],
  ): Promise<{ uuid: string; hash: UuidHash }[]> => {
    await db.run(STAGE_SQL)
    const appender = await db.connection.createAppender('event_stage')
    const valid: { uuid: string; hash: UuidHash }[] = []
    events.forEach((e, i) => {
      const keys = e.reason === undefined ? (e.keys ?? readEventKeys(textOf(e.raw))) : undefined
      if (keys?.uuid != null && keys.reason === undefined) {
        valid.push({ uuid: keys.uuid, hash: keys.hash ?? uuidHash(keys.uuid) })
      }
      appender.appendInteger(i)
      appender.appendVarchar(e.position)
      appender.appendVarchar(textOf(e.raw))
      appendCell(appender, 'varchar', keys?.uuid ?? null)
      appendCell(appender, 'varchar', keys?.published ?? null)
      appendCell(appender, 'varchar', e.reason ?? keys?.reason ?? null)
      appender.appendBoolean(false)
      appender.endRow()
    })
    appender.closeSync()
    await db.run(CHECK_SQL)
    return valid
  }

  /**
   * Marks the batch's repeats in the stage (true if there are any); reads stored rows only when the
   * hash scan hits.
   */
  const markRepeats = async (): Promise<boolean> => {
    await db.run(HITS_SQL)
    // One round trip: the stored hits' range, and how many of the batch repeat an earlier one.
    const probe = await db.one<{ lo: bigint | null; hi: bigint | null; n: bigint }>(
      `SELECT h.lo, h.hi, b.n
       FROM (SELECT min(ingest_seq) AS lo, max(ingest_seq) AS hi FROM event_hits) h,
         (SELECT count(*) - count(DISTINCT uuid) AS n FROM event_stage WHERE reason IS NULL) b`,
    )
    if (probe?.lo == null && (probe?.n ?? 0n) === 0n) {
      return false
    }
    const range = { loSeq: probe?.lo ?? 0n, hiSeq: probe?.hi ?? -1n }
    await db.run(REPEAT_REFS_SQL, range)
    const seqs = await db.one<{ lo: bigint | null; hi: bigint | null }>(
      'SELECT min(stored_seq) AS lo, max(stored_seq) AS hi FROM event_repeat_refs',
    )
    await db.run(MARK_REPEATS_SQL, { loSeq: seqs?.lo ?? 0n, hiSeq: seqs?.hi ?? -1n })
    return true
  }

  /**
   * Inserts the stage's new events, numbered in batch order without gaps: when every staged event
   * is new, from a block of numbers taken at once; else one by one over the rows sorted.
   */
  const insertNew = async (params: Record<string, string>, allNew: boolean, count: number) => {
    if (!allNew) {
      return db.changes(INSERT_NUMBERED_SQL, params)
    }
    const seq = await db.one<{ lo: bigint | null; hi: bigint | null }>(RESERVE_SEQ_SQL, {
      n: count,
    })
    if (seq?.lo != null && seq.hi != null && seq.hi - seq.lo === BigInt(count - 1)) {
      return db.changes(INSERT_EVENTS_SQL, { ...params, lo: seq.lo })
    }
    return db.changes(INSERT_NUMBERED_SQL, params)
  }

  /** One batch, inside the caller's transaction; the cursor is left to `inTx`. */
  const put = async (org: string, source: string, events: readonly RawEvent[]) => {
    const params = { org, source, now: clock.now().toISOString() }
    let quarantined = 0
    let stored = 0
    if (events.length > 0) {
      const valid = await stage(events)
      // The scan of stored uuids only when the filter cannot rule a repeat out.
      const scan = storedUuids.mayRepeat(valid)
      const repeats = scan ? await markRepeats() : false
      figures.batches += 1
      figures.scanned += scan ? 1 : 0
      quarantined = await db.changes(QUARANTINE_SQL, params)
      stored = await insertNew(params, !repeats && quarantined === 0, events.length)
      storedUuids.add(valid.map((v) => v.hash))
    }
    return {
      received: events.length,
      stored,
      duplicates: events.length - quarantined - stored,
      quarantined,
    }
  }

  /**
   * A transaction of batches. Each org's cursor is written once, just before COMMIT, with the last
   * batch's next link: the rows and the cursor still commit together (a failure rolls back both),
   * without a cursor statement per batch (~15 ms each). `pages` counts the batches it covers.
   */
  const inTx = <T>(fn: (put: StoreBatch) => Promise<T>): Promise<T> =>
    db.transaction(async () => {
      await storedUuids.sync(db)
      const cursors = new Map<string, { nextUrl: string; batches: number }>()
      const result = await fn(async (org, source, events, cursor) => {
        const done = await put(org, source, events)
        if (cursor) {
          const batches = (cursors.get(cursor.org)?.batches ?? 0) + 1
          cursors.set(cursor.org, { nextUrl: cursor.nextUrl, batches })
        }
        return done
      })
      for (const [org, { nextUrl, batches }] of cursors) {
        await db.run(
          `INSERT INTO ingest_cursors (org, next_url, pages, updated_at) VALUES ($org, $url, $n, $now)
             ON CONFLICT (org) DO UPDATE SET next_url = excluded.next_url, pages = ingest_cursors.pages + $n, updated_at = excluded.updated_at`,
          { org, url: nextUrl, n: batches, now: clock.now().toISOString() },
        )
      }
      return result
    })

  return {
    storeBatch: (org, source, events, cursor) =>
      inTx((putBatch) => putBatch(org, source, events, cursor)),
    inTransaction: inTx,
    figures: () => ({ ...figures }),
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

/**
 * One filter per database handle, shared by every store on it (`serve` makes one store per org):
 * each filter holds every stored uuid, so one per org would hold them all N times over.
 */
const filters = new WeakMap<Database, StoredUuids>()

export function storedUuidsOf(db: Database): StoredUuids {
  let filter = filters.get(db)
  if (!filter) {
    filter = new StoredUuids()
    filters.set(db, filter)
  }
  return filter
}

function textOf(raw: string | Buffer): string {
  return typeof raw === 'string' ? raw : raw.toString('utf8')
}
