// The SDK request executor for every call partnerwatch makes to Okta: paces requests from the
// X-Rate-Limit headers so we use at most our share of each budget, waits out a 429 (never hammers),
// retries 5xx, timeouts, dropped sockets and truncated bodies with capped exponential backoff and
// jitter, and reads each body completely before the SDK sees it (so a truncated page is retried, not
// half-parsed). 401/403 are returned at once: retrying bad credentials only locks accounts.
import { setTimeout as sleep } from 'node:timers/promises'
import { RequestExecutor } from '@okta/okta-sdk-nodejs'

type RequestOptions = Parameters<RequestExecutor['fetch']>[0]
import { RateBudget, endpointFamily, isComplete, parseRateHeaders } from './rate-budget.js'

export interface PacingOptions {
  /** Largest share of each rate-limit window we may use (0 < share ≤ 1). */
  share: number
  maxRetries: number
  requestTimeoutMs: number
  /** Aborts waits and requests on shutdown. */
  signal?: AbortSignal
  /** Jitter source, for tests. */
  random?: () => number
  baseBackoffMs?: number
  maxBackoffMs?: number
}

export interface ExecutorStats {
  requests: number
  retries: number
  rateLimited: number
  pacedMs: number
}

/** What the executor emits as 'retry' and 'pace' events. */
export interface RetryEvent {
  url: string
  attempt: number
  delayMs: number
  reason: string
}

interface HeadersLike {
  get(name: string): string | null
  forEach(fn: (value: string, name: string) => void): void
}

interface FetchedResponse {
  status: number
  statusText: string
  url: string
  headers: HeadersLike
  text(): Promise<string>
}

interface RequestLike {
  url?: string
  method?: string
  headers?: Record<string, string>
  signal?: AbortSignal
}

/** A response whose body has been read in full; what the SDK gets back from us. */
export class BufferedResponse {
  readonly ok: boolean
  readonly status: number
  readonly statusText: string
  readonly url: string
  readonly headers: HeadersLike
  private readonly body: string

  constructor(from: Omit<FetchedResponse, 'text'>, body: string) {
    this.status = from.status
    this.statusText = from.statusText
    this.url = from.url
    this.headers = from.headers
    this.body = body
    this.ok = from.status >= 200 && from.status < 300
  }

  text(): Promise<string> {
    return Promise.resolve(this.body)
  }

  json(): Promise<unknown> {
    return Promise.resolve(this.body === '' ? {} : (JSON.parse(this.body) as unknown))
  }

  buffer(): Promise<Buffer> {
    return Promise.resolve(Buffer.from(this.body))
  }

  clone(): BufferedResponse {
    return new BufferedResponse(this, this.body)
  }
}

export class PacingExecutor extends RequestExecutor {
  readonly stats: ExecutorStats = { requests: 0, retries: 0, rateLimited: 0, pacedMs: 0 }
  private readonly budgets = new Map<string, RateBudget>()
  private readonly inFlight = new Map<string, number>()
  private readonly options: Required<Omit<PacingOptions, 'signal'>> & {
    signal: AbortSignal | undefined
  }

  constructor(options: PacingOptions) {
    super()
    this.options = {
      random: Math.random,
      baseBackoffMs: 500,
      maxBackoffMs: 30_000,
      ...options,
      signal: options.signal,
    }
  }

  override async fetch(request: RequestLike): Promise<BufferedResponse> {
    const url = request.url ?? ''
    const family = endpointFamily(url)
    const budget = this.budget(family)
    let lastError: unknown
    for (let attempt = 0; ; attempt++) {
      await this.pace(family, budget, url)
      const outcome = await this.attempt(request, family, budget, attempt)
      if (outcome.kind === 'done') {
        return outcome.response
      }
      lastError = outcome.error
      if (attempt >= this.options.maxRetries) {
        if (outcome.response) {
          return outcome.response
        }
        throw lastError
      }
      this.stats.retries += 1
      const event: RetryEvent = {
        url,
        attempt: attempt + 1,
        delayMs: outcome.delayMs,
        reason: outcome.reason,
      }
      this.emit('retry', event)
      await this.wait(outcome.delayMs)
    }
  }

  /** Budget state per endpoint family, for progress lines and tests. */
  budgetOf(family: string): ReturnType<RateBudget['snapshot']> | undefined {
    return this.budgets.get(family)?.snapshot()
  }

  private async attempt(
    request: RequestLike,
    family: string,
    budget: RateBudget,
    attempt: number,
  ): Promise<
    | { kind: 'done'; response: BufferedResponse }
    | {
        kind: 'retry'
        delayMs: number
        reason: string
        error: unknown
        response?: BufferedResponse
      }
  > {
    this.stats.requests += 1
    this.inFlight.set(family, (this.inFlight.get(family) ?? 0) + 1)
    const timeout = AbortSignal.timeout(this.options.requestTimeoutMs)
    const signal = this.options.signal ? AbortSignal.any([timeout, this.options.signal]) : timeout
    const headers = { ...request.headers }
    if (attempt > 0) {
      headers['X-Okta-Retry-Count'] = String(attempt)
    }
    let response: BufferedResponse
    try {
      const raw = (await super.fetch({
        ...request,
        headers,
        signal,
      } as RequestOptions)) as FetchedResponse
      const body = await raw.text()
      const declared = Number(raw.headers.get('content-length') ?? Number.NaN)
      if (!raw.headers.get('content-encoding') && declared > Buffer.byteLength(body)) {
        throw new Error(`truncated body: ${Buffer.byteLength(body)} of ${declared} bytes`)
      }
      response = new BufferedResponse(raw, body)
    } catch (err) {
      this.options.signal?.throwIfAborted()
      const reason = timeout.aborted
        ? `timeout after ${this.options.requestTimeoutMs} ms`
        : errorText(err)
      return { kind: 'retry', delayMs: this.backoff(attempt), reason, error: err }
    } finally {
      this.inFlight.set(family, (this.inFlight.get(family) ?? 1) - 1)
    }
    const rate = parseRateHeaders((n) => response.headers.get(n))
    if (isComplete(rate)) {
      budget.observe(rate, Date.now())
    }
    if (response.status === 429) {
      this.stats.rateLimited += 1
      const delayMs =
        budget.waitFor429Ms(rate, Date.now(), this.backoff(attempt)) + this.jitter(500)
      return { kind: 'retry', delayMs, reason: 'HTTP 429 rate limited', error: undefined, response }
    }
    if (response.status >= 500) {
      return {
        kind: 'retry',
        delayMs: this.backoff(attempt),
        reason: `HTTP ${response.status}`,
        error: undefined,
        response,
      }
    }
    return { kind: 'done', response }
  }

  private async pace(family: string, budget: RateBudget, url: string): Promise<void> {
    const delayMs = budget.delayMs(Date.now(), this.inFlight.get(family) ?? 0)
    if (delayMs > 0) {
      this.stats.pacedMs += delayMs
      const event: RetryEvent = {
        url,
        attempt: 0,
        delayMs,
        reason: `pacing ${family}: our share of the window is used`,
      }
      this.emit('pace', event)
      await this.wait(delayMs + this.jitter(250))
    }
  }

  private budget(family: string): RateBudget {
    let b = this.budgets.get(family)
    if (!b) {
      b = new RateBudget(this.options.share)
      this.budgets.set(family, b)
    }
    return b
  }

  private backoff(attempt: number): number {
    const ceiling = Math.min(this.options.maxBackoffMs, this.options.baseBackoffMs * 2 ** attempt)
    return Math.round(ceiling / 2 + this.options.random() * (ceiling / 2))
  }

  private jitter(maxMs: number): number {
    return Math.round(this.options.random() * maxMs)
  }

  private async wait(ms: number): Promise<void> {
    await sleep(ms, undefined, this.options.signal ? { signal: this.options.signal } : undefined)
  }
}

function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? 'network error'
}
