// OpenTelemetry end to end: with OTEL_EXPORTER_OTLP_ENDPOINT set, a CLI run exports its spans and
// counters over OTLP/HTTP (JSON here) to that endpoint; without it nothing is sent.
import { execFile } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const bin = resolve('bin/partnerwatch.js')
const fixture = resolve('test/fixtures/samples')

let server: Server
let endpoint: string
const received: { path: string; body: string }[] = []
let dir: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pw-otel-'))
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      received.push({ path: req.url ?? '', body })
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const address = server.address()
  endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
})
afterAll(() => {
  server.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('telemetry', () => {
  it('exports ingest and detector spans and counters when an OTLP endpoint is set', async () => {
    const env = {
      PATH: process.env.PATH ?? '',
      PARTNERWATCH_DB: join(dir, 'pw.duckdb'),
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    }
    await run(process.execPath, [bin, 'import', join(fixture, 'panther-okta-tests.ndjson')], {
      env,
    })
    await run(process.execPath, [bin, 'detect'], { env })
    const traces = received.filter((r) => r.path === '/v1/traces').map((r) => r.body)
    const metrics = received.filter((r) => r.path === '/v1/metrics').map((r) => r.body)
    expect(traces.join('\n')).toContain('"ingest.file_batch"')
    expect(traces.join('\n')).toContain('"detector.run"')
    expect(metrics.join('\n')).toContain('partnerwatch.ingest.events')
    expect(metrics.join('\n')).toContain('partnerwatch.detectors.findings')
  }, 60_000)

  it('sends nothing without an endpoint', async () => {
    const before = received.length
    await run(process.execPath, [bin, 'detect'], {
      env: { PATH: process.env.PATH ?? '', PARTNERWATCH_DB: join(dir, 'pw.duckdb') },
    })
    expect(received.length).toBe(before)
  }, 60_000)
})
