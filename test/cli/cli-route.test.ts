// The loopback route that runs forwarded CLI commands inside serve: only this run's secret, only from
// loopback, never serve or ingest; output streams back as frames ending with the exit code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../api/app.js'
import { parseConfig } from '../../lib/config.js'
import { openDatabase, type Database } from '../../lib/db.js'
import { COMMANDS } from '../../cli/commands/index.js'
import { cliRoutes } from '../../cli/serve/cli-route.js'

const secret = 'test-secret-0123456789'
let db: Database
let app: FastifyInstance

beforeAll(async () => {
  db = await openDatabase({ path: ':memory:' })
  const config = parseConfig({}, { env: {}, cwd: '/', source: 'test' })
  app = await buildApp({
    db,
    config,
    routes: [cliRoutes({ secret, config, db, commands: async () => COMMANDS })],
  })
})
afterAll(async () => {
  await app.close()
  db.closeSync()
})

const post = (argv: string[], options: { auth?: string; remoteAddress?: string } = {}) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/_cli',
    headers: { authorization: options.auth ?? `Bearer ${secret}` },
    payload: { argv, cwd: '/' },
    ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
  })

describe('forwarded CLI commands', () => {
  it('runs a command against the server database and streams its output', async () => {
    const res = await post(['anomalies', '--json'])
    expect(res.statusCode).toBe(200)
    const frames = res.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { o?: string; exit?: number })
    expect(frames.at(-1)).toEqual({ exit: 0 })
    expect(JSON.parse(frames.map((f) => f.o ?? '').join(''))).toEqual([])
  })

  it('refuses a wrong secret, a caller off loopback, and serve or ingest', async () => {
    expect((await post(['anomalies'], { auth: 'Bearer nope' })).statusCode).toBe(403)
    expect((await post(['anomalies'], { remoteAddress: '10.0.0.7' })).statusCode).toBe(403)
    expect((await post(['ingest', '--once'])).statusCode).toBe(400)
    expect((await post(['serve'])).statusCode).toBe(400)
  })

  it('is not in the OpenAPI document', async () => {
    const doc = (await app.inject({ url: '/openapi.json' })).json<{ paths: object }>()
    expect(Object.keys(doc.paths).some((p) => p.includes('_cli'))).toBe(false)
  })
})
