// Counting a user's (and a partner's) earlier sign-ins for one off-hours candidate: per-bin counts on
// the candidate's side of the week and on all days, distinct days, and the bins of the day the user
// has been at work. Rows arrive in local (day, bin) order, so a candidate scans only its learning
// window (binary search on time) and days are counted as they change.
import type { PartnerConfig } from '../../lib/config.js'
import { BINS } from './circular.js'
import { BIN_MINUTES, type OffHoursCandidate, type UserHistoryRow } from './queries.js'
import {
  MIN_WORKDAY_DAYS,
  MIN_WORKDAY_SHARE,
  REST_MINUTES,
  type OffHoursSettings,
} from './settings.js'
import { isWorkingDay } from './signals.js'

export const MS_PER_DAY = 86_400_000

export const dayIndex = (localDate: string): number =>
  Math.round(Date.parse(`${localDate}T00:00:00Z`) / MS_PER_DAY)

export interface SideCounts {
  counts: Float64Array
  /** Sign-ins counted. */
  n: number
  /** Distinct local days counted (rows arrive in day order, so a change of day is a new one). */
  days: number
  lastDay: number
}

export const emptySide = (): SideCounts => ({
  counts: new Float64Array(BINS),
  n: 0,
  days: 0,
  lastDay: Number.NaN,
})

export function addTo(side: SideCounts, bin: number, n: number, day: number): void {
  side.counts[bin] = (side.counts[bin] ?? 0) + n
  side.n += n
  if (day !== side.lastDay) {
    side.days++
    side.lastDay = day
  }
}

/** A user's history rows in time order, with what each candidate's scan needs precomputed. */
export interface UserRows {
  rows: readonly UserHistoryRow[]
  at: Float64Array
  day: Int32Array
}

export function userRows(rows: readonly UserHistoryRow[]): UserRows {
  return {
    rows,
    at: Float64Array.from(rows, (r) => r.lastPublished.getTime()),
    day: Int32Array.from(rows, (r) => dayIndex(r.localDate)),
  }
}

/** First index whose time is ≥ t; the rows are in local (day, bin) order, which is time order but
 * for the hour a DST change repeats, hence the callers' margin. */
function firstAtOrAfter(at: Float64Array, t: number): number {
  let lo = 0
  let hi = at.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((at[mid] ?? 0) < t) {
      lo = mid + 1
    } else {
      hi = mid
    }
  }
  return lo
}

const DST_MARGIN_MS = 2 * 3_600_000

export function pick(
  sides: { same: SideCounts; all: SideCounts },
  minSamples: number,
  minDays: number,
): { side: SideCounts; scope: 'same-days' | 'all-days' } {
  return sides.same.n >= minSamples && sides.same.days >= minDays
    ? { side: sides.same, scope: 'same-days' }
    : { side: sides.all, scope: 'all-days' }
}

/**
 * The user's sign-ins before `c` within the learning window: counts per bin on the same side of the
 * week and on all days, and `atWork`, every bin of the day the user has been at work: bins with a
 * sign-in, plus each working day from its start (the first sign-in of a local day after a rest of
 * REST_MINUTES, so a night shift is one day across midnight and an evening check after a short
 * day is not a new one) for `workdayMinutes`, once a few days cover it (one odd start does not
 * stretch the day).
 */
export function userHistory(
  user: UserRows,
  c: OffHoursCandidate,
  partner: PartnerConfig | undefined,
  settings: OffHoursSettings,
): { same: SideCounts; all: SideCounts; atWork: Float64Array } {
  const until = c.published.getTime()
  const since = until - settings.learningDays * MS_PER_DAY
  const working = isWorkingDay(partner, c.isoDow)
  const same = emptySide()
  const all = emptySide()
  const starts: number[] = []
  let lastStartDay = Number.NaN
  let previous = -Infinity
  const from = firstAtOrAfter(user.at, since - DST_MARGIN_MS)
  const to = firstAtOrAfter(user.at, until + DST_MARGIN_MS)
  for (let i = from; i < to; i++) {
    const r = user.rows[i]
    const t = user.at[i] ?? 0
    const day = user.day[i] ?? 0
    if (r === undefined || t >= until || t < since) {
      continue
    }
    addTo(all, r.bin, r.n, day)
    if (isWorkingDay(partner, r.isoDow) === working) {
      addTo(same, r.bin, r.n, day)
    }
    const at = day * 1440 + r.bin * BIN_MINUTES
    if (at - previous >= REST_MINUTES && day !== lastStartDay) {
      starts.push(r.bin)
      lastStartDay = day
    }
    previous = at
  }
  const cover = new Float64Array(BINS)
  const span = Math.floor(settings.workdayMinutes / BIN_MINUTES)
  for (const f of starts) {
    for (let b = f; b <= f + span; b++) {
      cover[b % BINS] = (cover[b % BINS] ?? 0) + 1
    }
  }
  const support = Math.max(MIN_WORKDAY_DAYS, Math.ceil(MIN_WORKDAY_SHARE * starts.length))
  const atWork = all.counts.map((n, b) => (n > 0 || (cover[b] ?? 0) >= support ? 1 : 0))
  return { same, all, atWork }
}
