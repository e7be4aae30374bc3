// A partner-admin of acme probing bolt through every parameter: partner id, user id, anomaly id,
// cursors minted for bolt (or for everyone), a forged cursor, and filters. Each probe gets 403/404 or
// an acme-only answer, and no body ever carries a row of bolt (every bolt row holds MARKER).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeCursor, fingerprint } from '../../api/cursor.js'
import { bearer, MARKER, seededApi, type SeededApi } from './fixture.js'

let api: SeededApi
beforeAll(async () => {
  api = await seededApi()
})
afterAll(async () => {
  await api.close()
})

async function get(url: string, who: 'partner-admin' | 'bolt-admin' | 'admin' = 'partner-admin') {
  const res = await api.app.inject({ url, headers: bearer(api.tokens[who]) })
  return { status: res.statusCode, body: res.body, json: () => res.json<Record<string, unknown>>() }
}

function noBolt(body: string): void {
  expect(body.toUpperCase()).not.toContain(MARKER)
}

async function cursorFrom(url: string, who: 'bolt-admin' | 'admin'): Promise<string> {
  const res = await get(url, who)
  expect(res.status).toBe(200)
  const cursor = res.json().nextCursor
  expect(typeof cursor).toBe('string')
  return cursor as string
}

describe('partner scope', () => {
  it('the marker is there for callers who may see bolt (so its absence means something)', async () => {
    const res = await get('/api/v1/anomalies?partner=bolt', 'admin')
    expect(res.status).toBe(200)
    expect(res.body).toContain(MARKER)
  })

  it.each([
    ['/api/v1/partners/bolt', 404],
    ['/api/v1/partners/bolt/users', 404],
    ['/api/v1/partners/bolt/users?status=ACTIVE', 404],
    ['/api/v1/users/u-bolt-1/timeline', 404],
    ['/api/v1/users/u-bolt-2/timeline?since=2020-01-01T00:00:00Z', 404],
    ['/api/v1/anomalies/f-bolt-1', 404],
    ['/api/v1/anomalies/f-bolt-4', 404],
    ['/api/v1/anomalies?partner=bolt', 403],
    ['/api/v1/anomalies?partner=bolt&severity=critical', 403],
    ['/api/v1/audit', 403],
  ])('%s → %i, nothing of bolt', async (url, status) => {
    const res = await get(url)
    expect(res.status).toBe(status)
    noBolt(res.body)
  })

  it.each([
    '/api/v1/anomalies',
    '/api/v1/anomalies?user=u-bolt-1',
    '/api/v1/anomalies?user=dan@boltrow.example',
    '/api/v1/anomalies?detector=impossible-travel',
    '/api/v1/anomalies?severity=critical',
    '/api/v1/anomalies?status=open&since=2026-01-01T00:00:00Z&until=2027-01-01T00:00:00Z',
    '/api/v1/partners',
    '/api/v1/partners/acme/users',
    '/api/v1/users/u-acme-1/timeline',
  ])('%s answers with acme rows only', async (url) => {
    const res = await get(url)
    expect(res.status).toBe(200)
    noBolt(res.body)
    const body = res.json()
    const items = (body.items ?? body.findings ?? []) as {
      partnerId?: string | null
      id?: string
    }[]
    for (const item of items) {
      if ('partnerId' in item) {
        expect(item.partnerId).toBe('acme')
      }
    }
  })

  it('lists exactly acme’s findings across every page', async () => {
    const seen: string[] = []
    let url = '/api/v1/anomalies?limit=2'
    for (let i = 0; i < 10; i++) {
      const res = await get(url)
      expect(res.status).toBe(200)
      noBolt(res.body)
      const body = res.json() as { items: { id: string }[]; nextCursor: string | null }
      seen.push(...body.items.map((f) => f.id))
      if (!body.nextCursor) {
        break
      }
      url = `/api/v1/anomalies?limit=2&cursor=${body.nextCursor}`
    }
    expect(seen.sort()).toEqual(['f-acme-1', 'f-acme-2', 'f-acme-3', 'f-acme-4', 'f-acme-5'])
  })

  it('refuses cursors minted for bolt or for everyone', async () => {
    const fromBolt = await cursorFrom('/api/v1/anomalies?limit=1', 'bolt-admin')
    const forBolt = await cursorFrom('/api/v1/anomalies?limit=1&partner=bolt', 'admin')
    const forAll = await cursorFrom('/api/v1/anomalies?limit=1', 'admin')
    const usersOfBolt = await cursorFrom('/api/v1/partners/bolt/users?limit=1', 'admin')
    const timelineOfBolt = await cursorFrom('/api/v1/users/u-bolt-1/timeline?limit=1', 'admin')
    for (const [url, status] of [
      [`/api/v1/anomalies?cursor=${fromBolt}`, 403],
      [`/api/v1/anomalies?limit=1&cursor=${fromBolt}`, 403],
      [`/api/v1/anomalies?cursor=${forBolt}`, 403],
      [`/api/v1/anomalies?cursor=${forAll}`, 403],
      [`/api/v1/partners/acme/users?cursor=${usersOfBolt}`, 403],
      [`/api/v1/partners/bolt/users?cursor=${usersOfBolt}`, 404],
      [`/api/v1/users/u-bolt-1/timeline?cursor=${timelineOfBolt}`, 404],
      [`/api/v1/users/u-acme-1/timeline?cursor=${timelineOfBolt}`, 403],
    ] as const) {
      const res = await get(url)
      expect(res.status, url).toBe(status)
      noBolt(res.body)
    }
  })

  it('a forged cursor that claims acme still reads acme rows only', async () => {
    const filters = fingerprint({
      detector: null,
      severity: null,
      status: null,
      user: null,
      since: null,
      until: null,
    })
    // Positioned after every finding: without the scope in the SQL, bolt's would follow.
    const forged = encodeCursor({ k: ['1796464800000001', 'zzz'], p: 'acme', f: filters })
    const res = await get(`/api/v1/anomalies?cursor=${forged}`)
    expect(res.status).toBe(200)
    noBolt(res.body)
    expect((res.json().items as unknown[]).length).toBeGreaterThan(0)
  })

  it('a partner-admin sees acme’s counts, not everyone’s', async () => {
    const res = await get('/api/v1/partners/acme')
    expect(res.status).toBe(200)
    expect(res.json()).toEqual({
      id: 'acme',
      name: 'Acme Freight',
      users: 3,
      activeUsers: 2,
      findings: { low: 1, medium: 1, high: 2, critical: 1, open: 5 },
    })
  })
})
