// GET /api/v1/exports/{stream}: pages in the asked format with a Link to the next page, gzip when
// asked, roles as DESIGN.md says, and a partner-admin's scope that no filter or cursor widens.
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportsRoutes } from '../../api/routes/exports.js'
import { bearer, MARKER, seededApi, type SeededApi, type TokenName } from './fixture.js'

let api: SeededApi
beforeAll(async () => {
  api = await seededApi({}, { routes: [exportsRoutes] })
})
afterAll(async () => {
  await api.close()
})

const get = (url: string, who: TokenName = 'siem', headers: Record<string, string> = {}) =>
  api.app.inject({ url, headers: { ...bearer(api.tokens[who]), ...headers } })

function nextUrl(link: string | string[] | number | undefined): string {
  const m = /^<([^>]+)>; rel="next"$/.exec(String(link))
  expect(m).not.toBeNull()
  return m?.[1] ?? ''
}

describe('exports over HTTP', () => {
  it('pages the whole events stream through Link headers, each record once', async () => {
    const seen: string[] = []
    let url = '/api/v1/exports/events?format=ocsf&limit=2'
    for (let i = 0; i < 10; i++) {
      const res = await get(url)
      expect(res.statusCode, res.body).toBe(200)
      expect(res.headers['content-type']).toMatch(/json/)
      const lines = res.body.split('\n').filter((l) => l !== '')
      seen.push(...lines.map((l) => (JSON.parse(l) as { metadata: { uid: string } }).metadata.uid))
      url = nextUrl(res.headers.link)
      if (lines.length === 0) {
        break
      }
    }
    expect(seen.sort()).toEqual(['ev-a1', 'ev-a2', 'ev-a3', 'ev-b1', 'ev-b2'])
  })

  it('compresses with gzip when asked', async () => {
    const res = await get('/api/v1/exports/anomalies?format=ocsf&limit=100', 'siem', {
      'accept-encoding': 'gzip',
    })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-encoding']).toBe('gzip')
    const text = gunzipSync(res.rawPayload).toString()
    expect(text.trim().split('\n')).toHaveLength(10)
  })

  it('lets admin, analyst, siem and partner-admin export; not auditors, nor without a token', async () => {
    for (const who of ['admin', 'analyst', 'siem', 'partner-admin'] as const) {
      expect((await get('/api/v1/exports/events?format=ndjson', who)).statusCode).toBe(200)
    }
    expect((await get('/api/v1/exports/events?format=ndjson', 'auditor')).statusCode).toBe(403)
    expect((await get('/api/v1/exports/events?format=ndjson', 'revoked')).statusCode).toBe(401)
    const anonymous = await api.app.inject({ url: '/api/v1/exports/events?format=ndjson' })
    expect(anonymous.statusCode).toBe(401)
  })

  it('keeps a partner-admin inside its partner whatever the filter or cursor', async () => {
    const own = await get('/api/v1/exports/events?format=cef&limit=100', 'partner-admin')
    expect(own.statusCode).toBe(200)
    expect(own.body.trim().split('\n')).toHaveLength(3)
    expect(own.body).not.toContain(MARKER)
    const asked = await get('/api/v1/exports/events?format=cef&partner=bolt', 'partner-admin')
    expect(asked.statusCode).toBe(403)
    // A cursor minted for bolt's admin, replayed by acme's: never a row of bolt.
    const bolt = await get('/api/v1/exports/events?format=ndjson&limit=1', 'bolt-admin')
    const replay = nextUrl(bolt.headers.link)
    const res = await get(replay, 'partner-admin')
    expect(res.statusCode).toBeLessThan(500)
    expect(res.body).not.toContain(MARKER)
    const anomalies = await get('/api/v1/exports/anomalies?format=leef&limit=100', 'partner-admin')
    expect(anomalies.statusCode).toBe(200)
    expect(anomalies.body).not.toContain(MARKER)
    expect(anomalies.body.trim().split('\n')).toHaveLength(5)
  })

  it('answers bad input with 4xx and a code', async () => {
    const bad = await get('/api/v1/exports/events?format=pdf')
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toMatchObject({ code: 'bad_request' })
    const cursor = await get('/api/v1/exports/events?format=ndjson&after=bm90LWEtY3Vyc29y')
    expect(cursor.statusCode).toBe(400)
    expect(cursor.json()).toMatchObject({ code: 'bad_cursor' })
    expect((await get('/api/v1/exports/nothing?format=ndjson')).statusCode).toBe(400)
    expect((await get('/api/v1/exports/events?format=ndjson&limit=100000')).statusCode).toBe(400)
  })
})
