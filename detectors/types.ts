// What a detector is: bound-parameter SQL that narrows the new slice of events (plus the history its
// baseline needs) to candidates inside DuckDB, and a pure scoring function over those candidates.
import type { Database } from '../lib/db.js'
import type { PartnerConfig } from '../lib/config.js'

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const
export type Severity = (typeof SEVERITIES)[number]

/** One scale for every detector's score (0–100): critical ≥ 85, high ≥ 65, medium ≥ 45, else low. */
export function severityOf(score: number): Severity {
  return score >= 85 ? 'critical' : score >= 65 ? 'high' : score >= 45 ? 'medium' : 'low'
}

export const STATUSES = ['open', 'acknowledged', 'dismissed', 'confirmed'] as const
export type FindingStatus = (typeof STATUSES)[number]

/** What a detector's scoring returns; the runner derives the id and stores it. */
export interface FindingDraft {
  detector: string
  severity: Severity
  /** 0–100. */
  score: number
  org: string
  partnerId: string | null
  userId: string | null
  userLogin: string | null
  occurredAt: Date
  /** The evidence, in time order; the triggering event last. */
  eventIds: string[]
  /** One line a person can read. */
  summary: string
  /** Every number that crossed a line, and the line. */
  details: Record<string, unknown>
}

export interface Finding extends FindingDraft {
  id: string
  status: FindingStatus
  statusBy: string | null
  statusAt: Date | null
  statusComment: string | null
  createdAt: Date
}

/** The slice a run covers: events with afterSeq < ingest_seq ≤ untilSeq (and, for --since, published ≥ since). */
export interface DetectionWindow {
  afterSeq: bigint
  untilSeq: bigint
  publishedSince?: Date
}

/**
 * A first run: the window starts at the store's first event, so nothing before it is history and
 * every event up to `untilSeq` is in it (queries may skip their per-slice history lookups).
 */
export function coversWholeStore(window: DetectionWindow): boolean {
  return window.afterSeq === 0n && !window.publishedSince
}

/** The window as the bound parameters every detector's slice filter takes: `$after`, `$until`, `$since`. */
export function sliceParams(window: DetectionWindow): {
  after: bigint
  until: bigint
  since: string | null
} {
  return {
    after: window.afterSeq,
    until: window.untilSeq,
    since: window.publishedSince?.toISOString() ?? null,
  }
}

export interface DetectorContext {
  now: Date
  /** This detector's settings from the config (`detectors.<id>`), merged over its defaults. */
  config: Readonly<Record<string, unknown>>
  partners: readonly PartnerConfig[]
}

export interface Detector<Candidates = unknown> {
  /** Stable id, also the folder name and the config key: `impossible-travel`. */
  id: string
  title: string
  /** Reads candidates for the window from DuckDB (bound parameters only). */
  candidates(db: Database, window: DetectionWindow, ctx: DetectorContext): Promise<Candidates>
  /** Pure: no I/O, no clock but ctx.now, no module state. Missing data gives [], never a throw. */
  score(candidates: Candidates, ctx: DetectorContext): FindingDraft[]
}
