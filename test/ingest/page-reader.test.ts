// The page reader's bounds: pages of large events are large (1,000 events of 13 KB are 13 MB), so
// reading ahead and each batch the writer takes are bounded by their text as well as by pages.
import { describe, expect, it } from 'vitest'
import { PageReader } from '../../ingest/page-reader.js'
import type { LogPage } from '../../ingest/log-page.js'

/** Pages of `bytes` each (one event of that size), next links 1..count; records what was fetched. */
function pages(count: number, bytes: number) {
  const fetched: string[] = []
  const fetchPage = (url: string): Promise<LogPage> => {
    fetched.push(url)
    const n = Number(url)
    const page: LogPage = {
      events: ['x'.repeat(bytes)],
      keys: [{ uuid: `u-${n}`, published: '2026-11-29T00:00:00Z' }],
      next: n < count ? String(n + 1) : undefined,
      bytes,
    }
    return Promise.resolve(page)
  }
  return { fetched, fetchPage }
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 20))

describe('page reader', () => {
  it('reads ahead no more pages than fit the byte bound, and at least one', async () => {
    const { fetched, fetchPage } = pages(10, 10)
    const reader = new PageReader({ fetchPage, firstUrl: '1', limit: 1, ahead: 5, aheadBytes: 25 })
    await settled()
    // 0, 10, 20 bytes buffered: each below 25, so a third page is read; then 30 stops it.
    expect(fetched).toEqual(['1', '2', '3'])
    const big = pages(3, 100)
    const one = new PageReader({ ...big, firstUrl: '1', limit: 1, ahead: 5, aheadBytes: 25 })
    await settled()
    expect(big.fetched).toEqual(['1'])
    await Promise.all([reader.settle(), one.settle()])
  })

  it('gives the writer as many pages as fit its byte bound, at least one, in order', async () => {
    const { fetchPage } = pages(7, 10)
    const reader = new PageReader({ fetchPage, firstUrl: '1', limit: 1, ahead: 4 })
    const sizes: number[][] = []
    for (;;) {
      await settled()
      const taken = await reader.take(4, 25)
      if (taken.length === 0) {
        break
      }
      sizes.push(taken.map((p) => Number(p.keys[0]?.uuid?.slice(2))))
    }
    expect(sizes.flat()).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(Math.max(...sizes.map((s) => s.length))).toBe(2)
    expect(
      (await new PageReader({ ...pages(1, 100), firstUrl: '1', limit: 1, ahead: 2 }).take(4, 25))
        .length,
    ).toBe(1)
  })

  it('keeps reading when a page larger than the byte bound is taken while the writer waits', async () => {
    // The writer waits for every page (it is faster than the reader): each page alone fills the
    // bound, so reading stops after it, and taking it must start reading again. It did not when
    // the writer took the page before the read in flight had ended: the reader hung for good.
    const { fetched, fetchPage } = pages(4, 100)
    const slow = (url: string) => settled().then(() => fetchPage(url))
    const reader = new PageReader({
      fetchPage: slow,
      firstUrl: '1',
      limit: 1,
      ahead: 3,
      aheadBytes: 25,
    })
    const taken: string[] = []
    for (;;) {
      const next = await Promise.race([
        reader.take(4, 25),
        new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 1000)),
      ])
      expect(next).not.toBe('hung')
      if (next === 'hung' || next.length === 0) {
        break
      }
      taken.push(...next.map((p) => p.keys[0]?.uuid ?? ''))
    }
    expect(taken).toEqual(['u-1', 'u-2', 'u-3', 'u-4'])
    expect(fetched).toEqual(['1', '2', '3', '4'])
  })
})
