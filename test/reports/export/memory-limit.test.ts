import { describe, expect, it } from 'vitest'
import { mkdtempSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { cli } from '../../helpers/cli.js'
import { openDatabase } from '../../../lib/db.js'
import { isMemorySize } from '../../../lib/memory-limit.js'
import {
  EXPORT_MEMORY_LIMIT,
  exportMemoryLimit,
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
    const ok = await cli(['export', 'events', '--format', 'ndjson', '--memory-limit', '32MB'], env)
    expect(ok.code).toBe(0)
    expect(lines(ok.stdout)).toHaveLength(2)

    const bad = await cli(['export', 'events', '--format', 'cef', '--memory-limit', 'lots'], env)
    expect(bad.code).toBe(2)
    expect(bad.stderr.trim().split('\n')).toHaveLength(1)
    expect(bad.stderr).toContain('--memory-limit must be a size such as 64MB or 1GB, got "lots"')
  })
})
