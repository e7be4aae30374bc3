// The DuckDB settings of an ingest- or import-only process, and `--memory-limit` on both commands.
import { describe, expect, it } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cli } from '../helpers/cli.js'
import { openDatabase } from '../../lib/db.js'
import { loadConfig } from '../../lib/config.js'
import { withDatabase } from '../../cli/context.js'
import {
  INGEST_MEMORY_LIMIT,
  holdsRowGroupTransactions,
  ingestMemoryLimit,
  ingestProcessSettings,
} from '../../ingest/process-settings.js'
import { memoryBytes } from '../../lib/memory-limit.js'

describe('the ingest-only process pool', () => {
  it('is 128MB unless the configuration or the flag says otherwise', () => {
    expect(INGEST_MEMORY_LIMIT).toBe('128MB')
    // The configuration's default is the service's pool: an ingest-only run takes its own.
    expect(ingestMemoryLimit('512MB')).toBe('128MB')
    expect(ingestMemoryLimit('1GB')).toBe('1GB')
    expect(ingestMemoryLimit('1GB', '96MB')).toBe('96MB')
  })

  it('refuses a flag below what storing events needs, and holds row groups only from 128MB', () => {
    expect(() => ingestMemoryLimit('512MB', '64MB')).toThrow(
      '--memory-limit must be at least 96MB to store events, got 64MB',
    )
    expect(() => ingestMemoryLimit('512MB', '95MiB')).not.toThrow()
    expect(holdsRowGroupTransactions('96MB')).toBe(false)
    expect(holdsRowGroupTransactions('127MB')).toBe(false)
    expect(holdsRowGroupTransactions('128MB')).toBe(true)
    expect(holdsRowGroupTransactions('1GB')).toBe(true)
  })

  it('reads sizes as DuckDB does: MB in thousands, MiB in 1024s', () => {
    expect(memoryBytes('96MB')).toBe(96_000_000)
    expect(memoryBytes('96MiB')).toBe(96 * 2 ** 20)
    expect(memoryBytes('1.5GB')).toBe(1_500_000_000)
    expect(memoryBytes('2 GiB')).toBe(2 * 2 ** 30)
    expect(() => memoryBytes('lots')).toThrow('not a memory size: "lots"')
  })

  it('opens a database DuckDB accepts: one thread, background purging, rarer checkpoints', async () => {
    const db = await openDatabase({ path: ':memory:', settings: ingestProcessSettings('96MB') })
    try {
      const row = await db.one<{ threads: string; bg: string; pool: string; wal: string }>(
        `SELECT current_setting('threads')::VARCHAR AS threads,
                current_setting('allocator_background_threads')::VARCHAR AS bg,
                current_setting('memory_limit') AS pool,
                current_setting('checkpoint_threshold') AS wal`,
      )
      expect(row).toEqual({ threads: '1', bg: 'true', pool: '91.5 MiB', wal: '488.2 MiB' })
    } finally {
      db.closeSync()
    }
  })
})

describe('withDatabase', () => {
  it('opens the store with the settings an ingest-only command passes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-settings-'))
    const config = loadConfig({ env: { PARTNERWATCH_DB: join(dir, 'pw.duckdb') }, cwd: dir })
    const seen = await withDatabase(
      config,
      (db) =>
        db.one<{ threads: string; wal: string }>(
          `SELECT current_setting('threads')::VARCHAR AS threads,
                  current_setting('checkpoint_threshold') AS wal`,
        ),
      ingestProcessSettings('96MB'),
    )
    expect(seen).toEqual({ threads: '1', wal: '488.2 MiB' })
  })
})

describe('--memory-limit on ingest and import', () => {
  it('imports with the given pool, and refuses a size it cannot read or too small, in one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-import-pool-'))
    const file = join(dir, 'events.ndjson')
    const lines = Array.from({ length: 30 }, (_, i) =>
      JSON.stringify({ uuid: `p-${i}`, published: '2026-11-29T10:00:00Z', eventType: 'x' }),
    )
    writeFileSync(file, `${lines.join('\n')}\n`)
    const env = { PARTNERWATCH_DB: join(dir, 'pw.duckdb'), HOME: dir }
    const ok = await cli(['import', file, '--json', '--memory-limit', '96MB'], env)
    expect(ok.code).toBe(0)
    expect(JSON.parse(ok.stdout)).toMatchObject({ received: 30, stored: 30 })

    for (const command of [
      ['import', file],
      ['ingest', '--once'],
    ]) {
      const bad = await cli([...command, '--memory-limit', 'lots'], env)
      expect(bad.code).toBe(2)
      expect(bad.stderr.trim().split('\n')).toHaveLength(1)
      expect(bad.stderr).toContain('--memory-limit must be a size such as 256MB or 1GB, got "lots"')
      const small = await cli([...command, '--memory-limit', '64MB'], env)
      expect(small.code).toBe(2)
      expect(small.stderr.trim().split('\n')).toHaveLength(1)
      expect(small.stderr).toContain(
        '--memory-limit must be at least 96MB to store events, got 64MB',
      )
    }
  })
})
