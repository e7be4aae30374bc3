// The HTTP rules every endpoint shares: auth, common headers, path tolerance, unknown routes, rate
// limits (and the SDK's 429 retry) and scripted faults.
import { OktaApiError } from '@okta/okta-sdk-nodejs'
import { describe, expect, test } from 'vitest'
import { fixedClock } from '../../lib/clock.js'
import { InputInvalid } from '../../lib/errors.js'
import { parseFaultSpec } from '../../data/okta-sim/faults.js'
import { startOktaSim } from '../../data/okta-sim/server.js'
import {
  eventSeries,
  rawGet,
  sdkClient,
  startSim,
  T0,
  uuids,
  writeScenario,
} from './okta-sim-fixtures.js'

describe('auth and common headers', () => {
  test('every response carries Date (sim clock), request id, rate-limit headers and JSON type', async () => {
    const sim = await startSim({ clock: fixedClock('2026-03-02T12:00:30.500Z') })
    for (const [path, token, status, limit] of [
      ['/api/v1/users', sim.token, 200, '600'],
      ['/api/v1/users', 'wrong', 401, '600'],
      ['/api/v1/nothing', sim.token, 404, '1200'],
    ] as const) {
      const page = await rawGet(sim, path, token)
      expect(page.status).toBe(status)
      expect(page.headers.get('date')).toBe('Mon, 02 Mar 2026 12:00:30 GMT')
      expect(page.headers.get('x-okta-request-id')).toMatch(/^[\w-]{20,}$/)
      expect(page.headers.get('x-rate-limit-limit')).toBe(limit)
      expect(Number(page.headers.get('x-rate-limit-remaining'))).toBeLessThanOrEqual(Number(limit))
      expect(page.headers.get('x-rate-limit-reset')).toBe(
        String(Date.parse('2026-03-02T12:01:00Z') / 1000),
      )
      expect(page.headers.get('content-type')).toBe('application/json')
    }
  })

  test('a bad token surfaces in the SDK as OktaApiError E0000011', async () => {
    const sim = await startSim()
    const client = sdkClient(sim, { token: 'not-the-token' })
    const err = await client.userApi
      .getUser({ userId: '00uann00000000000001' })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(OktaApiError)
    expect(err).toMatchObject({
      status: 401,
      errorCode: 'E0000011',
      errorSummary: 'Invalid token provided',
    })
  })

  test('no Authorization header, or another scheme, is 401 too', async () => {
    const sim = await startSim()
    expect((await fetch(`${sim.url}/api/v1/users`)).status).toBe(401)
    const bearer = await fetch(`${sim.url}/api/v1/users`, {
      headers: { Authorization: `Bearer ${sim.token}` },
    })
    expect(await bearer.json()).toMatchObject({ errorCode: 'E0000011' })
  })

  test('an orgUrl with a trailing slash (//api/v1/...) still works', async () => {
    const sim = await startSim()
    const client = sdkClient(sim, { orgUrl: `${sim.url}/` })
    const user = await client.userApi.getUser({ userId: 'ann.lee@northwind.example' })
    expect(user.id).toBe('00uann00000000000001')
  })

  test('unknown paths are 404 E0000007; a known path with another method is 405 E0000022', async () => {
    const sim = await startSim()
    expect((await rawGet(sim, '/api/v1/nothing')).body).toMatchObject({ errorCode: 'E0000007' })
    const put = await fetch(`${sim.url}/api/v1/users`, {
      method: 'PUT',
      headers: { Authorization: `SSWS ${sim.token}` },
    })
    expect(put.status).toBe(405)
    expect(await put.json()).toMatchObject({ errorCode: 'E0000022' })
  })
})

describe('rate limits', () => {
  test('a family out of budget answers 429 E0000047 with Remaining 0 and a future Reset', async () => {
    const sim = await startSim({
      clock: fixedClock('2026-03-02T12:00:10Z'),
      rateLimits: { logs: 2 },
    })
    const remaining = []
    for (let i = 0; i < 2; i += 1) {
      remaining.push((await rawGet(sim, '/api/v1/logs')).headers.get('x-rate-limit-remaining'))
    }
    expect(remaining).toEqual(['1', '0'])
    const limited = await rawGet(sim, '/api/v1/logs')
    expect(limited.status).toBe(429)
    expect(limited.body).toMatchObject({
      errorCode: 'E0000047',
      errorSummary: 'API call exceeded rate limit due to too many requests.',
      errorCauses: [],
    })
    expect(limited.headers.get('x-rate-limit-remaining')).toBe('0')
    expect(Number(limited.headers.get('x-rate-limit-reset'))).toBe(
      Date.parse('2026-03-02T12:01:00Z') / 1000,
    )
    // Other families keep their own budget.
    expect((await rawGet(sim, '/api/v1/users')).status).toBe(200)
  })

  test('the SDK waits for Reset and retries; the retry lands in the next window', async () => {
    const clock = fixedClock('2026-03-02T12:00:59Z')
    const sim = await startSim({ clock, rateLimits: { users: 1 } })
    const client = sdkClient(sim)
    await client.userApi.getUser({ userId: '00uann00000000000001' })
    const waits: number[] = []
    client.requestExecutor.on(
      'backoff',
      (_req: unknown, _res: unknown, _id: unknown, delayMs: number) => {
        waits.push(delayMs)
        clock.advance(60_000)
      },
    )
    const user = await client.userApi.getUser({ userId: '00ubob00000000000001' })
    expect(user.id).toBe('00ubob00000000000001')
    expect(waits).toEqual([2000])
    expect(sim.requestCount).toBe(3)
  })
})

describe('faults', () => {
  test('a scripted 429 carries a Reset a second ahead and the SDK retry succeeds', async () => {
    const sim = await startSim({ faults: '1:429' })
    const started = Date.now()
    const user = await sdkClient(sim).userApi.getUser({ userId: '00uann00000000000001' })
    expect(user.profile?.login).toBe('ann.lee@northwind.example')
    expect(sim.requestCount).toBe(2)
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000)
  })

  test('500, drop, truncate, 503 and 502 reach a fetch client as errors; the next request succeeds', async () => {
    const sim = await startSim({
      events: eventSeries(3),
      clock: fixedClock('2026-03-02T13:00:00Z'),
      faults: '2:500,3:drop,4:truncate,5:503,6:502',
    })
    const logs = `/api/v1/logs?since=${T0}`
    expect((await rawGet(sim, '/api/v1/users')).status).toBe(200)
    const e500 = await rawGet(sim, logs)
    expect(e500.status).toBe(500)
    expect(e500.body).toMatchObject({ errorCode: 'E0000009' })
    await expect(rawGet(sim, logs)).rejects.toThrow()
    await expect(rawGet(sim, logs)).rejects.toThrow()
    expect(sim.servedUuids().size).toBe(0)
    expect((await rawGet(sim, logs)).body).toMatchObject({ errorCode: 'E0000010' })
    const e502 = await rawGet(sim, logs)
    expect(e502.status).toBe(502)
    expect(e502.headers.get('content-type')).toBe('text/html')
    const ok = await rawGet(sim, logs)
    expect(uuids(ok.body)).toEqual(['e-0000', 'e-0001', 'e-0002'])
    expect(sim.servedUuids()).toEqual(new Set(['e-0000', 'e-0001', 'e-0002']))
    expect(sim.requestCount).toBe(7)
  })

  test('the SDK surfaces a 500 as OktaApiError and a dropped connection as a fetch error', async () => {
    const sim = await startSim({ faults: '1:500,2:drop' })
    const client = sdkClient(sim)
    const get = () =>
      client.userApi.getUser({ userId: '00uann00000000000001' }).catch((e: unknown) => e)
    expect(await get()).toMatchObject({ status: 500, errorCode: 'E0000009' })
    expect(await get()).toMatchObject({ name: 'FetchError' })
    expect((await client.userApi.getUser({ userId: '00uann00000000000001' })).id).toBeDefined()
  })

  test('slow=MS delays the answer; a plan can also be a function of the request', async () => {
    const sim = await startSim({
      faults: (n, path) =>
        n === 1 && path === '/api/v1/users' ? { kind: 'slow', ms: 200 } : undefined,
    })
    const started = Date.now()
    expect((await rawGet(sim, '/api/v1/users')).status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(200)
  })

  test('the spec grammar, and parse errors that name the bad item', () => {
    expect(parseFaultSpec(' 3:429, 5:500,7:slow=1500,9:drop,11:truncate ')).toEqual({
      3: { kind: 'status', status: 429 },
      5: { kind: 'status', status: 500 },
      7: { kind: 'slow', ms: 1500 },
      9: { kind: 'drop' },
      11: { kind: 'truncate' },
    })
    expect(() => parseFaultSpec('3:429,x:500')).toThrow(/bad item "x:500"/)
    expect(() => parseFaultSpec('4:teapot')).toThrow(/bad item "4:teapot": unknown action "teapot"/)
    expect(() => parseFaultSpec('4:302')).toThrow(InputInvalid)
    expect(() => parseFaultSpec('0:500')).toThrow(/start at 1/)
    expect(() => parseFaultSpec('2:500,2:drop')).toThrow(/already has a fault/)
  })

  test('startOktaSim rejects a bad spec and bad options before listening', async () => {
    const scenarioDir = await writeScenario([])
    await expect(startOktaSim({ scenarioDir, faults: '1:nope' })).rejects.toThrow(
      /bad item "1:nope"/,
    )
    await expect(startOktaSim({ scenarioDir, lateFraction: 2 })).rejects.toThrow(/lateFraction/)
    await expect(startOktaSim({ scenarioDir, rateLimits: { logs: 0 } })).rejects.toThrow(
      /rateLimits.logs/,
    )
  })
})
