import { describe, expect, it } from 'vitest'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cli } from '../../helpers/cli.js'
import { openDatabase } from '../../../lib/db.js'
import { parseCef } from './cef-parser.js'
import { importEvents, lines, oktaEvent } from './fixtures.js'

describe('partnerwatch export', () => {
  it('writes records to stdout and the next cursor to stderr, and resumes from it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-export-cli-'))
    const path = join(dir, 'pw.duckdb')
    const db = await openDatabase({ path })
    await importEvents(db, [oktaEvent(), oktaEvent(), oktaEvent()])
    const uuids = (
      await db.all<{ uuid: string }>('SELECT uuid FROM events ORDER BY ingest_seq')
    ).map((r) => r.uuid)
    db.closeSync()
    const env = { PARTNERWATCH_DB: path, HOME: dir }

    const first = await cli(['export', 'events', '--format', 'cef', '--limit', '2'], env)
    expect(first.code).toBe(0)
    expect(lines(first.stdout).map((l) => parseCef(l).ext.get('externalId'))).toEqual(
      uuids.slice(0, 2),
    )
    const cursor = /^next-cursor: (\S+)$/m.exec(first.stderr)?.[1]
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/)

    const second = await cli(['export', 'events', '--format', 'ndjson', '--after', cursor!], env)
    expect(second.code).toBe(0)
    expect(lines(second.stdout).map((l) => (JSON.parse(l) as { uuid: string }).uuid)).toEqual(
      uuids.slice(2),
    )

    const bad = await cli(['export', 'events', '--format', 'cef', '--after', 'garbage'], env)
    expect(bad.code).not.toBe(0)
    expect(bad.stderr.trim().split('\n')).toHaveLength(1)
    expect(bad.stderr).toContain('invalid cursor')

    const usage = await cli(['export', 'logs', '--format', 'cef'], env)
    expect(usage.code).toBe(2)
    expect(usage.stderr).toContain('export events|anomalies')
    const format = await cli(['export', 'anomalies', '--format', 'xml'], env)
    expect(format.stderr).toContain('--format must be one of')

    const alone = await cli(
      ['export', 'events', '--format', 'cef', '--limit', '2', '--format-threads', '0'],
      env,
    )
    expect(alone.stdout).toBe(first.stdout)
    const threads = await cli(
      ['export', 'events', '--format', 'cef', '--format-threads', '-1'],
      env,
    )
    expect(threads.code).toBe(2)
    expect(threads.stderr.trim().split('\n')).toHaveLength(1)
    expect(threads.stderr).toContain('--format-threads')
  })
})
