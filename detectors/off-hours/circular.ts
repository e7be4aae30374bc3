// Circular statistics over the local time of day, in BIN_MINUTES bins: a von Mises kernel density
// (midnight wraps: 23:50 and 00:10 are neighbours), the probability of a time no more likely than
// a given one, the usual window, and how deep a time lies in the free stretch of a day.
import { sum } from 'simple-statistics'
import { BIN_MINUTES } from './queries.js'

export const BINS = 1440 / BIN_MINUTES
/** Share of the user's sign-ins the reported usual window covers. */
export const USUAL_WINDOW_SHARE = 0.95

/** Normalised von Mises kernel by circular bin distance 0 … BINS-1. */
export function vonMisesKernel(bandwidthMinutes: number): Float64Array {
  const sigma = (2 * Math.PI * bandwidthMinutes) / 1440
  const kappa = 1 / (sigma * sigma)
  const k = new Float64Array(BINS)
  for (let d = 0; d < BINS; d++) {
    // exp(kappa (cos θ − 1)) keeps the numbers finite for large kappa.
    k[d] = Math.exp(kappa * (Math.cos((2 * Math.PI * d) / BINS) - 1))
  }
  const total = sum(Array.from(k))
  return k.map((v) => v / total)
}

export interface CircularModel {
  samples: number
  days: number
  counts: Float64Array
  density: Float64Array
}

export function buildModel(
  counts: Float64Array,
  days: number,
  kernel: Float64Array,
): CircularModel {
  let samples = 0
  for (const c of counts) {
    samples += c
  }
  const density = new Float64Array(BINS)
  if (samples > 0) {
    for (let j = 0; j < BINS; j++) {
      const c = counts[j] ?? 0
      if (c === 0) {
        continue
      }
      for (let b = 0; b < BINS; b++) {
        const d = Math.abs(b - j)
        density[b] = (density[b] ?? 0) + (c * (kernel[Math.min(d, BINS - d)] ?? 0)) / samples
      }
    }
  }
  return { samples, days, counts, density }
}

/** Probability of a sign-in at a time of day no more likely than this bin (highest-density tail). */
export function tailProbability(model: CircularModel, bin: number): number {
  const at = model.density[bin] ?? 0
  let p = 0
  for (const d of model.density) {
    if (d <= at * (1 + 1e-9)) {
      p += d
    }
  }
  return Math.min(1, p)
}

/** The shortest arc of the day holding `share` of the sign-ins, as `HH:MM–HH:MM`. */
export function usualWindow(counts: Float64Array, share = USUAL_WINDOW_SHARE): string | null {
  const total = sum(Array.from(counts))
  if (total === 0) {
    return null
  }
  let best: [number, number] | null = null
  for (let s = 0; s < BINS; s++) {
    if ((counts[s] ?? 0) === 0) {
      continue
    }
    let acc = 0
    for (let len = 1; len <= BINS; len++) {
      acc += counts[(s + len - 1) % BINS] ?? 0
      if (acc >= share * total - 1e-9) {
        if (!best || len < best[1]) {
          best = [s, len]
        }
        break
      }
    }
  }
  if (!best) {
    return null
  }
  const [s, len] = best
  return `${hhmm(s * BIN_MINUTES)}–${hhmm(((s + len) * BIN_MINUTES - 1) % 1440)}`
}

/**
 * Where `minute` lies in the free stretch of the day around it (bins with nothing in `busy`):
 * minutes to the nearest busy bin's centre (circular; Infinity when none), and `depth`, that gap
 * over half the stretch (1 = its middle, near 0 = its edge).
 */
export function gapMinutes(busy: Float64Array, minute: number): { gap: number; depth: number } {
  let before = Infinity
  let after = Infinity
  for (let b = 0; b < BINS; b++) {
    if ((busy[b] ?? 0) > 0) {
      const centre = b * BIN_MINUTES + BIN_MINUTES / 2
      after = Math.min(after, (((centre - minute) % 1440) + 1440) % 1440)
      before = Math.min(before, (((minute - centre) % 1440) + 1440) % 1440)
    }
  }
  const gap = Math.min(before, after)
  return { gap, depth: Number.isFinite(gap) ? gap / ((before + after) / 2) : 1 }
}

export function hhmm(minute: number): string {
  const m = ((Math.round(minute) % 1440) + 1440) % 1440
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
}
