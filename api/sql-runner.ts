// What the API's queries need from a database: the subset of lib/db.ts's Database that both it and
// the API's own connection pool (api/store.ts) provide, so the CLI and the routes share one query layer.
import type { SqlParams } from '../lib/db.js'

export interface SqlRunner {
  run(sql: string, params?: SqlParams): Promise<void>
  changes(sql: string, params?: SqlParams): Promise<number>
  all<T extends object = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<T[]>
  one<T extends object = Record<string, unknown>>(
    sql: string,
    params?: SqlParams,
  ): Promise<T | undefined>
}
