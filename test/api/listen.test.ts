// The app on a real socket (listen on port 0, fetch), the OpenAPI document, the docs UI, and route
// modules mounted later through buildApp's `routes`, under the same guard.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { Readable } from 'node:stream'
import { describe, expect, it, onTestFinished } from 'vitest'
import type { ApiRoutes } from '../../api/app.js'
import { principalOf, scopeOf } from '../../api/auth/authenticate.js'
import type { ApiContext } from '../../api/context.js'
import { bearer, seededApi } from './fixture.js'

const EXPECTED_PATHS = [
  '/healthz',
  '/readyz',
  '/api/v1/anomalies',
  '/api/v1/anomalies/{id}',
  '/api/v1/anomalies/{id}/triage',
  '/api/v1/partners',
  '/api/v1/partners/{partnerId}',
  '/api/v1/partners/{partnerId}/users',
  '/api/v1/users/{userId}/timeline',
  '/api/v1/audit',
  '/api/v1/tokens',
  '/api/v1/tokens/{id}',
]

describe('over a real socket', () => {
  it('serves health, data with a token, and the OpenAPI document listing every route', async () => {
    const api = await seededApi()
    onTestFinished(() => api.close())
    const address = await api.app.listen({ port: 0, host: '127.0.0.1' })

    expect(await (await fetch(`${address}/healthz`)).json()).toEqual({ status: 'ok' })
    const noToken = await fetch(`${address}/api/v1/anomalies`)
    expect(noToken.status).toBe(401)
    const list = await fetch(`${address}/api/v1/anomalies?partner=acme&limit=2`, {
      headers: bearer(api.tokens.analyst),
    })
    expect(list.status).toBe(200)
    expect(list.headers.get('content-type')).toMatch(/^application\/json/)
    const body = (await list.json()) as { items: { partnerId: string }[]; nextCursor: string }
    expect(body.items.map((f) => f.partnerId)).toEqual(['acme', 'acme'])
    expect(body.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/)

    const huge = await fetch(`${address}/api/v1/anomalies?partner=${'a'.repeat(20_000)}`, {
      headers: bearer(api.tokens.analyst),
    })
    expect(huge.status).toBeGreaterThanOrEqual(400)
    expect(huge.status).toBeLessThan(500)

    const doc = (await (await fetch(`${address}/openapi.json`)).json()) as {
      openapi: string
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>
      components: { schemas: Record<string, unknown> }
    }
    expect(doc.openapi).toMatch(/^3\./)
    expect(Object.keys(doc.paths).sort()).toEqual([...EXPECTED_PATHS].sort())
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        expect(Object.keys(op.responses).length, `${method} ${path}`).toBeGreaterThan(0)
      }
    }
    expect(doc.paths['/healthz']?.get).toMatchObject({ security: [] })
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['ErrorBody', 'Anomaly', 'User']),
    )
    const docs = await fetch(`${address}/docs`)
    expect(docs.status).toBe(200)
    expect(await docs.text()).toMatch(/swagger/i)
  })
})

const extraRoutes: FastifyPluginAsyncTypebox<{ ctx: ApiContext }> = async (app, opts) => {
  app.get('/extra/unguarded', async () => ({ leaked: true }))
  app.get('/extra/stream', { config: { roles: ['siem'] } }, async (_request, reply) =>
    reply.type('application/x-ndjson').send(Readable.from(['{"a":1}\n', '{"b":22}\n'])),
  )
  app.get(
    '/extra/whoami',
    {
      config: { roles: ['siem', 'partner-admin'] },
      schema: {
        response: {
          200: Type.Object(
            {
              name: Type.String(),
              scope: Type.Union([Type.String(), Type.Null()]),
              partners: Type.Integer(),
            },
            { additionalProperties: false },
          ),
        },
      },
    },
    async (request) => ({
      name: principalOf(request).name,
      scope: scopeOf(request),
      partners: opts.ctx.config.partners.length,
      secret: 'not in the schema, so it never leaves',
    }),
  )
}

describe('route modules mounted later', () => {
  it('get the context and the guard; a route without roles is refused to everyone', async () => {
    const routes: ApiRoutes = extraRoutes
    const seen: string[] = []
    const api = await seededApi(
      {},
      {
        routes: [routes],
        instrument: (app) =>
          app.addHook('onResponse', async (request, reply) => {
            seen.push(`${request.routeOptions.url ?? '?'} ${reply.statusCode}`)
          }),
      },
    )
    onTestFinished(() => api.close())
    const call = (url: string, who?: 'admin' | 'siem' | 'partner-admin' | 'analyst') =>
      api.app.inject({ url, headers: who ? bearer(api.tokens[who]) : {} })
    expect((await call('/api/v1/extra/unguarded', 'admin')).statusCode).toBe(403)
    expect((await call('/api/v1/extra/whoami')).statusCode).toBe(401)
    expect((await call('/api/v1/extra/whoami', 'analyst')).statusCode).toBe(403)
    const siem = await call('/api/v1/extra/whoami', 'siem')
    expect(siem.json()).toEqual({ name: 'siem', scope: null, partners: 2 })
    const partner = await call('/api/v1/extra/whoami', 'partner-admin')
    expect(partner.json()).toEqual({ name: 'partner-admin', scope: 'acme', partners: 2 })
    const streamed = await call('/api/v1/extra/stream', 'siem')
    expect(streamed.body).toBe('{"a":1}\n{"b":22}\n')
    await api.app.inject({ url: '/api/v1/audit', headers: bearer(api.tokens.admin) })
    const audit = await api.db.all<{ route: string; bytes: bigint }>(
      `SELECT route, bytes FROM audit_log WHERE route = '/api/v1/extra/stream'`,
    )
    expect(audit).toEqual([{ route: '/api/v1/extra/stream', bytes: 17n }])
    expect(seen).toContain('/api/v1/extra/stream 200')
    expect(seen).toContain('/api/v1/extra/unguarded 403')
  })
})
