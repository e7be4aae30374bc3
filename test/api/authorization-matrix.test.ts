// Every route × every role (plus no token and a revoked token): the status each gets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, seededApi, type SeededApi } from './fixture.js'

type Caller = 'admin' | 'analyst' | 'auditor' | 'siem' | 'partner-admin' | 'no token' | 'revoked'
const CALLERS: readonly Caller[] = [
  'admin',
  'analyst',
  'auditor',
  'siem',
  'partner-admin',
  'no token',
  'revoked',
]

interface RouteCase {
  method: 'GET' | 'POST' | 'DELETE'
  url: string | ((api: SeededApi) => string)
  body?: (caller: Caller) => Record<string, unknown>
  allowed: readonly Caller[]
  ok: number
  public?: boolean
}

const READERS: readonly Caller[] = ['admin', 'analyst', 'partner-admin']

const ROUTES: readonly RouteCase[] = [
  { method: 'GET', url: '/healthz', allowed: CALLERS, ok: 200, public: true },
  { method: 'GET', url: '/readyz', allowed: CALLERS, ok: 200, public: true },
  { method: 'GET', url: '/openapi.json', allowed: CALLERS, ok: 200, public: true },
  { method: 'GET', url: '/api/v1/anomalies', allowed: READERS, ok: 200 },
  { method: 'GET', url: '/api/v1/anomalies/f-acme-1', allowed: READERS, ok: 200 },
  {
    method: 'POST',
    url: '/api/v1/anomalies/f-acme-3/triage',
    body: (c) => ({ status: 'acknowledged', comment: `looked at by ${c}` }),
    allowed: ['admin', 'analyst'],
    ok: 200,
  },
  { method: 'GET', url: '/api/v1/partners', allowed: READERS, ok: 200 },
  { method: 'GET', url: '/api/v1/partners/acme', allowed: READERS, ok: 200 },
  { method: 'GET', url: '/api/v1/partners/acme/users', allowed: READERS, ok: 200 },
  { method: 'GET', url: '/api/v1/users/u-acme-1/timeline', allowed: READERS, ok: 200 },
  { method: 'GET', url: '/api/v1/audit', allowed: ['admin', 'auditor'], ok: 200 },
  { method: 'GET', url: '/api/v1/tokens', allowed: ['admin'], ok: 200 },
  {
    method: 'POST',
    url: '/api/v1/tokens',
    body: (c) => ({ role: 'siem', name: `made-by-${c.replace(' ', '-')}` }),
    allowed: ['admin'],
    ok: 201,
  },
  {
    method: 'DELETE',
    url: (api) => `/api/v1/tokens/${api.tokenIds.spare}`,
    allowed: ['admin'],
    ok: 200,
  },
]

let api: SeededApi
beforeAll(async () => {
  api = await seededApi()
})
afterAll(async () => {
  await api.close()
})

function tokenOf(caller: Caller): Record<string, string> {
  if (caller === 'no token') {
    return {}
  }
  return bearer(api.tokens[caller])
}

describe('authorization matrix', () => {
  for (const route of ROUTES) {
    for (const caller of CALLERS) {
      const expected = route.allowed.includes(caller)
        ? route.ok
        : caller === 'no token' || caller === 'revoked'
          ? 401
          : 403
      const label = typeof route.url === 'string' ? route.url : route.url.name || 'token by id'
      it(`${route.method} ${label} as ${caller} → ${expected}`, async () => {
        const res = await api.app.inject({
          method: route.method,
          url: typeof route.url === 'string' ? route.url : route.url(api),
          headers: tokenOf(caller),
          ...(route.body ? { payload: route.body(caller) } : {}),
        })
        expect(res.statusCode).toBe(expected)
        if (expected >= 400) {
          const body = res.json<{ code: string; message: string }>()
          expect(body.code).toBe(expected === 401 ? 'unauthorized' : 'forbidden')
          expect(Object.keys(body).sort()).toEqual(['code', 'message'])
        }
        if (expected === 401) {
          expect(res.headers['www-authenticate']).toBe('Bearer')
        }
      })
    }
  }

  it('refuses a token with the wrong scheme or a made-up token of the right shape', async () => {
    for (const authorization of [
      `Basic ${api.tokens.admin}`,
      `Bearer pw_${'A'.repeat(43)}`,
      `Bearer ${api.tokens.admin}x`,
      'Bearer',
      `SSWS ${api.tokens.admin}`,
    ]) {
      const res = await api.app.inject({ url: '/api/v1/partners', headers: { authorization } })
      expect(res.statusCode, authorization.slice(0, 10)).toBe(401)
    }
  })
})
