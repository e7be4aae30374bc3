// Reads System Log pages in order ahead of the writer, so fetching the next pages overlaps storing
// the current ones. Reading stops at a short page (caught up) or a missing next link (end of a bounded
// query), and never runs more than `ahead` pages, or `aheadBytes` of page text, beyond what the
// writer has taken (pages of large events are large: 1,000 events of 13 KB are 13 MB).
import type { LogPage } from './log-page.js'

export class PageReader {
  private readonly buffered: LogPage[] = []
  private url: string | undefined
  private failure: unknown
  private hasFailed = false
  private running: Promise<void> | undefined
  private wake: (() => void) | undefined
  private finished = false
  private readonly fetchPage: (url: string) => Promise<LogPage>
  private readonly limit: number
  private readonly ahead: number
  private readonly aheadBytes: number
  private readonly signal: AbortSignal | undefined

  constructor(options: {
    fetchPage: (url: string) => Promise<LogPage>
    firstUrl: string
    limit: number
    ahead: number
    /** Page text buffered at most (a page is always read when none is buffered). */
    aheadBytes?: number
    signal?: AbortSignal
  }) {
    this.fetchPage = options.fetchPage
    this.url = options.firstUrl
    this.limit = options.limit
    this.ahead = options.ahead
    this.aheadBytes = options.aheadBytes ?? Infinity
    this.signal = options.signal
    this.pump()
  }

  /**
   * Waits for at least one page; returns up to `max` pages in order, and no more pages than hold
   * `maxBytes` of text (at least one). Empty once reading is done.
   */
  async take(max: number, maxBytes = Infinity): Promise<LogPage[]> {
    while (this.buffered.length === 0 && !this.finished && !this.hasFailed) {
      await new Promise<void>((resolve) => (this.wake = resolve))
    }
    if (this.buffered.length === 0 && this.hasFailed) {
      throw this.failure
    }
    let count = 0
    let bytes = 0
    for (const page of this.buffered.slice(0, max)) {
      if (count > 0 && bytes + page.bytes > maxBytes) {
        break
      }
      count += 1
      bytes += page.bytes
    }
    const pages = this.buffered.splice(0, count)
    this.pump()
    return pages
  }

  /** Waits for the read in flight, if any, so nothing runs after the caller is done. */
  async settle(): Promise<void> {
    this.url = undefined
    await this.running
  }

  private pump(): void {
    if (this.running || this.finished || this.hasFailed) {
      return
    }
    this.running = this.readAhead().finally(() => {
      this.running = undefined
      // The writer may have taken pages after the read stopped for want of room but before this
      // ran: its pump() then found a read still running. Without this, nothing reads again and the
      // writer waits for good (a page larger than aheadBytes, taken as soon as it arrived).
      if (this.url && this.wantsMore() && !this.signal?.aborted) {
        this.pump()
      }
    })
  }

  private async readAhead(): Promise<void> {
    while (this.url && this.wantsMore() && !this.signal?.aborted) {
      let page: LogPage
      try {
        page = await this.fetchPage(this.url)
      } catch (err) {
        this.failure = err
        this.hasFailed = true
        this.notify()
        return
      }
      this.buffered.push(page)
      this.url = page.events.length >= this.limit ? page.next : undefined
      this.notify()
    }
    if (!this.url || this.signal?.aborted) {
      this.finished = true
      this.notify()
    }
  }

  private wantsMore(): boolean {
    const bytes = this.buffered.reduce((n, page) => n + page.bytes, 0)
    return this.buffered.length < this.ahead && (bytes === 0 || bytes < this.aheadBytes)
  }

  private notify(): void {
    const wake = this.wake
    this.wake = undefined
    wake?.()
  }
}
