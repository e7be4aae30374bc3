// The scenario's only source of randomness: sfc32, seeded by hashing the scenario seed with the
// coordinates of what is being generated (a user, a day, a purpose), so that every part of the
// scenario is a pure function of the seed and no part depends on how much another part consumed.

/** A 32-bit mix of integers (murmur3 finaliser over a running state). */
export function hashInts(...values: number[]): number {
  let h = 0x9e3779b9
  for (const v of values) {
    let k = Math.imul(v | 0, 0xcc9e2d51)
    k = (k << 15) | (k >>> 17)
    k = Math.imul(k, 0x1b873593)
    h ^= k
    h = (h << 13) | (h >>> 19)
    h = (Math.imul(h, 5) + 0xe6546b64) | 0
    // Numbers beyond 32 bits (timestamps) contribute their high part too.
    if (v > 0xffffffff || v < -0x80000000) {
      h ^= Math.floor(v / 4294967296) | 0
      h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
    }
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** A 32-bit hash of a string (FNV-1a, then mixed). */
export function hashString(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return hashInts(h)
}

export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(...key: number[]) {
    this.a = hashInts(1, ...key)
    this.b = hashInts(2, ...key)
    this.c = hashInts(3, ...key)
    this.d = hashInts(4, ...key)
    for (let i = 0; i < 12; i++) {
      this.uint32()
    }
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296
  }

  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  /** Uniform real in [min, max). */
  range(min: number, max: number): number {
    return min + this.next() * (max - min)
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)]
    if (item === undefined) {
      throw new RangeError('pick from an empty list')
    }
    return item
  }

  /** Picks by weight; `weight` must be non-negative and not all zero. */
  weighted<T>(items: readonly T[], weight: (item: T) => number): T {
    let total = 0
    for (const item of items) {
      total += weight(item)
    }
    let r = this.next() * total
    for (const item of items) {
      r -= weight(item)
      if (r < 0) {
        return item
      }
    }
    return this.pick(items)
  }

  /** Standard normal (Box–Muller). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next()
    const v = this.next()
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }

  /** Normal truncated to mean ± limit·sd (by clamping, which is enough for habits). */
  truncatedNormal(mean: number, sd: number, limit: number): number {
    const z = Math.max(-limit, Math.min(limit, this.normal()))
    return mean + z * sd
  }

  /** A Fisher–Yates shuffled copy. */
  shuffled<T>(items: readonly T[]): T[] {
    const out = items.slice()
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1))
      const tmp = out[i] as T
      out[i] = out[j] as T
      out[j] = tmp
    }
    return out
  }
}

/** Purposes, so that streams for the same user and day never coincide. */
export const STREAM = {
  partners: 1,
  population: 2,
  user: 3,
  plan: 4,
  trip: 5,
  day: 6,
  anomalies: 7,
  admin: 8,
  directory: 9,
  ids: 10,
} as const
