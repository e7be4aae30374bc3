// Bearer-token authentication and role checks. Every route declares who may call it in its config
// (`config: { roles: [...] }`) or that it is public (`config: { public: true }`); a route that says
// neither is refused to everyone, so a route added later cannot be open by omission.
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify'
import { Forbidden, Unauthorized } from '../../lib/errors.js'
import type { SqlRunner } from '../sql-runner.js'
import type { Principal, Role } from './roles.js'
import { hashToken, hashesEqual, looksLikeToken } from './token-secret.js'
import { createTokensQueries } from './tokens-queries.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The roles that may call this route. */
    roles?: readonly Role[]
    /** No token needed (health, OpenAPI, docs). */
    public?: boolean
  }
  interface FastifyRequest {
    /** Set by the authentication hook on every non-public route; null only on public ones. */
    principal: Principal | null
  }
}

export interface Authenticator {
  principalFor(authorization: string | undefined): Promise<Principal | null>
  /** Drops cached lookups, e.g. after a revoke, so the next request reads the table again. */
  forget(): void
}

/**
 * Looks tokens up by SHA-256 and compares the stored hash in constant time. Lookups are cached for
 * `cacheMs` so a busy client costs no query per request; a revoke through the API clears the cache.
 */
export function createAuthenticator(db: SqlRunner, cacheMs = 5000, now = Date.now): Authenticator {
  const cache = new Map<string, { principal: Principal | null; until: number }>()
  const queries = createTokensQueries(db)
  return {
    async principalFor(authorization) {
      const match = /^Bearer ([^\s]+)$/i.exec(authorization ?? '')
      const token = match?.[1]
      if (!token || !looksLikeToken(token)) {
        return null
      }
      const hash = hashToken(token)
      const cached = cache.get(hash)
      if (cached && cached.until > now()) {
        return cached.principal
      }
      const row = await queries.byHash(hash)
      const principal =
        row && hashesEqual(row.hash, hash)
          ? { tokenId: row.id, name: row.name, role: row.role, partnerScope: row.partnerId }
          : null
      if (cache.size > 10_000) {
        cache.clear()
      }
      cache.set(hash, { principal, until: now() + cacheMs })
      return principal
    },
    forget: () => cache.clear(),
  }
}

/**
 * Installs authentication in two steps: onRequest finds the caller (or none), so the rate limit that
 * runs next counts every request, known token or not (keyed by token, else by address); preValidation
 * then refuses the unknown (401) and the wrong role (403) before any input is validated or used.
 */
export function installAuthentication(app: FastifyInstance, auth: Authenticator): void {
  app.decorateRequest('principal', null)
  const guarded = (request: FastifyRequest) =>
    !request.is404 && request.routeOptions.config.public !== true
  app.addHook('onRequest', async (request) => {
    if (guarded(request)) {
      request.principal = await auth.principalFor(request.headers.authorization)
    }
  })
  app.addHook('preValidation', async (request) => {
    if (guarded(request)) {
      checkRole(request, request.routeOptions.config.roles ?? [])
    }
  })
}

/** A preHandler that narrows a route further than its config (e.g. one method of a shared handler). */
export function requireRole(...roles: Role[]): preHandlerAsyncHookHandler {
  return async (request) => {
    checkRole(request, roles)
  }
}

function checkRole(request: FastifyRequest, roles: readonly Role[]): void {
  const principal = principalOf(request)
  if (!roles.includes(principal.role)) {
    throw new Forbidden(
      `role ${principal.role} may not ${request.method} ${request.routeOptions.url ?? request.url}`,
    )
  }
}

/** The authenticated caller; throws Unauthorized on a public route. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) {
    throw new Unauthorized()
  }
  return request.principal
}

/** The partner a caller is confined to (a partner-admin's), or null: bind it in every query. */
export function scopeOf(request: FastifyRequest): string | null {
  return principalOf(request).partnerScope
}
