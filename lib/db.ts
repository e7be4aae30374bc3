// The DuckDB handle: opens (or creates) the database file, applies migrations, and wraps every
// DuckDB error in a StoreError at this boundary. Values are always bound, never spliced into SQL.
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api'
import { StoreError, StoreLocked } from './errors.js'
import { applyMigrations, type Migration } from './migrate.js'
import { MIGRATIONS } from './migrations/index.js'

export type SqlParams = DuckDBValue[] | Record<string, DuckDBValue>

export interface Database {
  /** The file path, or ':memory:'. */
  readonly path: string
  /** The primary connection, for appenders and streaming readers. Prefer the methods below. */
  readonly connection: DuckDBConnection
  run(sql: string, params?: SqlParams): Promise<void>
  /** Runs an INSERT/UPDATE/DELETE and returns how many rows it changed. */
  changes(sql: string, params?: SqlParams): Promise<number>
  /** All rows as plain JS objects (BIGINT → bigint, TIMESTAMP → Date). */
  all<T extends object = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<T[]>
  one<T extends object = Record<string, unknown>>(
    sql: string,
    params?: SqlParams,
  ): Promise<T | undefined>
  /** Runs `fn` inside BEGIN … COMMIT on the primary connection; one transaction at a time. */
  transaction<T>(fn: () => Promise<T>): Promise<T>
  /** A second connection on the same instance, e.g. for API reads beside the ingest writer. */
  connect(): Promise<DuckDBConnection>
  /**
   * The same database through a connection of its own, with its own transactions: a detector run
   * beside the ingest writer never lands inside the writer's open transaction. Closing it closes
   * only that connection.
   */
  session(): Promise<Database>
  schemaVersion(): Promise<number>
  closeSync(): void
}

/**
 * DuckDB checkpoints (compressing and rewriting the open row group) whenever the WAL passes 16 MB by
 * default; with ingest committing a page at a time that made COMMIT most of the cost, growing with the
 * table (measured: 11.8 s of 17.1 s for 60k events). A larger threshold checkpoints far less often.
 */
export const DEFAULT_SETTINGS: Readonly<Record<string, string>> = {
  checkpoint_threshold: '128MB',
  // DuckDB's own default buffer pool is 80 % of RAM: importing 1M events peaked at 4.6 GB RSS with
  // it and at 1.4 GB with 512 MB (config: databaseMemoryLimit).
  memory_limit: '512MB',
  // The storage format of a store this process creates (an existing file keeps the format it was
  // created with). DuckDB's default writes the v0.10.2 format for older readers; the current one
  // compresses strings with DICT_FSST: on 52k events the closing checkpoint of an ingest took
  // 1.2–1.4 s against 1.9–2.0, and its peak RSS 474–499 MB against 560–583 (ingest/README.md).
  storage_compatibility_version: 'latest',
}

export interface OpenDatabaseOptions {
  path: string
  migrations?: readonly Migration[]
  /** DuckDB settings such as `memory_limit` or `threads`. */
  settings?: Record<string, string>
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const { path } = options
  let instance: DuckDBInstance
  try {
    instance = await DuckDBInstance.create(path, { ...DEFAULT_SETTINGS, ...options.settings })
  } catch (err) {
    throw openError(path, err)
  }
  let connection: DuckDBConnection
  try {
    connection = await instance.connect()
  } catch (err) {
    instance.closeSync()
    throw new StoreError(`cannot connect to database ${path}: ${firstLine(err)}`, { cause: err })
  }
  const db = createDatabase(path, instance, connection, true)
  try {
    // Naive timestamps (some exports drop the zone) are UTC on every connection, never the host's.
    await db.run("SET GLOBAL TimeZone = 'UTC'")
    await applyMigrations(db, options.migrations ?? MIGRATIONS)
  } catch (err) {
    db.closeSync()
    throw err
  }
  return db
}

function createDatabase(
  path: string,
  instance: DuckDBInstance,
  connection: DuckDBConnection,
  ownsInstance: boolean,
): Database {
  let tail: Promise<unknown> = Promise.resolve()
  const wrap = async <T>(what: string, sql: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn()
    } catch (err) {
      throw new StoreError(
        `${what} failed: ${firstLine(err)} [${sql.trim().split('\n')[0]?.slice(0, 80) ?? ''}]`,
        { cause: err },
      )
    }
  }
  const db: Database = {
    path,
    connection,
    run: (sql, params) =>
      wrap('statement', sql, async () => void (await connection.run(sql, params))),
    changes: (sql, params) =>
      wrap('statement', sql, async () => (await connection.run(sql, params)).rowsChanged),
    all: <T extends object>(sql: string, params?: SqlParams) =>
      wrap(
        'query',
        sql,
        async () => (await connection.runAndReadAll(sql, params)).getRowObjectsJS() as T[],
      ),
    one: async <T extends object>(sql: string, params?: SqlParams) =>
      (await db.all<T>(sql, params))[0],
    transaction: <T>(fn: () => Promise<T>): Promise<T> => {
      const result = tail.then(async () => {
        await db.run('BEGIN TRANSACTION')
        try {
          const value = await fn()
          await db.run('COMMIT')
          return value
        } catch (err) {
          await connection.run('ROLLBACK').catch(() => undefined)
          throw err
        }
      })
      tail = result.catch(() => undefined)
      return result
    },
    connect: async () => {
      try {
        return await instance.connect()
      } catch (err) {
        throw new StoreError(`cannot open another connection to ${path}: ${firstLine(err)}`, {
          cause: err,
        })
      }
    },
    schemaVersion: async () => {
      const row = await db.one<{ v: number | null }>(
        'SELECT max(version)::INTEGER AS v FROM schema_migrations',
      )
      return row?.v ?? 0
    },
    session: async () => createDatabase(path, instance, await db.connect(), false),
    closeSync: () => {
      connection.closeSync()
      if (ownsInstance) {
        instance.closeSync()
      }
    },
  }
  return db
}

function openError(path: string, err: unknown): Error {
  const text = firstLine(err)
  if (/Could not set lock|Conflicting lock|database is locked/i.test(text)) {
    return new StoreLocked(path, { cause: err })
  }
  return new StoreError(`cannot open database ${path}: ${text}`, { cause: err })
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? 'unknown error'
}
