// collectGarbage: V8's full collection on request, only above the RSS asked for.
import { describe, expect, it } from 'vitest'
import { collectGarbage } from '../../lib/gc.js'

describe('collectGarbage', () => {
  it('frees what nothing holds any more', () => {
    let garbage: { n: number; s: string }[] | null = Array.from({ length: 400_000 }, (_, n) => ({
      n,
      s: `row ${n}`,
    }))
    const held = process.memoryUsage().heapUsed
    expect(garbage.length).toBe(400_000)
    garbage = null
    collectGarbage(0)
    // ~40 MB of objects were unreachable; a full collection returns most of it at once.
    expect(process.memoryUsage().heapUsed).toBeLessThan(held - 20 * 2 ** 20)
  })

  it('does nothing below the RSS asked for', () => {
    expect(() => collectGarbage(Number.MAX_SAFE_INTEGER)).not.toThrow()
  })
})
