// A vitest fixture giving each test its own migrated in-memory DuckDB, closed afterwards.
import { test as base } from 'vitest'
import { openDatabase, type Database } from '../../lib/db.js'

export const dbTest = base.extend<{ db: Database }>({
  db: async ({}, use) => {
    const db = await openDatabase({ path: ':memory:' })
    await use(db)
    db.closeSync()
  },
})
