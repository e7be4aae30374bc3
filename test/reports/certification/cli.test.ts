// The campaign and report commands end to end, as an operator runs them: a directory synced into a
// database file, then create → launch → decide → close → remediate (dry run, then --apply against the
// simulated org) → sign-off → report certification, each through runCli with a real config file.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, onTestFinished, test } from 'vitest'
import { COMMANDS } from '../../../cli/commands/index.js'
import { runCli } from '../../../cli/run.js'
import { systemClock } from '../../../lib/clock.js'
import { openDatabase } from '../../../lib/db.js'
import { U, fixturePartners, fixtureSync } from '../../ingest/directory-fixture.js'

const ADMIN = 'root.admin@corp.example'

async function setup() {
  const dir = await mkdtemp(join(tmpdir(), 'pw-cert-cli-'))
  onTestFinished(() => rm(dir, { recursive: true, force: true }))
  const dbPath = join(dir, 'pw.duckdb')
  const db = await openDatabase({ path: dbPath })
  const f = await fixtureSync(db)
  await f.sync({ clock: systemClock })
  db.closeSync()
  const partners = fixturePartners().map((p) =>
    p.id === 'contoso' ? { ...p, contractEnd: '2026-01-31' } : p,
  )
  await writeFile(
    join(dir, 'partnerwatch.config.json'),
    JSON.stringify({
      orgs: [{ name: 'hub', url: f.sim.url, tokenEnv: 'SIM_TOKEN' }],
      partners,
      database: dbPath,
    }),
  )
  const cli = async (...argv: string[]) => {
    const out: string[] = []
    const err: string[] = []
    const code = await runCli(COMMANDS, {
      argv,
      env: { SIM_TOKEN: f.sim.token },
      cwd: dir,
      stdout: { write: (s: string) => out.push(s) } as unknown as NodeJS.WritableStream,
      stderr: { write: (s: string) => err.push(s) } as unknown as NodeJS.WritableStream,
      signal: new AbortController().signal,
    })
    return { code, out: out.join(''), err: err.join('') }
  }
  return { dir, sim: f.sim, cli }
}

describe('campaign and report commands', () => {
  test('a campaign from create to its evidence bundle', async () => {
    const { dir, sim, cli } = await setup()
    const created = await cli('campaign', 'create', '--period', '2026-Q4', '--as', ADMIN, '--json')
    expect(created.code).toBe(0)
    const id = (JSON.parse(created.out) as { id: string }).id
    const launched = await cli('campaign', 'launch', id, '--as', ADMIN)
    expect(launched.out).toMatch(/^launched cmp_\S+: source \d+ = \d+ items \+ \d+ exclusions/)

    const items = JSON.parse(
      (await cli('campaign', 'items', id, '--json', '--limit', '1000')).out,
    ) as {
      items: { seq: number; userId: string; entitlementType: string }[]
    }
    const ivy = items.items.find((i) => i.userId === U.ivy.id && i.entitlementType === 'account')
    const revoke = await cli(
      'campaign',
      'decide',
      id,
      '--item',
      String(ivy?.seq),
      '--revoke',
      '--as',
      ADMIN,
    )
    expect(revoke).toMatchObject({ code: 1, err: expect.stringContaining('justification') })
    const decided = await cli(
      'campaign',
      'decide',
      id,
      '--item',
      String(ivy?.seq),
      '--revoke',
      '--justification',
      'contract ended',
      '--as',
      ADMIN,
    )
    expect(decided).toMatchObject({ code: 0, out: `item ${ivy?.seq}: revoke\n` })
    expect((await cli('campaign', 'close', id)).code).toBe(2) // --as missing
    await cli('campaign', 'close', id, '--as', ADMIN)

    const dry = await cli('campaign', 'remediate', id, '--as', ADMIN)
    expect(dry.out).toMatch(/^dry run: \d+ planned actions/)
    expect(sim.getUser(U.ivy.id)?.status).toBe('ACTIVE')
    const applied = await cli('campaign', 'remediate', id, '--apply', '--as', ADMIN)
    expect(sim.getUser(U.ivy.id)?.status).toBe('DEPROVISIONED')
    expect(applied.out).toContain(`deactivate_user  ${U.ivy.profile.login}  applied HTTP 200`)
    expect(applied.out.split('\n')[0]).toMatch(/^applied \d+, failed \d+$/)

    const signed = await cli('campaign', 'sign-off', id, '--as', ADMIN)
    expect(signed.out).toMatch(/^signed off by root\.admin@corp\.example at /)

    const out = join(dir, 'bundle')
    const report = await cli(
      'report',
      'certification',
      '--period',
      '2026-Q4',
      '--format',
      'csv',
      '--out',
      out,
    )
    expect(report.out).toMatch(
      /^campaign cmp_\S+: \d+ items, \d+ exclusions, reconciled; 7 files \+ manifest/,
    )
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as {
      signOff: { signedBy: string }
      retention: { days: number; keepUntil: string }
      counts: { remediation: Record<string, number> }
    }
    expect(summary.signOff.signedBy).toBe(ADMIN)
    expect(summary.retention.days).toBe(1095)
    expect(Date.parse(summary.retention.keepUntil)).toBeGreaterThan(Date.now() + 1094 * 86_400_000)
    expect(summary.counts.remediation.applied).toBeGreaterThan(0)

    const ending = await cli(
      'report',
      'contracts-expired',
      '--format',
      'json',
      '--out',
      join(dir, 'exp'),
    )
    expect(ending.out).toMatch(/^contracts-expired: \d+ rows/)
    const bad = await cli(
      'report',
      'certification',
      '--period',
      '2026-Q5',
      '--format',
      'csv',
      '--out',
      out,
    )
    expect(bad).toMatchObject({
      code: 1,
      err: expect.stringContaining('--period: must be a quarter'),
    })
    expect(
      (await cli('report', 'certification', '--period', '2026-Q4', '--format', 'pdf', '--out', out))
        .code,
    ).toBe(2)
  })
})
