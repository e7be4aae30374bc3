// Detectors after ingest: one run at a time on a connection of its own, requested after each ingest
// cycle (and now and then during a long backfill); requests that arrive during a run coalesce into
// one more run. A failed run is logged and the next request tries again (watermarks only move on
// success, so nothing is skipped).
import type { Clock } from '../../lib/clock.js'
import type { Config } from '../../lib/config.js'
import type { Database } from '../../lib/db.js'
import { DETECTORS } from '../../detectors/index.js'
import { runDetectors, type DetectorRun } from '../../detectors/runner.js'

export interface DetectionLoopLog {
  info(fields: Record<string, unknown>, message: string): void
  error(fields: Record<string, unknown>, message: string): void
}

export interface DetectionLoop {
  /** Asks for a run; returns at once. */
  request(): void
  /** Resolves when no run is going or pending. */
  idle(): Promise<void>
  /** When the last run finished, and how many findings it added. */
  readonly last: { at: Date; added: number; runs: DetectorRun[] } | undefined
  close(): Promise<void>
}

export function startDetectionLoop(options: {
  db: Database
  clock: Clock
  config: Readonly<Config>
  log: DetectionLoopLog
}): DetectionLoop {
  const { db, clock, config, log } = options
  let pending = false
  let running: Promise<void> | undefined
  let closed = false
  let last: DetectionLoop['last']

  const runOnce = async (): Promise<void> => {
    const started = clock.now()
    try {
      const runs = await runDetectors({
        db,
        clock,
        detectors: DETECTORS,
        partners: config.partners,
        settings: config.detectors,
      })
      const added = runs.reduce((a, r) => a + r.added, 0)
      last = { at: clock.now(), added, runs }
      for (const r of runs.filter((x) => x.error !== undefined)) {
        log.error({ detector: r.detector, err: r.error }, `detector ${r.detector} failed`)
      }
      log.info(
        { added, elapsedMs: clock.now().getTime() - started.getTime() },
        `detectors ran: ${added} new findings`,
      )
    } catch (err) {
      log.error({ err }, 'detector run failed; the next ingest cycle retries')
    }
  }

  const drain = async (): Promise<void> => {
    while (pending && !closed) {
      pending = false
      await runOnce()
    }
    running = undefined
  }

  return {
    request() {
      if (closed) {
        return
      }
      pending = true
      running ??= drain()
    },
    async idle() {
      while (running) {
        await running
      }
    },
    get last() {
      return last
    },
    async close() {
      closed = true
      await running
    },
  }
}
