// The API's own DuckDB connections, beside whatever else uses the database (the ingest writer holds
// the primary connection and its transactions): reads spread over a few connections, writes go one
// at a time through their own. DuckDB errors become StoreError here, so their text never leaves raw.
import type { DuckDBConnection } from '@duckdb/node-api'
import type { Database, SqlParams } from '../lib/db.js'
import { StoreError } from '../lib/errors.js'
import type { SqlRunner } from './sql-runner.js'

export interface ApiStore extends SqlRunner {
  /** Runs `fn` in one transaction on the write connection; nothing else writes meanwhile. */
  transaction<T>(fn: (writer: SqlRunner) => Promise<T>): Promise<T>
  closeSync(): void
}

export async function openApiStore(db: Database, readConnections = 2): Promise<ApiStore> {
  const readers: DuckDBConnection[] = []
  for (let i = 0; i < Math.max(1, readConnections); i++) {
    readers.push(await db.connect())
  }
  const writerConnection = await db.connect()
  let next = 0
  let tail: Promise<unknown> = Promise.resolve()
  const pick = (): DuckDBConnection => {
    const conn = readers[next % readers.length] ?? writerConnection
    next += 1
    return conn
  }
  const writer = runnerOn(() => writerConnection)
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const result = tail.then(fn)
    tail = result.catch(() => undefined)
    return result
  }
  const reader = runnerOn(pick)
  return {
    all: reader.all,
    one: reader.one,
    run: (sql, params) => serial(() => writer.run(sql, params)),
    changes: (sql, params) => serial(() => writer.changes(sql, params)),
    transaction: (fn) =>
      serial(async () => {
        await writer.run('BEGIN TRANSACTION')
        try {
          const value = await fn(writer)
          await writer.run('COMMIT')
          return value
        } catch (err) {
          await writerConnection.run('ROLLBACK').catch(() => undefined)
          throw err
        }
      }),
    closeSync: () => {
      for (const conn of [...readers, writerConnection]) {
        conn.closeSync()
      }
    },
  }
}

function runnerOn(conn: () => DuckDBConnection): SqlRunner {
  const runner: SqlRunner = {
    run: (sql, params) => wrap(sql, async () => void (await conn().run(sql, params))),
    changes: (sql, params) => wrap(sql, async () => (await conn().run(sql, params)).rowsChanged),
    all: <T extends object>(sql: string, params?: SqlParams) =>
      wrap(sql, async () => (await conn().runAndReadAll(sql, params)).getRowObjectsJS() as T[]),
    one: async <T extends object>(sql: string, params?: SqlParams) =>
      (await runner.all<T>(sql, params))[0],
  }
  return runner
}

async function wrap<T>(sql: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    const text = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? 'error'
    throw new StoreError(`api query failed: ${text} [${sql.trim().split('\n')[0]?.slice(0, 80)}]`, {
      cause: err,
    })
  }
}
