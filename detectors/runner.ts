// Runs every registered detector over what arrived since its watermark (or, with `since`, over every
// event published since then, leaving the watermark alone). Deterministic ids make a re-run add nothing.
import type { Database } from '../lib/db.js'
import { errorLine } from '../lib/errors.js'
import { collectGarbage } from '../lib/gc.js'
import { counters, inSpan } from '../lib/telemetry.js'
import type { Clock } from '../lib/clock.js'
import type { PartnerConfig } from '../lib/config.js'
import { findingId } from './finding-id.js'
import { createFindingsQueries } from './findings-queries.js'
import type { Detector, DetectionWindow } from './types.js'

/** Between detectors, a process holding more than this is collected (lib/gc.ts). */
export const COLLECT_ABOVE_MB = 384
/** … after a detector that ran this long (an incremental run's detectors take milliseconds). */
export const COLLECT_AFTER_MS = 1000

export interface RunOptions {
  db: Database
  clock: Clock
  detectors: readonly Detector[]
  partners: readonly PartnerConfig[]
  settings: Readonly<Record<string, Readonly<Record<string, unknown>>>>
  /** Re-run over every event published since this instant, whatever the watermarks say. */
  since?: Date
}

export interface DetectorRun {
  detector: string
  window: { afterSeq: string; untilSeq: string }
  findings: number
  added: number
  elapsedMs: number
  /** Why this detector's run failed; its watermark stayed where it was. */
  error?: string
}

export async function runDetectors(options: RunOptions): Promise<DetectorRun[]> {
  const { db, clock, detectors } = options
  const queries = createFindingsQueries(db)
  const untilSeq = await queries.maxIngestSeq()
  const runs: DetectorRun[] = []
  for (const detector of detectors) {
    const started = performance.now()
    const afterSeq = options.since ? 0n : await queries.watermark(detector.id)
    const window: DetectionWindow = {
      afterSeq,
      untilSeq,
      ...(options.since ? { publishedSince: options.since } : {}),
    }
    const ctx = {
      now: clock.now(),
      config: options.settings[detector.id] ?? {},
      partners: options.partners,
    }
    const run: DetectorRun = {
      detector: detector.id,
      window: { afterSeq: String(afterSeq), untilSeq: String(untilSeq) },
      findings: 0,
      added: 0,
      elapsedMs: 0,
    }
    // One detector failing (a bad setting, a query error) neither stops the others nor moves its
    // own watermark: the next run covers its window again.
    try {
      await inSpan(
        'detector.run',
        { 'detector.id': detector.id, 'detector.after_seq': Number(afterSeq) },
        async () => {
          const drafts =
            afterSeq >= untilSeq
              ? []
              : detector.score(await detector.candidates(db, window, ctx), ctx)
          const stored = drafts.map((d) => ({ ...d, id: findingId(d.detector, d.eventIds) }))
          run.findings = drafts.length
          run.added = await queries.store(
            detector.id,
            stored,
            options.since ? undefined : untilSeq,
            clock.now(),
          )
        },
      )
      counters.findings.add(run.added, { detector: detector.id })
    } catch (err) {
      run.error = errorLine(err)
    }
    run.elapsedMs = Math.round(performance.now() - started)
    runs.push(run)
    // The detector's candidates are garbage now; their DuckDB results are freed only when collected.
    // Only after a heavy run (a first run over a large store), not on every serve cycle.
    if (run.elapsedMs >= COLLECT_AFTER_MS) {
      collectGarbage(COLLECT_ABOVE_MB)
    }
  }
  return runs
}
