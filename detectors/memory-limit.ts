// The DuckDB buffer pool of a process that only runs the detectors (`partnerwatch detect`, and
// bench/detect.ts, which measures it). The detectors' reads are scans, sorts and joins that spill
// beyond the pool; a bigger pool mostly caches blocks already read. On the 10M-event store
// (detectors/README.md, Performance) a first run peaked at 1,194 MB RSS with the service's 512 MB
// pool and at 826 MB with 256 MB, in about the same CPU time. `serve` keeps the service's pool.
import { processMemoryLimit } from '../lib/memory-limit.js'

export const DETECT_MEMORY_LIMIT = '256MB'

/**
 * The pool for a detect-only process: an explicit `--memory-limit` first, then a
 * `databaseMemoryLimit` the configuration sets to anything but the service's default, else
 * DETECT_MEMORY_LIMIT.
 */
export function detectMemoryLimit(configured: string, flag?: string): string {
  return processMemoryLimit(configured, flag, DETECT_MEMORY_LIMIT)
}
