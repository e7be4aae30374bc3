// Off-hours settings: every threshold is an exported constant, overridable per key under
// `detectors.off-hours` in the config.
import { learningDays } from './queries.js'

/** Flag when a sign-in at least this unusual has a lower probability under the user's model. */
export const DEFAULT_THRESHOLD = 0.01
/** The same for the partner's peer model during the user's cold start (stricter: not their own). */
export const DEFAULT_PEER_THRESHOLD = 0.01
/** Learning gate: the user's own model decides from this many sign-ins … */
export const DEFAULT_MIN_SIGN_INS = 20
/** … on this many distinct local days. */
export const DEFAULT_MIN_DAYS = 10
/** Kernel bandwidth (one standard deviation of the von Mises kernel), minutes. */
export const DEFAULT_BANDWIDTH_MINUTES = 45
/** Cold start: only sign-ins this far outside the partner's business hours count as off-hours. */
export const DEFAULT_BUSINESS_MARGIN_MINUTES = 60
/** A sign-in this close to any earlier one of the user's (same side of the week) is never off-hours. */
export const DEFAULT_MIN_GAP_MINUTES = 180
/**
 * How deep into the user's free stretch of the day (1 = its middle, 0 = its edge) a sign-in must be:
 * an evening check just after work is an edge, a sign-in in the middle of the night is not …
 */
export const DEFAULT_MIN_REST_DEPTH = 0.4
/**
 * … and below this depth a time the partner's peers commonly use (peer tail probability at least
 * DEFAULT_PEER_COMMON_P, i.e. inside the peers' 95 %) is not flagged.
 */
export const DEFAULT_PEER_CHECK_DEPTH = 0.6
export const DEFAULT_PEER_COMMON_P = 0.05
/** A sign-in up to this long after a day's first one belongs to the same working day. */
export const DEFAULT_WORKDAY_MINUTES = 600
/** A sign-in located this far (in solar time) from the partner zone's clock is judged there too. */
export const TRAVEL_OFFSET_MINUTES = 120
/** A gap this long between sign-ins is a rest: the next sign-in starts a working day. */
export const REST_MINUTES = 480
/** … once that many days (at least, and at least that share of days) put a time inside one. */
export const MIN_WORKDAY_DAYS = 2
export const MIN_WORKDAY_SHARE = 0.1
/** A side (working days / days off) gets its own model from this many sign-ins on this many days. */
export const MIN_SIDE_SIGN_INS = 8
export const MIN_SIDE_DAYS = 4
/** The peer model needs this many sign-ins. */
export const MIN_PEER_SIGN_INS = 50

export interface OffHoursSettings {
  threshold: number
  peerThreshold: number
  minSignIns: number
  minDays: number
  bandwidthMinutes: number
  businessMarginMinutes: number
  learningDays: number
  minGapMinutes: number
  workdayMinutes: number
  minRestDepth: number
  peerCheckDepth: number
  peerCommonP: number
  /** While the user is still learning, flag only with Okta's new device / new location verdict. */
  coldStartNeedsCorroboration: boolean
}

const num = (v: unknown, fallback: number, ok: (n: number) => boolean): number =>
  typeof v === 'number' && Number.isFinite(v) && ok(v) ? v : fallback

export function settingsOf(config: Readonly<Record<string, unknown>>): OffHoursSettings {
  const prob = (n: number): boolean => n > 0 && n < 1
  const pos = (n: number): boolean => n > 0
  return {
    threshold: num(config.threshold, DEFAULT_THRESHOLD, prob),
    peerThreshold: num(config.peerThreshold, DEFAULT_PEER_THRESHOLD, prob),
    minSignIns: num(config.minSignIns, DEFAULT_MIN_SIGN_INS, pos),
    minDays: num(config.minDays, DEFAULT_MIN_DAYS, pos),
    bandwidthMinutes: num(config.bandwidthMinutes, DEFAULT_BANDWIDTH_MINUTES, pos),
    businessMarginMinutes: num(
      config.businessMarginMinutes,
      DEFAULT_BUSINESS_MARGIN_MINUTES,
      (n) => n >= 0,
    ),
    learningDays: learningDays(config),
    minGapMinutes: num(config.minGapMinutes, DEFAULT_MIN_GAP_MINUTES, (n) => n >= 0),
    minRestDepth: num(config.minRestDepth, DEFAULT_MIN_REST_DEPTH, (n) => n >= 0 && n <= 1),
    peerCommonP: num(config.peerCommonP, DEFAULT_PEER_COMMON_P, prob),
    peerCheckDepth: num(config.peerCheckDepth, DEFAULT_PEER_CHECK_DEPTH, (n) => n >= 0 && n <= 1),
    workdayMinutes: num(config.workdayMinutes, DEFAULT_WORKDAY_MINUTES, (n) => n >= 0),
    coldStartNeedsCorroboration: config.coldStartNeedsCorroboration !== false,
  }
}
