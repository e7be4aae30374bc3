// api/routes/console.ts without a browser: the built files at / (or a clear message when there are
// none), the caller's session with partner branding, and a finding's evidence within partner scope.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, MARKER } from '../api/fixture.js'
import { ACME_COLOR, startConsoleServer, type ConsoleServer } from './server.js'

describe('console routes', () => {
  let dist: string
  let server: ConsoleServer
  let bare: ConsoleServer

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'pw-console-'))
    mkdirSync(join(dist, 'assets'))
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>console</title>')
    writeFileSync(join(dist, 'assets', 'app-1.js'), 'console.log(1)')
    ;[server, bare] = await Promise.all([
      startConsoleServer(dist),
      startConsoleServer(join(dist, 'missing')),
    ])
  })
  afterAll(async () => {
    await Promise.all([server?.close(), bare?.close()])
    rmSync(dist, { recursive: true, force: true })
  })

  it('serves index.html at / and hashed assets, without a token', async () => {
    const index = await server.app.inject('/')
    expect(index.statusCode).toBe(200)
    expect(index.headers['content-type']).toContain('text/html')
    expect(index.body).toContain('<title>console</title>')
    const asset = await server.app.inject('/assets/app-1.js')
    expect(asset.statusCode).toBe(200)
    expect(asset.headers['content-type']).toContain('text/javascript')
    expect(asset.headers['cache-control']).toContain('immutable')
  })

  it('refuses asset names that leave the folder or do not exist', async () => {
    for (const path of ['/assets/..%2Findex.html', '/assets/.hidden', '/assets/nope.js']) {
      const res = await server.app.inject(path)
      expect(res.statusCode, path).toBe(404)
    }
  })

  it('says how to build the console when dist is missing', async () => {
    const res = await bare.app.inject('/')
    expect(res.statusCode).toBe(503)
    expect(res.body).toContain('npm run build:console')
  })

  it('tells each role who it is; a partner admin gets its partner and colour', async () => {
    for (const role of ['admin', 'analyst', 'auditor', 'siem'] as const) {
      const res = await server.app.inject({
        url: '/api/v1/console/session',
        headers: bearer(server.tokens[role]),
      })
      expect(res.json()).toEqual({ name: role, role, partner: null })
    }
    const acme = await server.app.inject({
      url: '/api/v1/console/session',
      headers: bearer(server.tokens['partner-admin']),
    })
    expect(acme.json()).toEqual({
      name: 'partner-admin',
      role: 'partner-admin',
      partner: { id: 'acme', name: 'Acme Freight', color: ACME_COLOR },
    })
    const none = await server.app.inject('/api/v1/console/session')
    expect(none.statusCode).toBe(401)
  })

  it('returns a finding’s evidence events with raw JSON, oldest first', async () => {
    const res = await server.app.inject({
      url: '/api/v1/console/anomalies/f-travel/evidence',
      headers: bearer(server.tokens.analyst),
    })
    expect(res.statusCode).toBe(200)
    const items = res.json<{ items: { id: string; raw: { client: unknown } }[] }>().items
    expect(items.map((e) => e.id)).toEqual(['ev-t1', 'ev-t2'])
    expect(items[1]?.raw.client).toEqual({
      geographicalContext: { city: 'Singapore', country: 'SG' },
    })
  })

  it('hides another partner’s finding and its evidence from a partner admin', async () => {
    const res = await server.app.inject({
      url: '/api/v1/console/anomalies/f-bolt-1/evidence',
      headers: bearer(server.tokens['partner-admin']),
    })
    expect(res.statusCode).toBe(404)
    expect(res.body).not.toContain(MARKER)
    const own = await server.app.inject({
      url: '/api/v1/console/anomalies/f-acme-1/evidence',
      headers: bearer(server.tokens['partner-admin']),
    })
    expect(own.statusCode).toBe(200)
    const siem = await server.app.inject({
      url: '/api/v1/console/anomalies/f-acme-1/evidence',
      headers: bearer(server.tokens.siem),
    })
    expect(siem.statusCode).toBe(403)
  })

  it('counts a partner’s sign-ins per day, in scope', async () => {
    const res = await server.app.inject({
      url: '/api/v1/console/partners/acme/activity',
      headers: bearer(server.tokens['partner-admin']),
    })
    expect(res.json()).toEqual({
      days: [
        { day: '2026-11-25', success: 1, failure: 0 },
        { day: '2026-11-26', success: 1, failure: 0 },
        { day: '2026-11-27', success: 2, failure: 0 },
        { day: '2026-11-28', success: 3, failure: 1 },
      ],
      dormantAfterDays: 90,
      contractEnd: null,
    })
    const other = await server.app.inject({
      url: '/api/v1/console/partners/bolt/activity',
      headers: bearer(server.tokens['partner-admin']),
    })
    expect(other.statusCode).toBe(404)
    const bolt = await server.app.inject({
      url: '/api/v1/console/partners/bolt/activity',
      headers: bearer(server.tokens.admin),
    })
    expect(bolt.json<{ days: unknown[] }>().days).toEqual([
      { day: '2026-11-28', success: 2, failure: 0 },
    ])
  })
})
