import { describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from '../../lib/db.js'
import { MIGRATIONS } from '../../lib/migrations/index.js'
import { StoreError, StoreLocked } from '../../lib/errors.js'
import type { Migration } from '../../lib/migrate.js'
import { dbTest } from '../helpers/db.js'

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'pw-db-'))
}

describe('database handle', () => {
  dbTest('applies every migration and records it', async ({ db }) => {
    expect(await db.schemaVersion()).toBe(MIGRATIONS.at(-1)?.version)
    const meta = await db.one<{ value: string }>(`SELECT value FROM meta WHERE key = 'created_at'`)
    expect(meta?.value).toMatch(/^\d{4}-\d{2}-\d{2}T/)
  })

  dbTest('binds parameters by name, never splicing them into SQL', async ({ db }) => {
    const hostile = `x'); DROP TABLE meta; --`
    const row = await db.one<{ v: string }>('SELECT $v AS v', { v: hostile })
    expect(row?.v).toBe(hostile)
    expect(await db.one(`SELECT count(*) AS n FROM meta`)).toEqual({ n: 1n })
  })

  dbTest('rolls a failed transaction back and wraps the DuckDB error', async ({ db }) => {
    await db.run('CREATE TABLE t (id INTEGER PRIMARY KEY)')
    const failing = db.transaction(async () => {
      await db.run('INSERT INTO t VALUES (1)')
      await db.run('INSERT INTO t VALUES (1)')
    })
    await expect(failing).rejects.toBeInstanceOf(StoreError)
    await expect(failing).rejects.toMatchObject({
      code: 'ERR_STORE',
      message: expect.stringMatching(/Constraint/i),
    })
    expect(await db.all('SELECT * FROM t')).toEqual([])
  })

  dbTest('serialises concurrent transactions', async ({ db }) => {
    await db.run('CREATE TABLE c (n INTEGER)')
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        db.transaction(async () => {
          await db.run('INSERT INTO c VALUES ($n)', { n: i })
        }),
      ),
    )
    expect(await db.one('SELECT count(*)::INTEGER AS n FROM c')).toEqual({ n: 5 })
  })

  it('reads naive timestamps as UTC on every connection, whatever the host zone', async () => {
    const script = `
      const { openDatabase } = await import(${JSON.stringify(new URL('../../lib/db.ts', import.meta.url).href)})
      const db = await openDatabase({ path: ':memory:' })
      const second = await db.connect()
      const sql = "SELECT current_setting('TimeZone') AS tz, epoch_ms('2024-01-01 10:00:00'::TIMESTAMPTZ) AS ms"
      const a = await db.one(sql)
      const b = (await second.runAndReadAll(sql)).getRowObjectsJS()[0]
      process.stdout.write(JSON.stringify([a, b], (_k, v) => (typeof v === 'bigint' ? Number(v) : v)))`
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script],
        {
          env: { ...process.env, TZ: 'America/New_York' },
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      )
      let text = ''
      child.stdout.on('data', (b: Buffer) => (text += b.toString()))
      child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`exit ${code}`))))
    })
    const utc = { tz: 'UTC', ms: Date.parse('2024-01-01T10:00:00Z') }
    expect(JSON.parse(out)).toEqual([utc, utc])
  })

  it('re-opening a file applies nothing twice', async () => {
    const dir = tempDir()
    try {
      const path = join(dir, 'pw.duckdb')
      const next = (MIGRATIONS.at(-1)?.version ?? 0) + 1
      const extra: Migration = {
        version: next,
        name: 'extra',
        statements: ['CREATE TABLE extra (x INTEGER)'],
      }
      const first = await openDatabase({ path, migrations: [...MIGRATIONS, extra] })
      first.closeSync()
      const second = await openDatabase({ path, migrations: [...MIGRATIONS, extra] })
      expect(await second.all('SELECT version FROM schema_migrations ORDER BY version')).toEqual(
        [...MIGRATIONS, extra].map((m) => ({ version: m.version })),
      )
      second.closeSync()
      // An older build must refuse a newer schema rather than misread it.
      await expect(openDatabase({ path, migrations: MIGRATIONS })).rejects.toThrow(
        `schema version ${next}, newer`,
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('says clearly when another process holds the file', async () => {
    const dir = tempDir()
    const path = join(dir, 'held.duckdb')
    const holder = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { DuckDBInstance } from '@duckdb/node-api'
         const i = await DuckDBInstance.create(${JSON.stringify(path)}); await i.connect()
         process.stdout.write('ready\\n'); setInterval(() => {}, 1000)`,
      ],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
    )
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on('data', (b: Buffer) =>
          b.toString().includes('ready') ? resolve() : undefined,
        )
        holder.on('exit', (code) => reject(new Error(`holder exited ${code}`)))
      })
      const attempt = openDatabase({ path })
      await expect(attempt).rejects.toBeInstanceOf(StoreLocked)
      await expect(attempt).rejects.toThrow(`database ${path} is in use by another process`)
    } finally {
      holder.kill('SIGKILL')
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('database sessions', () => {
  dbTest('a session has its own transactions beside the primary connection', async ({ db }) => {
    await db.run('CREATE TABLE t (x INTEGER)')
    const session = await db.session()
    try {
      await db.run('BEGIN TRANSACTION')
      await db.run('INSERT INTO t VALUES (1)')
      // The session does not see, nor land inside, the primary's open transaction.
      expect(await session.one('SELECT count(*)::INTEGER AS n FROM t')).toEqual({ n: 0 })
      await session.transaction(() => session.run('INSERT INTO t VALUES (2)'))
      await db.run('ROLLBACK')
      expect(await db.all('SELECT x FROM t')).toEqual([{ x: 2 }])
    } finally {
      session.closeSync()
    }
    // Closing the session leaves the database open.
    expect(await db.one('SELECT count(*)::INTEGER AS n FROM t')).toEqual({ n: 1 })
  })
})
