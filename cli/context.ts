// What most commands start with: the configuration (from --config or the environment) and the
// database it names, closed again when the command ends.
import { loadConfig, type Config } from '../lib/config.js'
import { openDatabase, type Database } from '../lib/db.js'
import type { CommandIo } from './command.js'

export function configFor(io: CommandIo, path: string | undefined): Readonly<Config> {
  return loadConfig({ env: io.env, cwd: io.cwd, ...(path ? { path } : {}) })
}

export async function withDatabase<T>(
  config: Readonly<Config>,
  fn: (db: Database) => Promise<T>,
): Promise<T> {
  const db = await openDatabase({
    path: config.databasePath,
    settings: { memory_limit: config.databaseMemoryLimit },
  })
  try {
    return await fn(db)
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
