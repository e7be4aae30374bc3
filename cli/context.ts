// What most commands start with: the configuration (from --config or the environment) and the
// database it names, closed again when the command ends.
import { AsyncLocalStorage } from 'node:async_hooks'
import { loadConfig, type Config } from '../lib/config.js'
import { openDatabase, type Database } from '../lib/db.js'
import type { CommandIo } from './command.js'

/**
 * Set while a command runs inside `serve` (forwarded by a CLI that found the database held): the
 * server's configuration and a database session of its own, used instead of opening the file.
 */
const served = new AsyncLocalStorage<{ config: Readonly<Config>; db: Database }>()

export function runInsideServer<T>(
  server: { config: Readonly<Config>; db: Database },
  fn: () => Promise<T>,
): Promise<T> {
  return served.run(server, fn)
}

export function configFor(io: CommandIo, path: string | undefined): Readonly<Config> {
  const inside = served.getStore()
  if (inside) {
    return inside.config
  }
  return loadConfig({ env: io.env, cwd: io.cwd, ...(path ? { path } : {}) })
}

export async function withDatabase<T>(
  config: Readonly<Config>,
  /** `owned`: the database is this process's own, not the server's (a command forwarded into `serve`). */
  fn: (db: Database, owned: boolean) => Promise<T>,
  /** DuckDB settings for a database this process opens itself (never the server's, when forwarded). */
  settings: Readonly<Record<string, string>> = {},
): Promise<T> {
  const inside = served.getStore()
  if (inside) {
    return fn(inside.db, false)
  }
  const db = await openDatabase({
    path: config.databasePath,
    settings: { memory_limit: config.databaseMemoryLimit, ...settings },
  })
  try {
    return await fn(db, true)
  } finally {
    db.closeSync()
  }
}

/** `1234567` → `1,234,567` */
export function count(n: number): string {
  return n.toLocaleString('en-US')
}

/** A duration as people say it: `45 s`, `12 min`, `3 h 5 min`, `2 d 4 h`. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) {
    return `${s} s`
  }
  const m = Math.round(s / 60)
  if (m < 60) {
    return `${m} min`
  }
  const h = Math.floor(m / 60)
  if (h < 48) {
    return `${h} h ${m % 60} min`
  }
  return `${Math.floor(h / 24)} d ${h % 24} h`
}
