// `partnerwatch serve` as users run it: a child process against the simulated org serving a small
// generated scenario. It ingests, runs the detectors, serves the API, lets another CLI command run
// through it while it holds the database, and stops cleanly on SIGTERM with the cursor stored.
import { spawn, execFile } from 'node:child_process'
import { createServer } from 'node:http'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../lib/db.js'
import { writeServeConfig } from '../helpers/serve-config.js'
import { systemClock } from '../../lib/clock.js'
import { createToken } from '../../api/auth/tokens.js'
import { startOktaSim, type OktaSim } from '../../data/okta-sim/server.js'
import { DETECTORS } from '../../detectors/index.js'
import { generate, type Generated } from '../data/scenario-helpers.js'

const bin = resolve('bin/partnerwatch.js')
const run = promisify(execFile)

describe('partnerwatch serve (child process)', () => {
  let scenario: Generated
  let sim: OktaSim
  let dir: string
  let configPath: string
  let dbPath: string
  let token: string
  const env = (): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH ?? '',
    TZ: 'UTC',
    TEST_OKTA_TOKEN: sim.token,
    PARTNERWATCH_CONFIG: configPath,
    LOG_LEVEL: 'info',
    OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
  })
  const otlp = { url: '', server: createServer(), traces: [] as string[] }

  beforeAll(async () => {
    otlp.server.on('request', (req, res) => {
      let body = ''
      req.on('data', (c: Buffer) => (body += c.toString()))
      req.on('end', () => {
        if (req.url === '/v1/traces') {
          otlp.traces.push(body)
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
      })
    })
    await new Promise<void>((r) => otlp.server.listen(0, '127.0.0.1', r))
    const address = otlp.server.address()
    otlp.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    const today = new Date()
    today.setUTCHours(0, 0, 0, 0)
    scenario = await generate({
      seed: 5,
      partners: 3,
      users: 40,
      days: 12,
      end: today.toISOString(),
    })
    sim = await startOktaSim({ scenarioDir: scenario.dir, port: 0 })
    dir = mkdtempSync(join(tmpdir(), 'pw-serve-'))
    ;({ dbPath, configPath } = writeServeConfig({
      dir,
      scenarioDir: scenario.dir,
      simUrl: sim.url,
      pollIntervalSeconds: 2,
    }))
    const db = await openDatabase({ path: dbPath })
    try {
      const created = await createToken(
        db,
        { role: 'analyst', name: 'test' },
        { clock: systemClock, partnerIds: [] },
      )
      token = created.token
    } finally {
      db.closeSync()
    }
  }, 60_000)

  afterAll(async () => {
    otlp.server.close()
    await sim?.close()
    scenario?.cleanup()
    rmSync(dir, { recursive: true, force: true })
  })

  it('ingests, detects, serves, runs other commands through itself, stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, 'serve'], { env: env(), stdio: 'pipe' })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()))
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()))
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)))
    try {
      await until(
        () => /"msg":"ready/.test(stdout),
        90_000,
        () => stdout + stderr,
      )
      const url = /API at (http:\/\/\S+)\/api\/v1/.exec(stderr)?.[1]
      expect(url).toBeDefined()
      expect(existsSync(`${dbPath}.serve.json`)).toBe(true)

      // The database is held: `anomalies` runs through the server, says so, and lists what the
      // API lists.
      const listed = await run(process.execPath, [bin, 'anomalies', '--json', '--limit', '500'], {
        env: env(),
      })
      expect(listed.stderr).toMatch(
        /held by 'partnerwatch serve' \(pid \d+\); ran 'anomalies' through it/,
      )
      const viaCli = (JSON.parse(listed.stdout) as { id: string }[]).map((f) => f.id).sort()
      const res = await fetch(`${url}/api/v1/anomalies?limit=500`, {
        headers: { authorization: `Bearer ${token}` },
      })
      expect(res.status).toBe(200)
      const body = (await res.json()) as { items: { id: string }[] }
      expect(body.items.map((f) => f.id).sort()).toEqual(viaCli)
      // `ingest` never runs through the server: it already ingests.
      const refused = await run(process.execPath, [bin, 'ingest', '--once'], { env: env() }).catch(
        (err: { code: number; stderr: string }) => err,
      )
      expect(refused.stderr).toMatch(/in use by another process/)

      child.kill('SIGTERM')
      expect(await exited).toBe(0)
    } finally {
      child.kill('SIGKILL')
    }
    expect(existsSync(`${dbPath}.serve.json`)).toBe(false)
    // Spans for ingest pages, detector runs and API requests reached the OTLP endpoint.
    const traces = otlp.traces.join('\n')
    expect(traces).toContain('"ingest.pages"')
    expect(traces).toContain('"detector.run"')
    expect(traces).toContain('"HTTP GET /api/v1/anomalies"')
    const db = await openDatabase({ path: dbPath })
    try {
      const events = await db.one<{ n: bigint }>('SELECT count(*) AS n FROM events')
      expect(Number(events?.n)).toBe(sim.servedUuids().size)
      expect(Number(events?.n)).toBeGreaterThan(1000)
      const cursor = await db.one<{ org: string }>('SELECT org FROM ingest_cursors')
      expect(cursor?.org).toBe('hub')
      const ran = await db.all<{ detector: string }>('SELECT detector FROM detector_state')
      expect(ran.map((r) => r.detector).sort()).toEqual(DETECTORS.map((d) => d.id).sort())
      const users = await db.one<{ n: bigint }>('SELECT count(*) AS n FROM dir_users')
      expect(Number(users?.n)).toBeGreaterThan(0)
    } finally {
      db.closeSync()
    }
  }, 180_000)
})

async function until(check: () => boolean, ms: number, context: () => string): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) {
      throw new Error(`timed out; output so far:\n${context().slice(-3000)}`)
    }
    await new Promise((r) => setTimeout(r, 200))
  }
}
