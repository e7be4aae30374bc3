// The connections a page reads on: the page's own (its read transaction is the page's snapshot),
// and for a large page a second one whose snapshot is checked to hold the same events; all of them
// (and the page's own format threads) are closed when the body ends or is abandoned.
import type { DuckDBConnection } from '@duckdb/node-api'
import type { Database } from '../../lib/db.js'
import { createExportQueries, type ExportQueries } from './export-queries.js'
import type { FormatPool } from './format-pool.js'

/**
 * A second connection in a read transaction of its own whose snapshot holds exactly the events the
 * page's does, or undefined. Its transaction began after the page's, so it sees every event the page
 * sees plus any committed since; events are only ever appended (and a purge would remove the
 * oldest), so the same count, oldest and newest sequence number mean the same rows.
 */
export async function sameSnapshot(
  db: Database,
  queries: ExportQueries,
): Promise<DuckDBConnection | undefined> {
  const second = await db.connect()
  try {
    await second.run('BEGIN TRANSACTION')
    const [mine, theirs] = await Promise.all([
      queries.eventsFingerprint(),
      createExportQueries(second).eventsFingerprint(),
    ])
    if (mine === theirs) {
      return second
    }
  } catch {
    // Reading on one connection only is always correct.
  }
  release([second], undefined)
  return undefined
}

/**
 * Ends the read transactions and closes the connections (and stops the page's own format threads)
 * once the body is done or abandoned.
 */
export async function* closing<T>(
  conns: readonly DuckDBConnection[],
  body: AsyncIterable<T>,
  pool: FormatPool | undefined,
): AsyncGenerator<T> {
  try {
    yield* body
  } finally {
    release(conns, pool)
  }
}

export function release(conns: readonly DuckDBConnection[], pool: FormatPool | undefined): void {
  pool?.close()
  for (const conn of conns) {
    conn
      .run('COMMIT')
      .catch(() => undefined)
      .finally(() => conn.closeSync())
  }
}
