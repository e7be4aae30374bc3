// Who is calling: `Authorization: SSWS <token>` for the configured API token, or `Bearer <token>`
// for an access token issued by /oauth2/v1/token. Anything else is 401 E0000011. OAuth callers are
// limited to their scopes (403 E0000006); a `.manage` scope includes its `.read`.
import { forbidden, invalidToken } from './errors.js'
import type { Principal } from './types.js'

export class Authenticator {
  /** Access tokens issued by the token endpoint. */
  private readonly bearer = new Map<string, Principal>()

  private readonly apiToken: string
  private readonly admin: Principal

  constructor(apiToken: string, admin: Principal) {
    this.apiToken = apiToken
    this.admin = admin
  }

  issue(accessToken: string, principal: Principal): void {
    this.bearer.set(accessToken, principal)
  }

  authenticate(header: string | undefined): Principal {
    const m = /^(SSWS|Bearer)\s+(\S+)\s*$/i.exec(header ?? '')
    const scheme = m?.[1]?.toUpperCase()
    const credential = m?.[2] ?? ''
    if (scheme === 'SSWS' && credential === this.apiToken) {
      return this.admin
    }
    const principal = scheme === 'BEARER' ? this.bearer.get(credential) : undefined
    if (!principal) {
      throw invalidToken()
    }
    return principal
  }
}

export function requireScope(principal: Principal, scope: string | undefined): void {
  if (scope === undefined || principal.scopes === undefined) {
    return
  }
  const manage = scope.replace(/\.read$/, '.manage')
  if (!principal.scopes.includes(scope) && !principal.scopes.includes(manage)) {
    throw forbidden()
  }
}
