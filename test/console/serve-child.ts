// `partnerwatch serve` as users run it, for the console's end-to-end suite: a small generated scenario
// served by the simulated Okta org, a config pointing at it, tokens for admin, analyst, auditor and
// each partner's admin created in the store before serve holds it, serve as a child process until it
// logs that it is ready, then the SIEM token made by `partnerwatch token create`, which runs through
// the server holding the store (cli/forward.ts).
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { createToken } from '../../api/auth/tokens.js'
import { startOktaSim, type OktaSim } from '../../data/okta-sim/server.js'
import { systemClock } from '../../lib/clock.js'
import { openDatabase } from '../../lib/db.js'
import { writeServeConfig } from '../helpers/serve-config.js'
import { generate, type Generated } from '../data/scenario-helpers.js'

const BIN = resolve('bin/partnerwatch.js')

export interface ServedOrg {
  url: string
  /** Token per role; `partner:<id>` is that partner's admin. */
  tokens: Record<string, string>
  partners: { id: string; name: string }[]
  stop(): Promise<void>
}

/**
 * 3 partners × 60 users × 12 days ending today (≈4,000 events): the smallest scenario whose
 * anomaly budget reaches impossible travel (the generator places kinds in order until its cap).
 */
export async function serveSimulatedOrg(): Promise<ServedOrg> {
  const today = new Date()
  today.setUTCHours(0, 0, 0, 0)
  const scenario: Generated = await generate({
    seed: 5,
    partners: 3,
    users: 60,
    days: 12,
    end: today.toISOString(),
  })
  let sim: OktaSim | undefined
  let child: ChildProcess | undefined
  const dir = mkdtempSync(join(tmpdir(), 'pw-console-serve-'))
  const stop = async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child?.once('exit', r))
      child.kill('SIGTERM')
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))])
      child.kill('SIGKILL')
    }
    await sim?.close()
    scenario.cleanup()
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    sim = await startOktaSim({ scenarioDir: scenario.dir, port: 0 })
    const { dbPath, configPath, partners } = writeServeConfig({
      dir,
      scenarioDir: scenario.dir,
      simUrl: sim.url,
      pollIntervalSeconds: 60,
    })
    const tokens: Record<string, string> = {}
    const db = await openDatabase({ path: dbPath })
    try {
      const make = async (key: string, role: string, partnerId?: string) =>
        (tokens[key] = (
          await createToken(
            db,
            { role, name: key.replace(':', ' '), partnerId },
            { clock: systemClock, partnerIds: partners.map((p) => p.id) },
          )
        ).token)
      for (const role of ['admin', 'analyst', 'auditor']) {
        await make(role, role)
      }
      for (const p of partners) {
        await make(`partner:${p.id}`, 'partner-admin', p.id)
      }
    } finally {
      db.closeSync()
    }
    const env = {
      PATH: process.env.PATH ?? '',
      TZ: 'UTC',
      TEST_OKTA_TOKEN: sim.token,
      PARTNERWATCH_CONFIG: configPath,
      LOG_LEVEL: 'info',
    }
    const proc = spawn(process.execPath, [BIN, 'serve'], { env, stdio: 'pipe' })
    child = proc
    let out = ''
    proc.stdout.on('data', (b: Buffer) => (out += b.toString()))
    proc.stderr.on('data', (b: Buffer) => (out += b.toString()))
    const end = Date.now() + 120_000
    while (!/"msg":"ready/.test(out)) {
      if (Date.now() > end || proc.exitCode !== null) {
        throw new Error(`serve did not get ready; output:\n${out.slice(-3000)}`)
      }
      await new Promise((r) => setTimeout(r, 200))
    }
    const url = /console at (http:\/\/\S+?)\/?\s/.exec(out)?.[1]
    if (!url) {
      throw new Error(`serve printed no console URL; output:\n${out.slice(-3000)}`)
    }
    // A token made as an operator would while serve holds the store: the CLI runs through the server.
    const made = await promisify(execFile)(
      process.execPath,
      [BIN, 'token', 'create', '--role', 'siem', '--name', 'siem', '--json'],
      { env },
    )
    if (!/held by 'partnerwatch serve'/.test(made.stderr)) {
      throw new Error(`token create did not run through serve: ${made.stderr}`)
    }
    tokens.siem = (JSON.parse(made.stdout) as { token: string }).token
    return { url, tokens, partners, stop }
  } catch (err) {
    await stop()
    throw err
  }
}
