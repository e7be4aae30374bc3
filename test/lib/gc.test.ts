// collectGarbage: V8's full collection on request, only above the RSS asked for; heapBound: one per
// batch, when the heap has grown past its bound.
import { describe, expect, it } from 'vitest'
import { getHeapStatistics } from 'node:v8'
import { collectGarbage, heapBound } from '../../lib/gc.js'

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

describe('heapBound', () => {
  const used = () => getHeapStatistics().used_heap_size
  const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ i, s: `row ${i}` }))
  function counted(floorMb: number) {
    const counter = { collections: 0, check: () => {} }
    counter.check = heapBound(floorMb, () => {
      counter.collections += 1
      collectGarbage()
    })
    return counter
  }

  it('collects past the floor, then not again until the heap doubles what was left', () => {
    const bound = counted(used() / 2 ** 20 + 20)
    const held = rows(400_000) // ~40 MB, live throughout
    bound.check()
    expect(bound.collections).toBe(1)
    // The collection could not free the rows, and the bound is now twice what it left: a loop that
    // really holds this much is not collected at every batch.
    bound.check()
    bound.check()
    expect(bound.collections).toBe(1)
    expect(held.length).toBe(400_000)
  })

  it('does nothing below the floor', () => {
    const bound = counted(used() / 2 ** 20 + 200)
    bound.check()
    expect(bound.collections).toBe(0)
  })
})
