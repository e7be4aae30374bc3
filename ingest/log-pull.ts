// The System Log pull for one org. Polling mode follows `rel="next"` from a cursor stored in the same
// transaction as the page's rows, so a restart resumes exactly where the last commit left off; a cycle
// ends on an empty or short page and the loop waits. Late events are not lost: polling orders by
// Okta's persistence time, so an event made visible late comes after the cursor. A bounded backfill
// (since + until) keeps `until` at least 20 s behind now and stores no cursor (dedup makes it safe).
import { counters, inSpan } from '../lib/telemetry.js'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Client } from '@okta/okta-sdk-nodejs'
import type { Clock } from '../lib/clock.js'
import type { ResolvedOrg } from '../lib/config.js'
import { InvalidWindow } from '../lib/errors.js'
import { heapBound } from '../lib/gc.js'
import {
  RAW_BYTES_PER_COMMIT,
  ROWS_PER_COMMIT,
  addBatchResult,
  noEvents,
  type BatchResult,
  type EventStoreQueries,
} from './event-store-queries.js'
import { RAW_BYTES_PER_BATCH } from './batch-bounds.js'
import { fetchLogPage, type LogPage } from './log-page.js'
import { PageReader } from './page-reader.js'

export const PAGE_LIMIT = 1000
/** Pages fetched ahead of the writer. */
export const READ_AHEAD_PAGES = 3
/** Page text fetched ahead at most: pages of large events are large (ingest/README.md, Ninth session). */
export const READ_AHEAD_BYTES = 2 * RAW_BYTES_PER_BATCH
/**
 * Pages staged and checked together (one storeBatch), unless they hold more than
 * RAW_BYTES_PER_BATCH of text: then as many pages as fit, at least one.
 */
export const PAGES_PER_BATCH = 4
/**
 * While catching up, batches share a transaction, growing towards ROWS_PER_COMMIT events or
 * RAW_BYTES_PER_COMMIT of raw text, at most this long: the rows and the cursor
 * still commit together, and a caught-up (short) page commits at once.
 */
export const COMMIT_EVERY_MS = 10_000
export const MAX_SINCE_DAYS = 90
/**
 * The JS heap a pull lets grow before it collects (lib/gc.ts heapBound): each page's text and event
 * strings outlive the young generation while they wait for the writer. A 1M-event catch-up from the
 * simulated org peaked at 203 MB of JS heap and 591 MB RSS without a bound. With a 128 MB floor it
 * peaked at 140 MB and 507 MB, with 96 MB at 107 MB and 483 MB, at the same speed (202.8 against
 * 204.3 s); at 52k, 96 against 128 in three paired runs: 10.0–10.5 against 10.0–11.0 s. A 64 MB
 * floor was ~5 % slower at 52k (ingest/README.md, Seventh and Eighth sessions).
 */
const HEAP_FLOOR_MB = 96
/** Okta's own advice: results for an `until` close to now may still be missing events. */
export const UNTIL_LAG_MS = 20_000

export type PullMode =
  | { kind: 'poll'; since?: Date; once: boolean; pollIntervalMs: number; bootstrapDays: number }
  | { kind: 'backfill'; since: Date; until: Date }

export interface PageProgress extends BatchResult {
  org: string
  page: number
  /** The newest `published` seen so far, for "how far behind now". */
  newestPublished: Date | undefined
  caughtUp: boolean
}

export interface PullSummary extends BatchResult {
  org: string
  pages: number
  caughtUp: boolean
  newestPublished: Date | undefined
  resumedFromCursor: boolean
}

export interface PullOptions {
  client: Client
  org: ResolvedOrg
  store: EventStoreQueries
  clock: Clock
  mode: PullMode
  signal?: AbortSignal
  limit?: number
  onPage?: (progress: PageProgress) => void
  /** Called each time a polling cycle is caught up, before the loop waits (e.g. a due directory sync). */
  onCaughtUp?: () => Promise<void>
  /** Count into this summary (committed pages only), e.g. across a polling loop's attempts. */
  into?: PullSummary
  /**
   * A pull taken up again after a failure: a stored cursor wins over `mode.since`, which only
   * applies while there is none.
   */
  resume?: boolean
}

export function newPullSummary(org: string): PullSummary {
  return {
    org,
    pages: 0,
    ...noEvents(),
    caughtUp: false,
    newestPublished: undefined,
    resumedFromCursor: false,
  }
}

export async function pullSystemLog(options: PullOptions): Promise<PullSummary> {
  const { client, org, store, mode, signal } = options
  const limit = options.limit ?? PAGE_LIMIT
  const start = await startUrl(options, limit)
  const summary = options.into ?? newPullSummary(org.name)
  if (!options.resume) {
    summary.resumedFromCursor = start.resumed
  }
  const keepCursor = mode.kind === 'poll'
  // One bound for the whole pull: in `serve` it must not start over at every polling cycle.
  const boundHeap = heapBound(HEAP_FLOOR_MB)
  let url: string | undefined = start.url
  while (url && !signal?.aborted) {
    // One polling cycle: read ahead of the writer, store PAGES_PER_BATCH pages at a time (with the
    // last one's next link as the cursor), several batches per transaction, until a short page says
    // we are caught up.
    const reader = new PageReader({
      fetchPage: (u) => fetchLogPage(client, u, org.name),
      firstUrl: url,
      limit,
      ahead: READ_AHEAD_PAGES,
      aheadBytes: READ_AHEAD_BYTES,
      ...(signal ? { signal } : {}),
    })
    let last: LogPage | undefined
    let readerDone = false
    // The first transaction of a cycle holds one batch; each next one twice as many events, up to
    // ROWS_PER_COMMIT (or COMMIT_EVERY_MS of work). A short page ends it at once.
    let target = PAGES_PER_BATCH * limit
    try {
      while (!readerDone) {
        const rowsWanted = target
        target = Math.min(target * 2, ROWS_PER_COMMIT)
        // Counted into the summary once the transaction commits: a failed one stores nothing.
        const tx = {
          ...noEvents(),
          pages: 0,
          newest: summary.newestPublished,
        }
        await store.inTransaction(async (put) => {
          const began = Date.now()
          let rows = 0
          let bytes = 0
          for (;;) {
            const pages = await reader.take(PAGES_PER_BATCH, RAW_BYTES_PER_BATCH)
            const tail = pages.at(-1)
            if (!tail) {
              readerDone = true
              return
            }
            const firstPageNo = summary.pages + tx.pages + 1
            const events = pages.flatMap((page, p) =>
              page.events.map((raw, i) => ({
                position: `page ${firstPageNo + p} item ${i + 1}`,
                raw,
                keys: page.keys[i],
              })),
            )
            const result = await inSpan(
              'ingest.pages',
              {
                'okta.org': org.name,
                'ingest.pages': pages.length,
                'ingest.events': events.length,
              },
              () =>
                put(
                  org.name,
                  'okta',
                  events,
                  keepCursor && tail.next ? { org: org.name, nextUrl: tail.next } : undefined,
                ),
            )
            counters.events.add(result.stored, { org: org.name })
            counters.duplicates.add(result.duplicates, { org: org.name })
            counters.quarantined.add(result.quarantined, { org: org.name })
            last = tail
            tx.pages += pages.length
            addBatchResult(tx, result)
            for (const page of pages) {
              tx.newest = newest(tx.newest, page.events)
            }
            const caughtUp = tail.events.length < limit || !tail.next
            summary.caughtUp = caughtUp
            options.onPage?.({
              ...result,
              org: org.name,
              page: summary.pages + tx.pages,
              newestPublished: tx.newest,
              caughtUp,
            })
            rows += events.length
            bytes += pages.reduce((n, page) => n + page.bytes, 0)
            boundHeap()
            if (
              caughtUp ||
              rows >= rowsWanted ||
              bytes >= RAW_BYTES_PER_COMMIT ||
              Date.now() - began >= COMMIT_EVERY_MS
            ) {
              return
            }
          }
        })
        summary.pages += tx.pages
        addBatchResult(summary, tx)
        summary.newestPublished = tx.newest
      }
    } finally {
      await reader.settle()
    }
    url = last?.next
    if (!url || mode.kind === 'backfill' || mode.once || signal?.aborted) {
      break
    }
    await options.onCaughtUp?.()
    await sleep(mode.pollIntervalMs, undefined, signal ? { signal } : undefined).catch(
      () => undefined,
    )
  }
  return summary
}

async function startUrl(
  options: PullOptions,
  limit: number,
): Promise<{ url: string; resumed: boolean }> {
  const { org, mode, clock } = options
  const now = clock.now().getTime()
  const base = `${org.url}/api/v1/logs?limit=${limit}&sortOrder=ASCENDING`
  if (mode.kind === 'backfill') {
    checkSince(mode.since, now)
    const untilMs = Math.min(mode.until.getTime(), now - UNTIL_LAG_MS)
    if (untilMs <= mode.since.getTime()) {
      throw new InvalidWindow(
        `--until must be after --since and at least ${UNTIL_LAG_MS / 1000} s before now`,
      )
    }
    return {
      url: `${base}&since=${iso(mode.since.getTime())}&until=${iso(untilMs)}`,
      resumed: false,
    }
  }
  if (!mode.since || options.resume) {
    const cursor = await options.store.readCursor(org.name)
    if (cursor) {
      return { url: rebase(cursor.nextUrl, org.url), resumed: true }
    }
  }
  const since = mode.since ?? new Date(now - mode.bootstrapDays * 86_400_000)
  checkSince(since, now)
  return { url: `${base}&since=${iso(since.getTime())}`, resumed: false }
}

function checkSince(since: Date, nowMs: number): void {
  if (nowMs - since.getTime() > MAX_SINCE_DAYS * 86_400_000) {
    throw new InvalidWindow(
      `--since may be at most ${MAX_SINCE_DAYS} days back (Okta keeps 90 days of System Log)`,
    )
  }
}

/** A stored next link keeps its path and query, but follows the org URL if the org moved (host, port). */
export function rebase(stored: string, orgUrl: string): string {
  const u = new URL(stored)
  const base = new URL(orgUrl)
  u.protocol = base.protocol
  u.host = base.host
  return u.toString()
}

function iso(ms: number): string {
  return encodeURIComponent(new Date(ms).toISOString())
}

function newest(current: Date | undefined, events: readonly string[]): Date | undefined {
  let best = current?.getTime() ?? Number.NEGATIVE_INFINITY
  for (const text of events) {
    const m = /"published"\s*:\s*"([^"]+)"/.exec(text)
    const t = m?.[1] ? Date.parse(m[1]) : Number.NaN
    if (t > best) {
      best = t
    }
  }
  return Number.isFinite(best) ? new Date(best) : current
}
