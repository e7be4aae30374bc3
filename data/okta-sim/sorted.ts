// Small helpers over sorted sequences: binary search, and merging two ordered streams.

/** The first k in [0, n) for which `before(k)` is false; `before` must be true then false. */
export function lowerBound(n: number, before: (k: number) => boolean): number {
  let lo = 0
  let hi = n
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (before(mid)) {
      lo = mid + 1
    } else {
      hi = mid
    }
  }
  return lo
}

/** Merges two streams that are each ordered by `less` into one ordered stream. */
export function* mergeOrdered<T>(
  a: Iterator<T>,
  b: Iterator<T>,
  less: (x: T, y: T) => boolean,
): Generator<T> {
  let x = a.next()
  let y = b.next()
  while (!x.done || !y.done) {
    if (y.done || (!x.done && !less(y.value, x.value))) {
      yield x.value as T
      x = a.next()
    } else {
      yield y.value
      y = b.next()
    }
  }
}

/** A seeded, stateless hash of an integer to [0, 1): the same (seed, salt, i) always gives the same value. */
export function hash01(seed: number, salt: number, i: number): number {
  return fmix32(fmix32(seed ^ Math.imul(salt, 0x9e3779b1)) ^ i) / 0x1_0000_0000
}

function fmix32(input: number): number {
  let x = input >>> 0
  x ^= x >>> 16
  x = Math.imul(x, 0x85ebca6b)
  x ^= x >>> 13
  x = Math.imul(x, 0xc2b2ae35)
  x ^= x >>> 16
  return x >>> 0
}
