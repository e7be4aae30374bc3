import { describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { COMMANDS } from '../../cli/commands/index.js'
import { runCli } from '../../cli/run.js'

const bin = resolve('bin/partnerwatch.js')
const run = promisify(execFile)

async function cli(args: string[], cwd = process.cwd()) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', TZ: 'UTC' },
    })
    return { code: 0, stdout, stderr }
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

describe('partnerwatch CLI entry', () => {
  it('lists its commands, and every command loads with a matching name, summary and --help', async () => {
    const top = await cli(['--help'])
    expect(top.code).toBe(0)
    for (const entry of COMMANDS) {
      const line = top.stdout.split('\n').find((l) => l.startsWith(`  ${entry.name} `))
      expect(line?.trim().replace(/\s+/, ' ')).toBe(`${entry.name} ${entry.summary}`)
      const command = await entry.load()
      expect([command.name, command.summary]).toEqual([entry.name, entry.summary])
      const out: string[] = []
      const io = {
        argv: [entry.name, '--help'],
        env: {},
        cwd: process.cwd(),
        stdout: { write: (s: string) => out.push(s) } as unknown as NodeJS.WritableStream,
        stderr: process.stderr,
        signal: new AbortController().signal,
      }
      expect(await runCli(COMMANDS, io)).toBe(0)
      expect(out.join('')).toContain(`usage: partnerwatch ${entry.name}`)
    }
  })

  it('fails with one line and exit code 2 on bad usage', async () => {
    const unknown = await cli(['frobnicate'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1)
    expect(unknown.stderr).toContain("unknown command 'frobnicate'")

    const badFlag = await cli(['simulate', '--out', 'x', '--seed', 'abc'])
    expect(badFlag.code).toBe(2)
    expect(badFlag.stderr.trim()).toBe(
      'partnerwatch simulate: --seed must be a whole number, got "abc"',
    )

    const unknownFlag = await cli(['simulate', '--bogus'])
    expect(unknownFlag.code).toBe(2)
    expect(unknownFlag.stderr).toMatch(/^partnerwatch simulate: .*--bogus/)
  })

  it('names the bad config key and exits non-zero', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-cli-'))
    try {
      const res = await cli(['serve', '--config', 'missing.json'], dir)
      expect(res.code).toBe(1)
      expect(res.stderr.trim()).toMatch(
        /^partnerwatch serve: invalid configuration \(.*missing\.json\): \(file\): cannot read: ENOENT$/,
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('simulate writes the four scenario files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-cli-'))
    try {
      const res = await cli([
        'simulate',
        '--out',
        dir,
        '--users',
        '30',
        '--partners',
        '3',
        '--days',
        '10',
        '--end',
        '2026-11-01T00:00:00Z',
      ])
      expect(res.code).toBe(0)
      expect(readdirSync(dir).sort()).toEqual([
        'directory.json',
        'events.ndjson',
        'labels.json',
        'partnerwatch.config.json',
      ])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
