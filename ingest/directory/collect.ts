// Draining SDK collections and running per-item calls a few at a time.
import type { Collection } from '@okta/okta-sdk-nodejs'

/**
 * Every item of a directory list, mapped; `map` returning undefined drops an item. Directory lists
 * end when a page has no `next` link; the SDK yields `null` for an empty page that still has one,
 * which is skipped.
 */
export async function collectAll<T, R>(
  listing: Promise<Collection<T>>,
  map: (item: T) => R | undefined,
): Promise<R[]> {
  const out: R[] = []
  for await (const item of await listing) {
    if (item === null) {
      continue
    }
    const mapped = map(item)
    if (mapped !== undefined) {
      out.push(mapped)
    }
  }
  return out
}

/**
 * `fn` over `items` with at most `concurrency` calls in flight; results keep the input order. After
 * the first failure no new call starts, and the failure is what rejects.
 */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length)
  let next = 0
  let failed = false
  const worker = async (): Promise<void> => {
    while (next < items.length && !failed) {
      const index = next
      next += 1
      try {
        results[index] = await fn(items[index] as T)
      } catch (err) {
        failed = true
        throw err
      }
    }
  }
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker)
  await Promise.all(workers)
  return results
}

/** A Date field of an SDK model as a Date, or null (missing, null or unparseable). */
export function dateOrNull(value: Date | string | null | undefined): Date | null {
  if (value === null || value === undefined) {
    return null
  }
  const date = value instanceof Date ? value : new Date(value)
  return Number.isNaN(date.getTime()) ? null : date
}

/** A string field, or null. */
export function textOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null
}

/**
 * Like Promise.all, but waits for every promise to settle before rejecting with the first failure,
 * so no request is still running unseen once the caller moves on.
 */
export async function settleAll<T extends readonly unknown[]>(promises: {
  [K in keyof T]: Promise<T[K]>
}): Promise<T> {
  const results = await Promise.allSettled(promises)
  const failed = results.find((r) => r.status === 'rejected')
  if (failed) {
    throw failed.reason
  }
  return results.map((r) => (r.status === 'fulfilled' ? r.value : undefined)) as unknown as T
}
