// DuckDB settings for a process that only ingests or imports (`partnerwatch ingest`, `partnerwatch
// import`, and bench/ingest.ts, which measures them). Each is a setting of the whole DuckDB instance,
// so `serve`, which shares its instance with the API and the detectors, keeps its own. Figures:
// ingest/README.md, Benchmark.
import { MIN_STORE_MEMORY_LIMIT, memoryBytes, processMemoryLimit } from '../lib/memory-limit.js'
import { UsageError } from '../lib/errors.js'

/**
 * The buffer pool. Storing a batch needs little of it (the dedupe scan and the INSERT stream; a
 * transaction holds a few MB of raw text): on 52k events (2,500-event batches) peak RSS fell from
 * 523–528 MB with 256 MB to 442–460 MB with 128 MB, in about the same CPU time.
 */
export const INGEST_MEMORY_LIMIT = '128MB'

/**
 * The pool for an ingest- or import-only process: an explicit `--memory-limit` first, then a
 * `databaseMemoryLimit` the configuration sets to anything but the service's default, else
 * INGEST_MEMORY_LIMIT. A flag below MIN_STORE_MEMORY_LIMIT is refused in one line rather than
 * failing part-way through a file or a pull (the configuration's key is checked when it is read).
 */
export function ingestMemoryLimit(configured: string, flag?: string): string {
  if (flag !== undefined && memoryBytes(flag) < memoryBytes(MIN_STORE_MEMORY_LIMIT)) {
    throw new UsageError(
      `--memory-limit must be at least ${MIN_STORE_MEMORY_LIMIT} to store events, got ${flag}`,
    )
  }
  return processMemoryLimit(configured, flag, INGEST_MEMORY_LIMIT)
}

/**
 * Whether a pool is large enough for transactions that hold a whole row group (import-files.ts):
 * with 96MB a 1M-event import in such transactions failed with "Out of Memory" after 92,160 events;
 * with INGEST_MEMORY_LIMIT it passes.
 */
export function holdsRowGroupTransactions(pool: string): boolean {
  return memoryBytes(pool) >= memoryBytes(INGEST_MEMORY_LIMIT)
}

/**
 * - `threads=1`: storing runs ~10 small statements per batch, each of which DuckDB spreads over its
 *   threads; one thread did the same work in a third to a half less CPU on this 2-core machine
 *   under load (ingest/README.md, Benchmark).
 * - `allocator_background_threads`: DuckDB's allocator (its own jemalloc) keeps freed pages for a
 *   second and returns them only when it next allocates; a background thread returns them on time
 *   (peak RSS 60–100 MB lower on 52k events). Measured: 200 MB of such pages after an import.
 * - `checkpoint_threshold` 512MB: at the service's 128MB a 1M-event import spent 148 of its 331 s in
 *   COMMIT (automatic checkpoints), at 512MB 88 of 272 s, with the same peak RSS and a smaller file
 *   (each checkpoint seems to rewrite the last, partly filled row group). A crash leaves more WAL to
 *   replay at the next open.
 */
export function ingestProcessSettings(memoryLimit: string): Record<string, string> {
  return {
    memory_limit: memoryLimit,
    threads: '1',
    allocator_background_threads: 'true',
    checkpoint_threshold: '512MB',
  }
}
