// The list cache: served while the data version holds, re-checked after checkMs, dropped by
// invalidate() even for a load that was in flight.
import { describe, expect, it } from 'vitest'
import { createListCache } from '../../api/list-cache.js'

function setup(checkMs = 1000) {
  let t = 0
  let version = 'v1'
  let loads = 0
  let versionReads = 0
  const cache = createListCache<string>({
    checkMs,
    maxEntries: 2,
    now: () => t,
    version: async () => {
      versionReads += 1
      return version
    },
  })
  const load = (value: string) => async () => {
    loads += 1
    return value
  }
  return {
    cache,
    load,
    advance: (ms: number) => void (t += ms),
    setVersion: (v: string) => void (version = v),
    counts: () => ({ loads, versionReads }),
  }
}

describe('list cache', () => {
  it('serves a hit while the version holds and reloads after it changes', async () => {
    const s = setup()
    expect(await s.cache.get('a', s.load('a1'))).toBe('a1')
    expect(await s.cache.get('a', s.load('a2'))).toBe('a1')
    s.setVersion('v2')
    expect(await s.cache.get('a', s.load('a3'))).toBe('a1')
    s.advance(1000)
    expect(await s.cache.get('a', s.load('a4'))).toBe('a4')
    expect(s.counts()).toEqual({ loads: 2, versionReads: 2 })
  })

  it('invalidate drops entries, and a load begun before it is not kept', async () => {
    const s = setup()
    let release: (v: string) => void = () => undefined
    let started: () => void = () => undefined
    const loading = new Promise<void>((r) => (started = r))
    const slow = s.cache.get('a', () => {
      started()
      return new Promise<string>((r) => (release = r))
    })
    await loading
    s.cache.invalidate()
    release('stale')
    expect(await slow).toBe('stale')
    expect(await s.cache.get('a', s.load('fresh'))).toBe('fresh')
  })

  it('keeps at most maxEntries, dropping the least recently used', async () => {
    const s = setup()
    await s.cache.get('a', s.load('a'))
    await s.cache.get('b', s.load('b'))
    await s.cache.get('a', s.load('a-again'))
    await s.cache.get('c', s.load('c'))
    expect(await s.cache.get('a', s.load('a-reloaded'))).toBe('a')
    expect(await s.cache.get('b', s.load('b-reloaded'))).toBe('b-reloaded')
  })

  it('with checkMs 0 it always loads', async () => {
    const s = setup(0)
    await s.cache.get('a', s.load('1'))
    expect(await s.cache.get('a', s.load('2'))).toBe('2')
  })
})

describe('list cache under concurrency', () => {
  it('shares one load among callers that miss on the same key together', async () => {
    const s = setup()
    let release: (v: string) => void = () => undefined
    let loads = 0
    let started: () => void = () => undefined
    const loading = new Promise<void>((r) => (started = r))
    const slow = () => {
      loads += 1
      started()
      return new Promise<string>((r) => (release = r))
    }
    const all = Promise.all([
      s.cache.get('a', slow),
      s.cache.get('a', slow),
      s.cache.get('a', slow),
    ])
    await loading
    release('x')
    expect(await all).toEqual(['x', 'x', 'x'])
    expect(loads).toBe(1)
  })
})
