// When each file event becomes visible. Okta orders polling by persistence time (when an event was
// committed), not by `published`. Here a normal event persists 1–4 ms after it was published (never
// before the event persisted just ahead of it), and a seeded fraction of the events published before
// the sim started arrive late: they persist a few seconds after the start, keeping their old
// `published`, so a poller that is already caught up finds them after its cursor.
import { hash01 } from './sorted.js'

export interface LateArrivalOptions {
  /** When the sim started (by its clock): only events published before it can be late. */
  startMs: number
  seed: number
  /** Fraction of those events that arrive late, 0–1. */
  lateFraction: number
  /** Delay after the start, in ms, uniformly drawn per late event. */
  lateDelayMs: readonly [number, number]
}

export interface Persistence {
  persistMs: Float64Array
  /** File indices sorted by (persistMs, index): the order polling serves them in. */
  pollOrder: Uint32Array
  lateCount: number
}

const SALT_LATE = 1
const SALT_DELAY = 2
const SALT_JITTER = 3

export function assignPersistence(
  publishedMs: Float64Array,
  options: LateArrivalOptions,
): Persistence {
  const n = publishedMs.length
  const persistMs = new Float64Array(n)
  const onTime: number[] = []
  const late: number[] = []
  const [minDelay, maxDelay] = options.lateDelayMs
  let previous = Number.NEGATIVE_INFINITY
  for (let i = 0; i < n; i += 1) {
    const published = publishedMs[i] ?? 0
    const isLate =
      options.lateFraction > 0 &&
      published < options.startMs &&
      hash01(options.seed, SALT_LATE, i) < options.lateFraction
    if (isLate) {
      const delay = minDelay + hash01(options.seed, SALT_DELAY, i) * (maxDelay - minDelay)
      persistMs[i] = options.startMs + Math.round(delay)
      late.push(i)
    } else {
      const jitter = 1 + Math.floor(hash01(options.seed, SALT_JITTER, i) * 4)
      previous = Math.max(published + jitter, previous)
      persistMs[i] = previous
      onTime.push(i)
    }
  }
  late.sort((a, b) => (persistMs[a] ?? 0) - (persistMs[b] ?? 0) || a - b)
  const pollOrder = new Uint32Array(n)
  let a = 0
  let b = 0
  for (let k = 0; k < n; k += 1) {
    const x = onTime[a]
    const y = late[b]
    const takeLate =
      x === undefined ||
      (y !== undefined &&
        ((persistMs[y] ?? 0) < (persistMs[x] ?? 0) ||
          ((persistMs[y] ?? 0) === (persistMs[x] ?? 0) && y < x)))
    if (takeLate && y !== undefined) {
      pollOrder[k] = y
      b += 1
    } else if (x !== undefined) {
      pollOrder[k] = x
      a += 1
    }
  }
  return { persistMs, pollOrder, lateCount: late.length }
}
