// The DuckDB buffer pool of a process that only exports (`partnerwatch export`). A text export reads
// each table block once, in order, so a cache of the blocks already read buys nothing; with the
// service's 512 MB pool (and with 128 MB) it only grew with the page, and peak RSS with it. `serve`
// keeps its own pool: an export through it shares the server's. Figures: reports/export/README.md.
import { availableParallelism } from 'node:os'
import { processMemoryLimit } from '../../lib/memory-limit.js'
import type { ExportFormat } from './formats/index.js'

/**
 * The pool a text export (CEF, OCSF, …) needs grows with DuckDB's threads (one per core, as
 * partnerwatch leaves it): each scanning thread pins the blocks of the columns it reads, for the
 * batch being read and the next one. Measured on the 1M-event store (README, Cost): OCSF (44
 * columns) ran out of 40 MB and passed with 48 MB with 1 thread, ran out of 64 MB and passed with
 * 72 MB with 2; CEF (21 columns, 2 threads) ran out of 48 MB, passed with 64 MB. 32 MB plus 32 MB a
 * thread keeps about 1.4 times that.
 */
export function textExportMemoryLimit(threads: number = availableParallelism()): string {
  return `${32 + 32 * Math.max(1, threads)}MB`
}

/** The pool for the text formats on this machine. */
export const EXPORT_MEMORY_LIMIT = textExportMemoryLimit()

/**
 * The bulk formats need more. Arrow reads each 8192-row batch whole, raw events included (it ran
 * out of a 128 MB pool). DuckDB's Parquet writer holds a row group per thread in the pool (it ran
 * out of 256 MB with 2 threads), so it keeps the service's default.
 */
export const BULK_MEMORY_LIMIT: Readonly<Partial<Record<ExportFormat, string>>> = {
  arrow: '256MB',
  parquet: '512MB',
}

/**
 * The pool for an export-only process: an explicit `--memory-limit` first, then a
 * `databaseMemoryLimit` the configuration sets to anything but the service's default, else the
 * export's own pool for the format.
 */
export function exportMemoryLimit(
  format: ExportFormat,
  configured: string,
  flag?: string | undefined,
): string {
  return processMemoryLimit(configured, flag, BULK_MEMORY_LIMIT[format] ?? EXPORT_MEMORY_LIMIT)
}
