// Tokens (create once, list without secrets, revoke), the audit trail, the per-token rate limit and
// log redaction.
import { createHash } from 'node:crypto'
import { describe, expect, it, onTestFinished } from 'vitest'
import { bearer, seededApi } from './fixture.js'

async function fresh(...args: Parameters<typeof seededApi>) {
  const api = await seededApi(...args)
  onTestFinished(() => api.close())
  return api
}

describe('tokens', () => {
  it('creates a token shown once, stores only its hash, and revokes it', async () => {
    const api = await fresh()
    const created = await api.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: bearer(api.tokens.admin),
      payload: { role: 'partner-admin', partnerId: 'bolt', name: 'bolt portal' },
    })
    expect(created.statusCode).toBe(201)
    const body = created.json<{ id: string; token: string; role: string; partnerId: string }>()
    expect(body).toMatchObject({ role: 'partner-admin', partnerId: 'bolt', name: 'bolt portal' })
    expect(body.token).toMatch(/^pw_[A-Za-z0-9_-]{43}$/)
    const hash = createHash('sha256').update(body.token).digest('hex')
    const stored = await api.db.all<Record<string, unknown>>('SELECT * FROM api_tokens')
    expect(
      JSON.stringify(stored, (_k, v: unknown) => (typeof v === 'bigint' ? 0 : v)),
    ).not.toContain(body.token)
    expect(stored.find((r) => r.id === body.id)?.hash).toBe(hash)

    const use = () => api.app.inject({ url: '/api/v1/partners', headers: bearer(body.token) })
    const first = await use()
    expect(first.statusCode).toBe(200)
    expect(first.json()).toEqual({ items: [{ id: 'bolt', name: 'Bolt Couriers BOLTROW' }] })

    const list = await api.app.inject({ url: '/api/v1/tokens', headers: bearer(api.tokens.admin) })
    expect(list.statusCode).toBe(200)
    expect(list.body).not.toContain(body.token)
    expect(list.body).not.toContain(hash)
    expect(list.body).not.toMatch(/"token"|"hash"/)

    const revoke = await api.app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${body.id}`,
      headers: bearer(api.tokens.admin),
    })
    expect(revoke.statusCode).toBe(200)
    expect(revoke.json<{ revokedAt: string }>().revokedAt).toBe('2026-11-29T12:00:00.000Z')
    expect((await use()).statusCode).toBe(401)
  })
})

describe('audit trail', () => {
  it('records every request with token, role, route, parameters, status and bytes', async () => {
    const api = await fresh()
    await api.app.inject({ url: '/api/v1/anomalies/f-acme-1', headers: bearer(api.tokens.analyst) })
    await api.app.inject({
      url: '/api/v1/anomalies?partner=acme&limit=2',
      headers: bearer(api.tokens.analyst),
    })
    await api.app.inject({ url: '/api/v1/anomalies' })
    await api.app.inject({ url: '/api/v1/audit', headers: bearer(api.tokens['partner-admin']) })
    const res = await api.app.inject({ url: '/api/v1/audit', headers: bearer(api.tokens.auditor) })
    expect(res.statusCode).toBe(200)
    const items = res.json<{ items: Record<string, unknown>[] }>().items
    expect(items).toHaveLength(4)
    expect(items.map((i) => [i.tokenName, i.role, i.route, i.status])).toEqual([
      ['partner-admin', 'partner-admin', '/api/v1/audit', 403],
      [null, null, '/api/v1/anomalies', 401],
      ['analyst', 'analyst', '/api/v1/anomalies', 200],
      ['analyst', 'analyst', '/api/v1/anomalies/:id', 200],
    ])
    expect(items[2]).toMatchObject({ parameters: { partner: 'acme', limit: 2 }, method: 'GET' })
    expect(items[3]).toMatchObject({ parameters: { id: 'f-acme-1' } })
    expect(items[3]?.bytes).toBeGreaterThan(100)
    expect(items[0]?.partnerId).toBe('acme')
    const used = await api.db.one<{ last_used_at: Date | null }>(
      `SELECT last_used_at FROM api_tokens WHERE name = 'analyst'`,
    )
    expect(used?.last_used_at?.toISOString()).toBe('2026-11-29T12:00:00.000Z')
  })

  it('loses nothing on close: buffered entries are written', async () => {
    const api = await seededApi()
    for (let i = 0; i < 25; i++) {
      await api.app.inject({ url: '/api/v1/partners', headers: bearer(api.tokens.analyst) })
    }
    await api.app.close()
    const row = await api.db.one<{ n: bigint }>(
      `SELECT count(*) AS n FROM audit_log WHERE route = '/api/v1/partners'`,
    )
    api.db.closeSync()
    expect(row?.n).toBe(25n)
  })
})

describe('rate limit', () => {
  it('limits each token on its own, with 429 and Retry-After', async () => {
    const api = await fresh({ rateLimitPerMinute: 3 })
    const call = (who: 'analyst' | 'admin') =>
      api.app.inject({ url: '/api/v1/partners', headers: bearer(api.tokens[who]) })
    for (let i = 0; i < 3; i++) {
      expect((await call('analyst')).statusCode).toBe(200)
    }
    const limited = await call('analyst')
    expect(limited.statusCode).toBe(429)
    expect(limited.json()).toMatchObject({ code: 'rate_limited' })
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
    expect((await call('admin')).statusCode).toBe(200)
  })

  it('counts requests without a valid token by address, so guessing tokens is limited too', async () => {
    const api = await fresh({ rateLimitPerMinute: 3 })
    const guess = () =>
      api.app.inject({ url: '/api/v1/partners', headers: bearer(`pw_${'B'.repeat(43)}`) })
    for (let i = 0; i < 3; i++) {
      expect((await guess()).statusCode).toBe(401)
    }
    const limited = await guess()
    expect(limited.statusCode).toBe(429)
    expect(limited.json()).toMatchObject({ code: 'rate_limited' })
    const analyst = await api.app.inject({
      url: '/api/v1/partners',
      headers: bearer(api.tokens.analyst),
    })
    expect(analyst.statusCode).toBe(200)
  })
})

describe('logging', () => {
  it('never writes a bearer or Okta token to the log', async () => {
    const lines: string[] = []
    const api = await fresh(
      {},
      { logger: { level: 'trace', stream: { write: (l) => void lines.push(l) } } },
    )
    await api.app.inject({ url: '/api/v1/partners', headers: bearer(api.tokens.admin) })
    api.app.log.info(
      {
        headers: { authorization: 'SSWS 00okta-secret' },
        token: 'pw_leak',
        org: { token: 'x-leak' },
      },
      'probe',
    )
    const text = lines.join('')
    expect(lines.length).toBeGreaterThan(2)
    expect(text).toContain('probe')
    expect(text).not.toContain(api.tokens.admin)
    expect(text).not.toContain('00okta-secret')
    expect(text).not.toContain('pw_leak')
    expect(text).not.toContain('x-leak')
  })
})
