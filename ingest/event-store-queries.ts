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
import {
  CHECK_SQL,
  HITS_SQL,
  INSERT_EVENTS_SQL,
  INSERT_NUMBERED_SQL,
  MARK_REPEATS_SQL,
  QUARANTINE_SQL,
  REPEAT_REFS_SQL,
  RESERVE_SEQ_SQL,
  STAGE_SQL,
} from './event-store-sql.js'
import { readEventKeys, type EventKeys } from './event-keys.js'
import { appendCell } from '../lib/appender-cells.js'
import { storedUuidsOf, uuidHash, type UuidHash } from './stored-uuids.js'
import {
  MAX_EVENT_BYTES,
  RAW_BYTES_PER_BATCH,
  keptOf,
  oversizedReason,
  slicesOf,
} from './batch-bounds.js'

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

/** The counts of no events, to add batches' results to. */
export function noEvents(): BatchResult {
  return { received: 0, stored: 0, duplicates: 0, quarantined: 0 }
}

/** Adds `from`'s counts to `into` (a summary of several batches). */
export function addBatchResult(into: BatchResult, from: BatchResult): void {
  into.received += from.received
  into.stored += from.stored
  into.duplicates += from.duplicates
  into.quarantined += from.quarantined
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

  /**
   * Stages the batch; returns the uuids and hashes of the events it may store, and how many staged
   * events have a reason not to be stored (known from their keys, or an unparseable time).
   */
  const stage = async (
    events: readonly RawEvent[],
  ): Promise<{ valid: { uuid: string; hash: UuidHash }[]; flagged: number }> => {
    await db.run(STAGE_SQL)
    const appender = await db.connection.createAppender('event_stage')
    const valid: { uuid: string; hash: UuidHash }[] = []
    events.forEach((e, i) => {
      const oversized = e.raw.length > MAX_EVENT_BYTES
      const known = oversized ? oversizedReason(e.raw.length) : e.reason
      const keys = known === undefined ? (e.keys ?? readEventKeys(textOf(e.raw))) : undefined
      if (keys?.uuid != null && keys.reason === undefined) {
        valid.push({ uuid: keys.uuid, hash: keys.hash ?? uuidHash(keys.uuid) })
      }
      appender.appendInteger(i)
      appender.appendVarchar(e.position)
      appender.appendVarchar(oversized ? keptOf(e.raw) : textOf(e.raw))
      appendCell(appender, 'varchar', keys?.uuid ?? null)
      appendCell(appender, 'varchar', keys?.published ?? null)
      appendCell(appender, 'varchar', known ?? keys?.reason ?? null)
      appender.appendBoolean(false)
      appender.endRow()
    })
    appender.closeSync()
    const unparseable = await db.changes(CHECK_SQL)
    return { valid, flagged: events.length - valid.length + unparseable }
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

  /** One batch, inside the caller's transaction, in slices of RAW_BYTES_PER_BATCH at most. */
  const put = async (org: string, source: string, events: readonly RawEvent[]) => {
    const done = noEvents()
    for (const slice of slicesOf(events, RAW_BYTES_PER_BATCH)) {
      addBatchResult(done, await putSlice(org, source, slice))
    }
    return done
  }

  /**
   * One slice of a batch. A later slice sees the rows an earlier one stored (same transaction), so
   * a uuid repeated across slices is judged as within one batch.
   */
  const putSlice = async (org: string, source: string, events: readonly RawEvent[]) => {
    const params = { org, source, now: clock.now().toISOString() }
    let quarantined = 0
    let stored = 0
    if (events.length > 0) {
      const { valid, flagged } = await stage(events)
      // The scan of stored uuids only when the filter cannot rule a repeat out.
      const scan = storedUuids.mayRepeat(valid)
      const repeats = scan ? await markRepeats() : false
      figures.batches += 1
      figures.scanned += scan ? 1 : 0
      // Only a batch with a reason in its stage quarantines anything: most have none.
      quarantined = flagged > 0 || repeats ? await db.changes(QUARANTINE_SQL, params) : 0
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

function textOf(raw: string | Buffer): string {
  return typeof raw === 'string' ? raw : raw.toString('utf8')
}
