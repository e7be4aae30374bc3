// Versioned, idempotent schema migrations: each runs once, in its own transaction, and is recorded
// in schema_migrations. A database newer than this build is refused rather than misread.
import { StoreError } from './errors.js'
import type { Database } from './db.js'

export interface Migration {
  version: number
  name: string
  statements: readonly string[]
}

export async function applyMigrations(
  db: Database,
  migrations: readonly Migration[],
): Promise<number[]> {
  checkOrder(migrations)
  await db.run(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
  )`)
  const rows = await db.all<{ version: number }>(
    'SELECT version FROM schema_migrations ORDER BY version',
  )
  const applied = new Set(rows.map((r) => r.version))
  const newest = migrations.at(-1)?.version ?? 0
  const unknown = rows.find((r) => r.version > newest)
  if (unknown) {
    throw new StoreError(
      `database ${db.path} has schema version ${unknown.version}, newer than this partnerwatch knows (${newest}); upgrade partnerwatch`,
    )
  }
  const ran: number[] = []
  for (const m of migrations) {
    if (applied.has(m.version)) {
      continue
    }
    await db.transaction(async () => {
      for (const sql of m.statements) {
        await db.run(sql)
      }
      await db.run('INSERT INTO schema_migrations (version, name) VALUES ($version, $name)', {
        version: m.version,
        name: m.name,
      })
    })
    ran.push(m.version)
  }
  return ran
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    const prev = migrations[i - 1]
    if (prev && m.version <= prev.version) {
      throw new StoreError(
        `migration ${m.version} (${m.name}) is out of order after ${prev.version}`,
      )
    }
  })
}
