// A full garbage collection on request, for long batch steps that hand large results from DuckDB to
// JS (a detector run over millions of events). DuckDB's result chunks live in native memory that is
// freed only when their JS wrappers are collected; V8 cannot see that memory, so between steps it
// lets it pile up: a 10M-event first run of the sixteen detectors peaked at 1,141 MB RSS without
// collections between detectors and at 826 MB with them (bench/detect.ts, same pool).
import v8, { getHeapStatistics } from 'node:v8'
import vm from 'node:vm'

let collect: (() => void) | null | undefined

/** Runs V8's full collection when the process holds more than `aboveMb` of RSS; cheap otherwise. */
export function collectGarbage(aboveMb = 0): void {
  if (process.memoryUsage.rss() < aboveMb * 2 ** 20) {
    return
  }
  if (collect === undefined) {
    // `gc` exists only with --expose-gc; the flag can be set at run time and read in a new context.
    v8.setFlagsFromString('--expose-gc')
    const fn: unknown = vm.runInNewContext('gc')
    collect = typeof fn === 'function' ? () => void fn() : null
  }
  collect?.()
}

/**
 * A bound on the JS heap for a loop that streams far more than it keeps (an import): the check
 * it returns, run once per batch, collects when the heap has grown past `floorMb`, or past twice
 * what the last collection left, so a loop that really holds more is not collected at every batch.
 * Until V8's first full collection its old-space limit is a share of the whole heap (gigabytes
 * here), and a 1M-event import let ~150 MB of garbage pile up before it; one early collection
 * sets the limit from what is live, and V8 keeps to it from then on (ingest/README.md).
 */
export function heapBound(floorMb: number, collect = (): void => collectGarbage()): () => void {
  const floor = floorMb * 2 ** 20
  let limit = floor
  return () => {
    if (getHeapStatistics().used_heap_size <= limit) {
      return
    }
    collect()
    limit = Math.max(floor, 2 * getHeapStatistics().used_heap_size)
  }
}
