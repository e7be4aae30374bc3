// One read shared by detectors that run one after the other over the same window with the same
// parameters (the novelty detectors' sign-in history; brute force and password spray's attempts):
// the first detector reads, the next ones reuse its rows. A read is shared from the moment it
// starts until SHARE_MS after it ends (a full run's read of a large store may itself take longer),
// per database; a failed read is forgotten, so the next detector reads again.
import type { Database } from '../lib/db.js'

/** How long one read is reused by the detectors after the one that made it. */
export const SHARE_MS = 60_000

interface SharedRead {
  key: string
  /** When the read ended (+∞ while it runs). */
  at: number
  rows: Promise<unknown>
}

const reads = new Map<string, WeakMap<Database, SharedRead>>()

/**
 * `read()`'s result, or the one a read of the same `kind` with the same `params` on this database
 * produced less than SHARE_MS ago (or is producing now).
 */
export function sharedRead<T>(
  db: Database,
  kind: string,
  params: Readonly<Record<string, unknown>>,
  read: () => Promise<T>,
): Promise<T> {
  const key = JSON.stringify(params, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))
  let byDb = reads.get(kind)
  if (!byDb) {
    byDb = new WeakMap()
    reads.set(kind, byDb)
  }
  const last = byDb.get(db)
  if (last && last.key === key && performance.now() - last.at < SHARE_MS) {
    return last.rows as Promise<T>
  }
  const entry: SharedRead = { key, at: Number.POSITIVE_INFINITY, rows: Promise.resolve() }
  const rows = read().then(
    (value) => {
      entry.at = performance.now()
      return value
    },
    (err: unknown) => {
      byDb.delete(db)
      throw err
    },
  )
  entry.rows = rows
  byDb.set(db, entry)
  return rows
}
