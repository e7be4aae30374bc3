// How much of an Okta rate-limit window partnerwatch may still use. Okta's per-minute budgets are
// shared by every consumer of the org; we take at most `share` of each window and never drive
// Remaining to zero. Times are relative to the server's own `Date` header, so clock skew between
// us and Okta does not matter.

export interface RateHeaders {
  limit: number
  remaining: number
  /** X-Rate-Limit-Reset: UTC epoch seconds. */
  resetEpochS: number
  /** The response's Date header, epoch ms (whole seconds). */
  serverDateMs: number
}

export class RateBudget {
  private windowReset = 0
  private limit = 0
  private remaining = Number.POSITIVE_INFINITY
  private ownUsed = 0
  /** Local time (ms) at which the current window ends. */
  private windowEndsAtMs = 0

  private readonly share: number

  constructor(share: number) {
    this.share = share
  }

  /** Records what a response said about its window; `localNowMs` is when it arrived. */
  observe(h: RateHeaders, localNowMs: number): void {
    if (h.resetEpochS !== this.windowReset) {
      this.windowReset = h.resetEpochS
      this.ownUsed = 0
    }
    this.ownUsed += 1
    this.limit = h.limit
    this.remaining = h.remaining
    // Date has whole-second precision: add a second so we never wake early.
    this.windowEndsAtMs = localNowMs + Math.max(0, h.resetEpochS * 1000 - h.serverDateMs) + 1000
  }

  /** How long to wait before the next request (0: go now). `inFlight` are requests not yet answered. */
  delayMs(localNowMs: number, inFlight = 0): number {
    if (this.limit <= 0 || localNowMs >= this.windowEndsAtMs) {
      return 0
    }
    const allowed = Math.max(1, Math.floor(this.limit * this.share))
    if (this.ownUsed + inFlight >= allowed || this.remaining - inFlight <= 1) {
      return this.windowEndsAtMs - localNowMs
    }
    return 0
  }

  /** Waiting out a 429: until the window the 429 named is over. */
  waitFor429Ms(h: Partial<RateHeaders>, localNowMs: number, fallbackMs: number): number {
    if (h.resetEpochS === undefined || h.serverDateMs === undefined) {
      return fallbackMs
    }
    const ms = h.resetEpochS * 1000 - h.serverDateMs + 1000
    this.windowEndsAtMs = localNowMs + Math.max(ms, 1000)
    this.remaining = 0
    return Math.max(ms, 1000)
  }

  snapshot(): { limit: number; remaining: number; ownUsed: number; windowReset: number } {
    return {
      limit: this.limit,
      remaining: this.remaining,
      ownUsed: this.ownUsed,
      windowReset: this.windowReset,
    }
  }
}

/** Okta budgets are per endpoint family; these are the families we call. */
export function endpointFamily(url: string): string {
  const path = url.replace(/^https?:\/\/[^/]+/, '').replace(/^\/+/, '/')
  const m = /^\/api\/v1\/(logs|users|groups|apps|idps)\b/.exec(path)
  return m?.[1] ?? (path.startsWith('/oauth2/') ? 'oauth' : 'other')
}

export function parseRateHeaders(get: (name: string) => string | null): Partial<RateHeaders> {
  const num = (v: string | null): number | undefined => {
    if (v === null || v.trim() === '' || v.includes(',')) {
      return undefined
    }
    const n = Number(v)
    return Number.isFinite(n) ? n : undefined
  }
  const date = get('date')
  const dateMs = date ? Date.parse(date) : Number.NaN
  const out: Partial<RateHeaders> = {}
  const limit = num(get('x-rate-limit-limit'))
  const remaining = num(get('x-rate-limit-remaining'))
  const reset = num(get('x-rate-limit-reset'))
  if (limit !== undefined) {
    out.limit = limit
  }
  if (remaining !== undefined) {
    out.remaining = remaining
  }
  if (reset !== undefined) {
    out.resetEpochS = reset
  }
  if (Number.isFinite(dateMs)) {
    out.serverDateMs = dateMs
  }
  return out
}

export function isComplete(h: Partial<RateHeaders>): h is RateHeaders {
  return (
    h.limit !== undefined &&
    h.remaining !== undefined &&
    h.resetEpochS !== undefined &&
    h.serverDateMs !== undefined
  )
}
