// One request, step by step: count it, apply a scripted fault, authenticate, route, check the
// OAuth scope, spend the rate-limit budget, run the route, and answer with Okta's common headers
// (Date from the sim's clock, X-Okta-Request-Id, X-Rate-Limit-*, Content-Type).
import type { IncomingMessage, ServerResponse } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Clock } from '../../lib/clock.js'
import { requireScope, type Authenticator } from './auth.js'
import {
  internalError,
  methodNotAllowed,
  notFound,
  randomOktaId,
  rateLimited,
  SimHttpError,
} from './errors.js'
import type { FaultLookup } from './faults.js'
import { errorResponse, faultResponse, writeResponse } from './respond.js'
import { familyOf, type RateLimiter } from './rate-limit.js'
import { normalizePath, type RouteMatch } from './router.js'
import type { Principal, SimContext, SimRequest, SimResponse } from './types.js'

export interface PipelineDeps {
  clock: Clock
  faults: FaultLookup
  auth: Authenticator
  limiter: RateLimiter
  route: (method: string, path: string) => RouteMatch
  ctx: SimContext
  /** Returns the 1-based number of this request. */
  countRequest(): number
  onServed(uuids: readonly string[]): void
  onError(err: unknown): void
  /** Aborted when the server closes, ending `slow` waits. */
  signal: AbortSignal
}

const MAX_BODY_BYTES = 1024 * 1024
const UNAUTHENTICATED = new Set(['/oauth2/v1/token'])

export function createPipeline(deps: PipelineDeps) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(deps, req, res).catch((err: unknown) => {
      deps.onError(err)
      res.destroy()
    })
  }
}

async function handle(deps: PipelineDeps, req: IncomingMessage, res: ServerResponse) {
  const n = deps.countRequest()
  // Not `new URL(...)`: it would read `//api/v1/…` as a host name.
  const target = req.url ?? '/'
  const queryAt = target.indexOf('?')
  const path = normalizePath(queryAt < 0 ? target : target.slice(0, queryAt))
  const query = new URLSearchParams(queryAt < 0 ? '' : target.slice(queryAt + 1))
  const fault = deps.faults(n, path)
  if (fault?.kind === 'drop') {
    req.socket.destroy()
    return
  }
  if (fault?.kind === 'slow') {
    try {
      await sleep(fault.ms, undefined, { signal: deps.signal })
    } catch {
      req.socket.destroy()
      return
    }
  }
  const body = await readBody(req)
  const now = deps.clock.now()
  const nowMs = now.getTime()
  const family = familyOf(path)
  const requestId = randomOktaId()
  let rateHeaders: Record<string, string> = deps.limiter.headers(family, nowMs)
  let response: SimResponse
  try {
    if (fault?.kind === 'status') {
      response = faultResponse(fault.status)
      if (fault.status === 429) {
        const resetSeconds = Math.floor(nowMs / 1000) + 1
        rateHeaders = { ...rateHeaders, 'X-Rate-Limit-Remaining': '0' }
        rateHeaders['X-Rate-Limit-Reset'] = String(resetSeconds)
      }
    } else {
      const match = deps.route(req.method ?? 'GET', path)
      const principal = UNAUTHENTICATED.has(path)
        ? anonymous
        : deps.auth.authenticate(req.headers.authorization)
      if (match.kind === 'none') {
        throw notFound(`${path} (${req.method ?? 'GET'})`)
      }
      if (match.kind === 'wrong-method') {
        throw methodNotAllowed()
      }
      requireScope(principal, match.route.scope)
      const taken = deps.limiter.take(family, nowMs)
      rateHeaders = taken.headers
      if (!taken.allowed) {
        throw rateLimited()
      }
      const simReq: SimRequest = {
        method: req.method ?? 'GET',
        path,
        query,
        params: match.params,
        headers: req.headers,
        body,
        baseUrl: baseUrlOf(req),
        now,
        principal,
        requestId,
      }
      response = await match.route.handle(simReq, deps.ctx)
    }
  } catch (err) {
    if (!(err instanceof SimHttpError)) {
      deps.onError(err)
    }
    response = errorResponse(err instanceof SimHttpError ? err : internalError())
  }
  const common = {
    Date: now.toUTCString(),
    'X-Okta-Request-Id': requestId,
    'Content-Type': 'application/json',
    ...rateHeaders,
  }
  const served = response.servedUuids ?? []
  writeResponse(res, response, common, fault?.kind === 'truncate', () => {
    if (served.length > 0) {
      deps.onServed(served)
    }
  })
}

const anonymous: Principal = {
  id: 'anonymous',
  type: 'PublicClientApp',
  alternateId: 'anonymous',
  displayName: 'anonymous',
  scopes: [],
  tokenId: 'anonymous',
}

function baseUrlOf(req: IncomingMessage): string {
  const host = req.headers.host
  if (host && /^[A-Za-z0-9.\-[\]:]+$/.test(host)) {
    return `http://${host}`
  }
  const address = req.socket.localAddress ?? '127.0.0.1'
  return `http://${address}:${req.socket.localPort ?? 80}`
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    const buf = chunk as Buffer
    size += buf.length
    if (size <= MAX_BODY_BYTES) {
      chunks.push(buf)
    }
  }
  return Buffer.concat(chunks).toString('utf8')
}
