import { describe, expect, it } from 'vitest'
import { mkdtempSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { COMMANDS } from '../../../cli/commands/index.js'
import { runCli } from '../../../cli/run.js'
import { openDatabase } from '../../../lib/db.js'
import {
  EXPORT_MEMORY_LIMIT,
  exportMemoryLimit,
  isMemorySize,
  textExportMemoryLimit,
} from '../../../reports/export/memory-limit.js'
import { importEvents, lines, oktaEvent } from './fixtures.js'

describe('the export-only process pool', () => {
  it('is small for the text formats and larger for arrow and parquet by default', () => {
    // 32 MB and 32 MB a DuckDB thread (one per core): what the text formats were measured to need,
    // with room.
    expect(textExportMemoryLimit(1)).toBe('64MB')
    expect(textExportMemoryLimit(2)).toBe('96MB')
    expect(textExportMemoryLimit(8)).toBe('288MB')
    expect(EXPORT_MEMORY_LIMIT).toBe(textExportMemoryLimit(availableParallelism()))
    for (const format of ['cef', 'ocsf', 'leef', 'ecs', 'hec', 'syslog', 'ndjson'] as const) {
      expect(exportMemoryLimit(format, '512MB')).toBe(EXPORT_MEMORY_LIMIT)
    }
    expect(exportMemoryLimit('arrow', '512MB')).toBe('256MB')
    expect(exportMemoryLimit('parquet', '512MB')).toBe('512MB')
  })

  it('follows a databaseMemoryLimit the configuration sets, and the flag above both', () => {
    expect(exportMemoryLimit('cef', '1GB')).toBe('1GB')
    expect(exportMemoryLimit('parquet', '2GB')).toBe('2GB')
    expect(exportMemoryLimit('cef', '1GB', '96MB')).toBe('96MB')
    expect(exportMemoryLimit('arrow', '512MB', '1GB')).toBe('1GB')
  })

  it('accepts the sizes the configuration accepts', () => {
    for (const ok of ['64MB', '1.5GB', '512MiB', '2 GB']) {
      expect(isMemorySize(ok)).toBe(true)
    }
    for (const bad of ['64', 'lots', '-1MB', '64mb ', '1e3MB']) {
      expect(isMemorySize(bad)).toBe(false)
    }
  })
})

describe('partnerwatch export --memory-limit', () => {
  it('exports with the given pool, and refuses a size it cannot read in one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-export-pool-'))
    const path = join(dir, 'pw.duckdb')
    const db = await openDatabase({ path })
    await importEvents(db, [oktaEvent(), oktaEvent()])
    db.closeSync()
    const env = { PARTNERWATCH_DB: path, HOME: dir }
    const out: string[] = []
    const err: string[] = []
    const sink = (into: string[]) =>
      ({
        write: (s: string | Uint8Array) => into.push(String(s)) > 0,
        once: () => undefined,
      }) as unknown as NodeJS.WritableStream
    const run = (argv: string[]) =>
      runCli(COMMANDS, {
        argv,
        env,
        cwd: dir,
        stdout: sink(out),
        stderr: sink(err),
        signal: new AbortController().signal,
      })

    expect(await run(['export', 'events', '--format', 'ndjson', '--memory-limit', '32MB'])).toBe(0)
    expect(lines(out.join(''))).toHaveLength(2)

    err.length = 0
    expect(await run(['export', 'events', '--format', 'cef', '--memory-limit', 'lots'])).toBe(2)
    expect(err.join('').trim().split('\n')).toHaveLength(1)
    expect(err.join('')).toContain('--memory-limit must be a size such as 64MB or 1GB, got "lots"')
  })
})
