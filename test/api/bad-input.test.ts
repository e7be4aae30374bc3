// Bad input of every kind gets a 4xx with a stable code and a one-line message, never a 5xx.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeCursor } from '../../api/cursor.js'
import { bearer, seededApi, type SeededApi } from './fixture.js'

let api: SeededApi
beforeAll(async () => {
  api = await seededApi()
})
afterAll(async () => {
  await api.close()
})

const b64 = (text: string) => Buffer.from(text).toString('base64url')

interface Probe {
  method?: 'GET' | 'POST' | 'DELETE'
  url: string
  payload?: string | Record<string, unknown>
  contentType?: string
  status: number
  code: string
}

const PROBES: Probe[] = [
  { url: '/api/v1/anomalies?limit=abc', status: 400, code: 'bad_request' },
  { url: '/api/v1/anomalies?limit=0', status: 400, code: 'bad_request' },
  { url: '/api/v1/anomalies?limit=100000', status: 400, code: 'bad_request' },
  { url: '/api/v1/anomalies?limit=1e400', status: 400, code: 'bad_request' },
  { url: '/api/v1/audit?limit=Infinity', status: 400, code: 'bad_request' },
  { url: '/api/v1/users/u-acme-1/timeline?limit=1e999', status: 400, code: 'bad_request' },
  { url: '/api/v1/anomalies?limit=99999999999999999999999', status: 400, code: 'bad_request' },
  { url: '/api/v1/anomalies?limit=-1', status: 400, code: 'bad_request' },
  { url: '/api/v1/anomalies?severity=urgent', status: 400, code: 'bad_request' },
  { url: '/api/v1/anomalies?status=deleted', status: 400, code: 'bad_request' },
  { url: '/api/v1/anomalies?since=yesterday', status: 400, code: 'bad_request' },
  { url: '/api/v1/anomalies?since=2026-13-45T99:00:00Z', status: 400, code: 'bad_request' },
  {
    url: '/api/v1/anomalies?since=2026-11-02T00:00:00Z&until=2026-11-01T00:00:00Z',
    status: 400,
    code: 'bad_request',
  },
  { url: `/api/v1/anomalies?partner=${'a'.repeat(5000)}`, status: 400, code: 'bad_request' },
  {
    url: `/api/v1/anomalies?user=${encodeURIComponent("' OR 1=1 --")}`,
    status: 400,
    code: 'bad_request',
  },
  {
    url: `/api/v1/anomalies?detector=${encodeURIComponent("x'; DROP TABLE findings")}`,
    status: 400,
    code: 'bad_request',
  },
  { url: '/api/v1/anomalies?partner=acme&partner=bolt', status: 400, code: 'bad_request' },
  { url: '/api/v1/anomalies?foo=1', status: 400, code: 'bad_request' },
  { url: '/api/v1/partners/acme/users?limit=2&extra=1', status: 400, code: 'bad_request' },
  { url: '/api/v1/partners/acme/users?status=active', status: 400, code: 'bad_request' },
  { url: '/api/v1/audit?limit=5000', status: 400, code: 'bad_request' },
  { url: '/api/v1/anomalies/%E2%98%83', status: 400, code: 'bad_request' },
  { url: `/api/v1/anomalies/${'f'.repeat(300)}`, status: 414, code: 'uri_too_long' },
  { url: '/api/v1/anomalies/no-such-finding', status: 404, code: 'not_found' },
  { url: '/api/v1/users/no-such-user/timeline', status: 404, code: 'not_found' },
  { url: '/api/v1/partners/no-such-partner', status: 404, code: 'not_found' },
  { url: '/api/v1/no-such-route', status: 404, code: 'not_found' },
  // Cursors: not base64 JSON, JSON of the wrong shape, wrong key count, bad positions, too long.
  { url: '/api/v1/anomalies?cursor=xx', status: 400, code: 'bad_cursor' },
  { url: `/api/v1/anomalies?cursor=${b64('{"k":')}`, status: 400, code: 'bad_cursor' },
  { url: `/api/v1/anomalies?cursor=${b64('[1,2]')}`, status: 400, code: 'bad_cursor' },
  { url: `/api/v1/anomalies?cursor=${b64('null')}`, status: 400, code: 'bad_cursor' },
  {
    url: `/api/v1/anomalies?cursor=${b64('{"k":[1],"p":null,"f":"x"}')}`,
    status: 400,
    code: 'bad_cursor',
  },
  {
    url: `/api/v1/anomalies?cursor=${encodeCursor({ k: ['not-a-number', 'f'], p: null, f: 'x' })}`,
    status: 400,
    code: 'bad_cursor',
  },
  {
    url: `/api/v1/anomalies?cursor=${b64('{"k":[{"a":1},"f"],"p":null,"f":"x"}')}`,
    status: 400,
    code: 'bad_cursor',
  },
  { url: '/api/v1/anomalies?cursor=a+b/c=', status: 400, code: 'bad_request' },
  { url: `/api/v1/anomalies?cursor=${'A'.repeat(600)}`, status: 400, code: 'bad_request' },
  { url: '/api/v1/anomalies?cursor=', status: 400, code: 'bad_request' },
  { url: '/api/v1/audit?cursor=xx', status: 400, code: 'bad_cursor' },
  { url: '/api/v1/partners/acme/users?cursor=xx', status: 400, code: 'bad_cursor' },
  { url: '/api/v1/users/u-acme-1/timeline?cursor=xx', status: 400, code: 'bad_cursor' },
  // Bodies.
  ...triage({ status: 'deleted', comment: 'x' }, 400, 'bad_request'),
  ...triage({ status: 'dismissed' }, 400, 'bad_request'),
  ...triage({ status: 'dismissed', comment: '' }, 400, 'bad_request'),
  ...triage({ status: 'dismissed', comment: 'x', by: 'someone else' }, 400, 'bad_request'),
  ...triage({ status: 'dismissed', comment: 'x'.repeat(2001) }, 400, 'bad_request'),
  ...triage({ status: 'dismissed', comment: 'x'.repeat(70_000) }, 413, 'payload_too_large'),
  ...triage({ status: 1, comment: ['x'] }, 400, 'bad_request'),
  {
    method: 'POST',
    url: '/api/v1/anomalies/f-acme-1/triage',
    payload: '{"status": "dismissed", "comment": ',
    contentType: 'application/json',
    status: 400,
    code: 'bad_request',
  },
  {
    method: 'POST',
    url: '/api/v1/anomalies/f-acme-1/triage',
    payload: '<triage status="dismissed"/>',
    contentType: 'application/xml',
    status: 415,
    code: 'unsupported_media_type',
  },
  ...tokens({ role: 'root' }, 400, 'bad_request'),
  ...tokens({ role: 'partner-admin' }, 400, 'bad_request'),
  ...tokens({ role: 'partner-admin', partnerId: 'nobody' }, 400, 'bad_request'),
  ...tokens({ role: 'siem', partnerId: 'acme' }, 400, 'bad_request'),
  ...tokens({ role: 'siem', name: 'admin' }, 409, 'conflict'),
  ...tokens({ role: 'siem', name: 'bad\nname' }, 400, 'bad_request'),
  { method: 'DELETE', url: '/api/v1/tokens/not-a-token-id', status: 400, code: 'bad_request' },
  { method: 'DELETE', url: '/api/v1/tokens/tok_000000000000', status: 404, code: 'not_found' },
]

function triage(payload: Record<string, unknown>, status: number, code: string): Probe[] {
  return [{ method: 'POST', url: '/api/v1/anomalies/f-acme-1/triage', payload, status, code }]
}

function tokens(payload: Record<string, unknown>, status: number, code: string): Probe[] {
  return [{ method: 'POST', url: '/api/v1/tokens', payload, status, code }]
}

describe('bad input', () => {
  it.each(PROBES.map((p) => [`${p.method ?? 'GET'} ${p.url.slice(0, 90)}`, p] as const))(
    '%s',
    async (_label, probe) => {
      const res = await api.app.inject({
        method: probe.method ?? 'GET',
        url: probe.url,
        headers: {
          ...bearer(api.tokens.admin),
          ...(probe.contentType ? { 'content-type': probe.contentType } : {}),
        },
        ...(probe.payload !== undefined ? { payload: probe.payload } : {}),
      })
      expect(res.statusCode).toBe(probe.status)
      const body = res.json<Record<string, unknown>>()
      expect(Object.keys(body).sort()).toEqual(['code', 'message'])
      expect(body.code).toBe(probe.code)
      expect(String(body.message)).not.toMatch(/\n|at .*\.ts:|SELECT|DuckDB/)
    },
  )

  it('a failure inside the store is a generic 500 body with no SQL or stack', async () => {
    const broken = await seededApi()
    await broken.db.run('DROP TABLE finding_triage')
    const res = await broken.app.inject({
      method: 'POST',
      url: '/api/v1/anomalies/f-acme-1/triage',
      headers: bearer(broken.tokens.admin),
      payload: { status: 'dismissed', comment: 'x' },
    })
    await broken.close()
    expect(res.statusCode).toBe(500)
    expect(res.json()).toEqual({ code: 'internal_error', message: 'internal error' })
  })
})
