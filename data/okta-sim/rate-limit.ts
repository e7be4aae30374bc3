// Per-minute request budgets per endpoint family, in windows aligned to the minute of the sim's
// clock (okta-api.md §2). Every response carries the family's X-Rate-Limit-* headers; a request
// over budget gets 429 E0000047 with Remaining 0 and Reset at the end of the window.
import type { Family } from './types.js'

/** Okta Workforce Identity's per-minute limits for the endpoints the sim serves. */
export const DEFAULT_RATE_LIMITS: Readonly<Record<Family, number>> = {
  logs: 120,
  users: 600,
  groups: 500,
  apps: 100,
  idps: 100,
  other: 1200,
}

export function familyOf(path: string): Family {
  const m = /^\/api\/v1\/(logs|users|groups|apps|idps)(\/|$)/.exec(path)
  return m ? (m[1] as Family) : 'other'
}

export type RateLimitHeaders = Record<
  'X-Rate-Limit-Limit' | 'X-Rate-Limit-Remaining' | 'X-Rate-Limit-Reset',
  string
>

export class RateLimiter {
  private readonly windows = new Map<Family, { startMs: number; used: number }>()

  private readonly limits: Readonly<Record<Family, number>>

  constructor(limits: Readonly<Record<Family, number>>) {
    this.limits = limits
  }

  /** Counts one request against its family; `allowed` is false once the budget is spent. */
  take(family: Family, nowMs: number): { allowed: boolean; headers: RateLimitHeaders } {
    const w = this.window(family, nowMs)
    const allowed = w.used < this.limits[family]
    if (allowed) {
      w.used += 1
    }
    return { allowed, headers: this.headers(family, nowMs) }
  }

  /** The headers as they stand, without counting a request. */
  headers(family: Family, nowMs: number): RateLimitHeaders {
    const w = this.window(family, nowMs)
    const limit = this.limits[family]
    return {
      'X-Rate-Limit-Limit': String(limit),
      'X-Rate-Limit-Remaining': String(Math.max(0, limit - w.used)),
      'X-Rate-Limit-Reset': String((w.startMs + 60_000) / 1000),
    }
  }

  private window(family: Family, nowMs: number) {
    const startMs = Math.floor(nowMs / 60_000) * 60_000
    let w = this.windows.get(family)
    if (!w || w.startMs !== startMs) {
      w = { startMs, used: 0 }
      this.windows.set(family, w)
    }
    return w
  }
}
