// `partnerwatch token create|list|revoke` on a database file, and the token it prints working (then
// refused) against the API on that file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { buildApp } from '../../api/app.js'
import { COMMANDS } from '../../cli/commands/index.js'
import { runCli } from '../../cli/run.js'
import { loadConfig } from '../../lib/config.js'
import { openDatabase } from '../../lib/db.js'
import { bearer } from './fixture.js'

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'pw-token-'))
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
  const configPath = join(dir, 'partnerwatch.config.json')
  writeFileSync(
    configPath,
    JSON.stringify({
      database: join(dir, 'pw.duckdb'),
      partners: [
        { id: 'acme', name: 'Acme', match: { emailDomains: ['acme.example'] }, timeZone: 'UTC' },
      ],
    }),
  )
  const cli = async (...argv: string[]) => {
    const out: string[] = []
    const err: string[] = []
    const code = await runCli(COMMANDS, {
      argv: ['token', ...argv, '--config', configPath],
      env: {},
      cwd: dir,
      stdout: { write: (s: string) => out.push(s) } as unknown as NodeJS.WritableStream,
      stderr: { write: (s: string) => err.push(s) } as unknown as NodeJS.WritableStream,
      signal: new AbortController().signal,
    })
    return { code, stdout: out.join(''), stderr: err.join('') }
  }
  return { dir, configPath, cli }
}

async function partnersWith(configPath: string, dir: string, token: string): Promise<number> {
  const config = loadConfig({ env: {}, cwd: dir, path: configPath })
  const db = await openDatabase({ path: config.databasePath })
  const app = await buildApp({ db, config })
  try {
    return (await app.inject({ url: '/api/v1/partners', headers: bearer(token) })).statusCode
  } finally {
    await app.close()
    db.closeSync()
  }
}

describe('partnerwatch token', () => {
  it('creates a token printed once, lists it without the secret, and revokes it', async () => {
    const { cli, configPath, dir } = workspace()
    const created = await cli(
      'create',
      '--role',
      'partner-admin',
      '--partner',
      'acme',
      '--name',
      'acme portal',
    )
    expect(created.code).toBe(0)
    const token = created.stdout.trim()
    expect(token).toMatch(/^pw_[A-Za-z0-9_-]{43}$/)
    expect(created.stderr).toMatch(
      /^created token tok_[0-9a-f]{12} \(acme portal, partner-admin of acme\)/,
    )
    expect(await partnersWith(configPath, dir, token)).toBe(200)

    const listed = await cli('list', '--json')
    expect(listed.code).toBe(0)
    expect(listed.stdout).not.toContain(token)
    const [record] = JSON.parse(listed.stdout) as { id: string; name: string; revokedAt: null }[]
    expect(record).toMatchObject({
      name: 'acme portal',
      role: 'partner-admin',
      partnerId: 'acme',
      revokedAt: null,
    })

    const revoked = await cli('revoke', record?.id ?? '')
    expect(revoked).toMatchObject({ code: 0, stdout: `revoked ${record?.id} (acme portal)\n` })
    expect(await partnersWith(configPath, dir, token)).toBe(401)
    expect((await cli('list')).stdout).toMatch(/acme portal {2}partner-admin of acme {2}revoked /)
  })

  it('says what is wrong with a request, in one line', async () => {
    const { cli } = workspace()
    const cases: [string[], number, RegExp][] = [
      [[], 2, /token needs an action: create, list or revoke/],
      [['create'], 2, /usage: token create --role ROLE/],
      [['create', '--role', 'root'], 1, /role: must be one of admin, analyst/],
      [['create', '--role', 'partner-admin'], 1, /partner: a partner-admin token needs a partner/],
      [['create', '--role', 'partner-admin', '--partner', 'bolt'], 1, /unknown partner "bolt"/],
      [
        ['create', '--role', 'siem', '--partner', 'acme'],
        1,
        /only a partner-admin token takes a partner/,
      ],
      [['revoke', 'tok_000000000000'], 1, /token tok_000000000000 not found/],
      [['rotate'], 2, /not "rotate"/],
    ]
    for (const [argv, code, message] of cases) {
      const res = await cli(...argv)
      expect(res.code, argv.join(' ')).toBe(code)
      expect(res.stderr).toMatch(message)
      expect(res.stderr.trim().split('\n')).toHaveLength(1)
    }
  })
})
