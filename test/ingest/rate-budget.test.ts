import { describe, expect, it } from 'vitest'
import { RateBudget, endpointFamily, parseRateHeaders } from '../../ingest/rate-budget.js'

const date = Date.parse('2026-11-29T12:00:10Z')
const reset = Date.parse('2026-11-29T12:01:00Z') / 1000
const local = 1_000_000

describe('rate budget', () => {
  it('uses at most its share of a window, then waits for the reset', () => {
    const b = new RateBudget(0.5)
    expect(b.delayMs(local)).toBe(0)
    for (let i = 0; i < 59; i++) {
      b.observe({ limit: 120, remaining: 119 - i, resetEpochS: reset, serverDateMs: date }, local)
      expect(b.delayMs(local)).toBe(0)
    }
    b.observe({ limit: 120, remaining: 60, resetEpochS: reset, serverDateMs: date }, local)
    // 60 of 120 used: wait until the window the server named is over (+1 s for Date's precision).
    expect(b.delayMs(local)).toBe(51_000)
    expect(b.delayMs(local + 51_000)).toBe(0)
    // A new window starts counting again.
    b.observe(
      { limit: 120, remaining: 119, resetEpochS: reset + 60, serverDateMs: date + 60_000 },
      local + 60_000,
    )
    expect(b.delayMs(local + 60_000)).toBe(0)
  })

  it('leaves the last requests of a window to others even before its own share is used', () => {
    const b = new RateBudget(0.5)
    b.observe({ limit: 100, remaining: 1, resetEpochS: reset, serverDateMs: date }, local)
    expect(b.delayMs(local)).toBe(51_000)
  })

  it('counts requests in flight against the share', () => {
    const b = new RateBudget(0.5)
    b.observe({ limit: 10, remaining: 9, resetEpochS: reset, serverDateMs: date }, local)
    expect(b.delayMs(local, 3)).toBe(0)
    expect(b.delayMs(local, 4)).toBe(51_000)
  })

  it('waits out a 429 until its reset, or backs off when the headers are missing', () => {
    const b = new RateBudget(0.5)
    expect(b.waitFor429Ms({ resetEpochS: reset, serverDateMs: date }, local, 500)).toBe(51_000)
    expect(b.delayMs(local + 1000)).toBe(0) // no limit seen yet: nothing to pace on
    expect(b.waitFor429Ms({}, local, 700)).toBe(700)
  })

  it('reads the headers Okta sends and names the endpoint family', () => {
    const h = new Map([
      ['x-rate-limit-limit', '120'],
      ['x-rate-limit-remaining', '7'],
      ['x-rate-limit-reset', String(reset)],
      ['date', 'Sun, 29 Nov 2026 12:00:10 GMT'],
    ])
    expect(parseRateHeaders((n) => h.get(n) ?? null)).toEqual({
      limit: 120,
      remaining: 7,
      resetEpochS: reset,
      serverDateMs: date,
    })
    // Two Reset headers joined by a comma (the SDK refuses to retry on those) are ignored, not misread.
    expect(parseRateHeaders((n) => (n === 'x-rate-limit-reset' ? '1, 2' : null))).toEqual({})
    expect(endpointFamily('https://acme.okta.com/api/v1/logs?after=1')).toBe('logs')
    expect(endpointFamily('http://127.0.0.1:1//api/v1/users/00u1/groups')).toBe('users')
    expect(endpointFamily('https://acme.okta.com/oauth2/v1/token')).toBe('oauth')
    expect(endpointFamily('https://acme.okta.com/api/v1/policies')).toBe('other')
  })
})
