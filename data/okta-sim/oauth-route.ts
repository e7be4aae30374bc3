// POST /oauth2/v1/token: the client-credentials grant with a private_key_jwt assertion, as the SDK's
// `authorizationMode: 'PrivateKey'` sends it. The assertion must name the configured client
// (iss = sub = clientId), be addressed to this endpoint and not be expired (by real time: the SDK
// signs with the host's clock). With a public key configured its RS256/ES256 signature is verified;
// without one it is accepted unverified. The access token has the scopes asked for. DPoP is not
// offered.
import { createPublicKey, randomBytes, verify, type KeyObject } from 'node:crypto'
import type { Authenticator } from './auth.js'
import type { Route, SimResponse } from './types.js'

export interface OAuthOptions {
  clientId: string
  /** PEM (or a KeyObject) of the client's public key; omitted → signatures are not checked. */
  publicKey?: string | KeyObject
}

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'

function oauthError(status: number, error: string, description: string): SimResponse {
  return { status, body: JSON.stringify({ error, error_description: description }) }
}

export function oauthRoutes(options: OAuthOptions | undefined, auth: Authenticator): Route[] {
  const key =
    options?.publicKey === undefined
      ? undefined
      : typeof options.publicKey === 'string'
        ? createPublicKey(options.publicKey)
        : options.publicKey
  return [
    {
      method: 'POST',
      pattern: '/oauth2/v1/token',
      handle(req) {
        if (!options) {
          return oauthError(401, 'invalid_client', 'No OAuth client is configured.')
        }
        const form = new URLSearchParams(req.body)
        if (form.get('grant_type') !== 'client_credentials') {
          return oauthError(400, 'unsupported_grant_type', 'Only client_credentials is supported.')
        }
        if (form.get('client_assertion_type') !== ASSERTION_TYPE) {
          return oauthError(
            401,
            'invalid_client',
            'A private_key_jwt client assertion is required.',
          )
        }
        const problem = checkAssertion(form.get('client_assertion') ?? '', options.clientId, key)
        if (problem) {
          return oauthError(401, 'invalid_client', problem)
        }
        const scopes = (form.get('scope') ?? '').split(/\s+/).filter((s) => s !== '')
        const accessToken = randomBytes(24).toString('base64url')
        auth.issue(accessToken, {
          id: options.clientId,
          type: 'PublicClientApp',
          alternateId: options.clientId,
          displayName: 'OAuth service app',
          scopes,
          tokenId: options.clientId,
        })
        const body = {
          token_type: 'Bearer',
          expires_in: 3600,
          access_token: accessToken,
          scope: scopes.join(' '),
        }
        return { status: 200, body: JSON.stringify(body) }
      },
    },
  ]
}

/** What is wrong with the assertion, or undefined when it is acceptable. */
function checkAssertion(jwt: string, clientId: string, key: KeyObject | undefined) {
  const [h, p, s] = jwt.split('.')
  if (h === undefined || p === undefined || s === undefined) {
    return 'The client_assertion is not a JWT.'
  }
  let header: { alg?: string }
  let claims: { iss?: string; sub?: string; aud?: string; exp?: number }
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as typeof header
    claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as typeof claims
  } catch {
    return 'The client_assertion is not a JWT.'
  }
  if (claims.iss !== clientId || claims.sub !== clientId) {
    return 'The client_assertion iss and sub must be the client id.'
  }
  if (typeof claims.aud !== 'string' || !claims.aud.endsWith('/oauth2/v1/token')) {
    return 'The client_assertion aud must be the token endpoint.'
  }
  if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now()) {
    return 'The client_assertion has expired.'
  }
  if (key) {
    const alg = header.alg === 'ES256' ? 'ES256' : header.alg === 'RS256' ? 'RS256' : undefined
    const ok =
      alg !== undefined &&
      verify(
        'sha256',
        Buffer.from(`${h}.${p}`),
        alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' } : key,
        Buffer.from(s, 'base64url'),
      )
    if (!ok) {
      return 'The client_assertion signature is invalid.'
    }
  }
  return undefined
}
