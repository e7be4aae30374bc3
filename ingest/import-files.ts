// `partnerwatch import`: streams each file through the event store in batches. The summary adds up:
// for every file, records = stored + duplicates + quarantined (blank lines counted apart).
import { counters, inSpan } from '../lib/telemetry.js'
import { heapBound } from '../lib/gc.js'
import { basename } from 'node:path'
import { stat } from 'node:fs/promises'
import { InputInvalid } from '../lib/errors.js'
import type { Database } from '../lib/db.js'
import type { Clock } from '../lib/clock.js'
import {
  RAW_BYTES_PER_COMMIT,
  addBatchResult,
  noEvents,
  createEventStoreQueries,
  type BatchResult,
  type EventStoreQueries,
  ROWS_PER_COMMIT,
} from './event-store-queries.js'
import { RAW_BYTES_PER_BATCH } from './batch-bounds.js'
import { detectFileShape, readEventFile, type FileBatch } from './file-source.js'

/**
 * Events staged and checked together: ~11 MB of raw text, the memory a batch's statements work on.
 * 24 batches make a row group (122,880 rows) exactly, so a large file's transactions leave no partly
 * filled row group behind for the closing checkpoint to rewrite (1M events: the close 0.9 s against
 * 26 s with batches of 5,000; 135 s in all against 149).
 */
export const IMPORT_BATCH_EVENTS = 5_120

/**
 * A batch is cut sooner once it holds this much raw text, so that a file of large events keeps at
 * most two batches of text in memory (one stored, one read ahead). The store works on slices of
 * RAW_BYTES_PER_BATCH; 5,120 usual 2–3 KB events stay in one batch.
 */
export const IMPORT_BATCH_RAW_BYTES = 2 * RAW_BYTES_PER_BATCH

/**
 * A large file's transactions, in a process of its own (`rawBytesPerCommitFor`), hold a whole row
 * group (ROWS_PER_COMMIT events) rather than the 16 MiB a pull holds: DuckDB writes a transaction's
 * full row groups compressed straight to the file, with no WAL and no second copy at COMMIT. The
 * stage tables a transaction keeps until it ends (~250 MB of raw text per row group of 2 KB
 * events) are spilled by the buffer manager beyond the process's pool. 1M events: 146 s and 163 CPU
 * s against 176–184 s and 198–203 (peak RSS 669 against 649 MB); a file under LARGE_FILE_BYTES
 * (~230k Okta events) fills a row group or two at most, so it keeps the smaller bound (52k events:
 * the same speed either way, peak RSS 498–500 MB with 16 MiB transactions against 511–519 with one
 * for the whole file). Measured in ingest/README.md, Benchmark.
 *
 * Not all of such a transaction spills: with 512 MiB, 130k events of 13 KB failed in the 128 MB
 * pool ("failed to pin block"), with 320 MiB they passed (peak RSS 480 MB). A row group of Okta's
 * usual 2–2.6 KB events fits 320 MiB; larger events end a transaction before it fills one.
 */
export const LARGE_FILE_RAW_BYTES_PER_COMMIT = 320 * 1024 * 1024
export const LARGE_FILE_BYTES = 512 * 1024 * 1024

/**
 * The JS heap an import lets grow before it collects (lib/gc.ts heapBound): ~37 MB is live (two
 * batches in flight and the modules), everything else the lines' keys and positions left behind.
 */
const HEAP_FLOOR_MB = 64

/**
 * Raw text per transaction for a file of `fileBytes` (uncompressed: `FileShape.textBytes`). Row-group
 * transactions only for a process that has the database to itself (`partnerwatch import`): inside
 * `serve` one would hold the single writer for ~15 s, and other orgs' pulls and the API's writes
 * with it.
 */
export function rawBytesPerCommitFor(fileBytes: number, rowGroupTransactions: boolean): number {
  return rowGroupTransactions && fileBytes > LARGE_FILE_BYTES
    ? LARGE_FILE_RAW_BYTES_PER_COMMIT
    : RAW_BYTES_PER_COMMIT
}

export interface FileImportSummary extends BatchResult {
  path: string
  blank: number
}

export interface ImportSummary extends BatchResult {
  files: FileImportSummary[]
  blank: number
  elapsedMs: number
}

export interface ImportOptions {
  db: Database
  clock: Clock
  files: readonly string[]
  /** The org the events are tagged with. */
  org: string
  batchSize?: number
  /** Events per transaction (several batches); a failed file keeps what earlier transactions stored. */
  rowsPerCommit?: number
  /** Raw text per transaction (default: rawBytesPerCommitFor the file). */
  rawBytesPerCommit?: number
  /** This process has the database to itself: a large file may commit a row group at a time. */
  rowGroupTransactions?: boolean
  onProgress?: (progress: { path: string; received: number }) => void
}

export async function importFiles(options: ImportOptions): Promise<ImportSummary> {
  const { db, clock, files } = options
  const batchSize = options.batchSize ?? IMPORT_BATCH_EVENTS
  const rowsPerCommit = options.rowsPerCommit ?? ROWS_PER_COMMIT
  for (const path of files) {
    const info = await stat(path).catch(() => undefined)
    if (!info?.isFile()) {
      throw new InputInvalid(path, 'no such file')
    }
  }
  const started = performance.now()
  const store = await createEventStoreQueries(db, clock)
  const summary: ImportSummary = {
    files: [],
    ...noEvents(),
    blank: 0,
    elapsedMs: 0,
  }
  for (const path of files) {
    const file = await importFile(store, path, options, batchSize, rowsPerCommit)
    summary.files.push(file)
    addBatchResult(summary, file)
    summary.blank += file.blank
  }
  summary.elapsedMs = Math.round(performance.now() - started)
  return summary
}

/** One file, up to `rowsPerCommit` events (or the byte bound) per transaction, in batches of `batchSize`. */
async function importFile(
  store: EventStoreQueries,
  path: string,
  options: ImportOptions,
  batchSize: number,
  rowsPerCommit: number,
): Promise<FileImportSummary> {
  const { org } = options
  const source = `file:${basename(path)}`
  const shape = await detectFileShape(path)
  const rawBytesPerCommit =
    options.rawBytesPerCommit ??
    rawBytesPerCommitFor(shape.textBytes, options.rowGroupTransactions ?? false)
  const file: FileImportSummary = {
    path,
    ...noEvents(),
    blank: 0,
  }
  const batches = readEventFile(path, { events: batchSize, bytes: IMPORT_BATCH_RAW_BYTES }, shape)[
    Symbol.asyncIterator
  ]()
  // One batch read ahead: reading, splitting and parsing the next batch (main thread) overlaps
  // DuckDB storing this one (its own thread).
  const ahead = (): Promise<IteratorResult<FileBatch>> => {
    const next = batches.next()
    next.catch(() => undefined)
    return next
  }
  let pending = ahead()
  let done = false
  const boundHeap = heapBound(HEAP_FLOOR_MB)
  try {
    while (!done) {
      const committed = await store.inTransaction(async (put) => {
        const part = { ...noEvents(), blank: 0 }
        let bytes = 0
        while (part.received < rowsPerCommit && bytes < rawBytesPerCommit) {
          const next = await pending
          if (next.done) {
            done = true
            break
          }
          pending = ahead()
          const batch = next.value
          part.blank += batch.blank
          for (const e of batch.events) {
            bytes += e.raw.length
          }
          if (batch.events.length > 0) {
            const result = await inSpan(
              'ingest.file_batch',
              {
                'okta.org': org,
                'ingest.file': basename(path),
                'ingest.events': batch.events.length,
              },
              () => put(org, source, batch.events),
            )
            addBatchResult(part, result)
          }
          // Stored: DuckDB holds copies of the lines now, so the reader may reuse their memory.
          batch.release?.()
          boundHeap()
          options.onProgress?.({ path, received: file.received + part.received })
        }
        return part
      })
      counters.events.add(committed.stored, { org })
      counters.duplicates.add(committed.duplicates, { org })
      counters.quarantined.add(committed.quarantined, { org })
      addBatchResult(file, committed)
      file.blank += committed.blank
    }
  } finally {
    // Closes the file if a transaction failed part-way through it.
    await batches.return?.(undefined)
  }
  return file
}
