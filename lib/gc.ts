// A full garbage collection on request, for long batch steps that hand large results from DuckDB to
// JS (a detector run over millions of events). DuckDB's result chunks live in native memory that is
// freed only when their JS wrappers are collected; V8 cannot see that memory, so between steps it
// lets it pile up: a 10M-event first run of the sixteen detectors peaked at 1,141 MB RSS without
// collections between detectors and at 826 MB with them (bench/detect.ts, same pool).
import v8 from 'node:v8'
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
