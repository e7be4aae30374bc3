// The DuckDB pool of a detect-only process, and `partnerwatch detect --memory-limit`.
import { describe, expect, it } from 'vitest'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { COMMANDS } from '../../cli/commands/index.js'
import { runCli } from '../../cli/run.js'
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
        env: { PARTNERWATCH_DB: path, HOME: dir },
        cwd: dir,
        stdout: sink(out),
        stderr: sink(err),
        signal: new AbortController().signal,
      })

    expect(await run(['detect', '--json', '--memory-limit', '64MB'])).toBe(0)
    const summary = JSON.parse(out.join('')) as { detectors: { detector: string }[] }
    expect(summary.detectors.map((d) => d.detector)).toContain('impossible-travel')

    err.length = 0
    expect(await run(['detect', '--memory-limit', 'lots'])).toBe(2)
    expect(err.join('').trim().split('\n')).toHaveLength(1)
    expect(err.join('')).toContain('--memory-limit must be a size such as 256MB or 1GB, got "lots"')
  })
})
