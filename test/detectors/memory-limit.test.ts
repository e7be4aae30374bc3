// The DuckDB pool of a detect-only process, and `partnerwatch detect --memory-limit`.
import { describe, expect, it } from 'vitest'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cli } from '../helpers/cli.js'
import { openDatabase } from '../../lib/db.js'
import { DETECT_MEMORY_LIMIT, detectMemoryLimit } from '../../detectors/memory-limit.js'

describe('the detect-only process pool', () => {
  it('is 256MB unless the configuration or the flag says otherwise', () => {
    expect(DETECT_MEMORY_LIMIT).toBe('256MB')
    // The configuration's default is the service's pool: a detect-only run takes its own.
    expect(detectMemoryLimit('512MB')).toBe('256MB')
    expect(detectMemoryLimit('1GB')).toBe('1GB')
    expect(detectMemoryLimit('1GB', '128MB')).toBe('128MB')
    expect(detectMemoryLimit('512MB', '2GB')).toBe('2GB')
  })
})

describe('partnerwatch detect --memory-limit', () => {
  it('runs with the given pool, and refuses a size it cannot read in one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-detect-pool-'))
    const path = join(dir, 'pw.duckdb')
    ;(await openDatabase({ path })).closeSync()
    const env = { PARTNERWATCH_DB: path, HOME: dir }
    const ok = await cli(['detect', '--json', '--memory-limit', '64MB'], env)
    expect(ok.code).toBe(0)
    const summary = JSON.parse(ok.stdout) as { detectors: { detector: string }[] }
    expect(summary.detectors.map((d) => d.detector)).toContain('impossible-travel')

    const bad = await cli(['detect', '--memory-limit', 'lots'], env)
    expect(bad.code).toBe(2)
    expect(bad.stderr.trim().split('\n')).toHaveLength(1)
    expect(bad.stderr).toContain('--memory-limit must be a size such as 256MB or 1GB, got "lots"')
  })
})
