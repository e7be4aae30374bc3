// One SDK client per org, built from resolved config: SSWS token or OAuth private key, the SDK's
// response cache off (analytics must see fresh data), and our request executor.
import { Client, type RequestExecutor } from '@okta/okta-sdk-nodejs'
import type { ResolvedOrg } from '../lib/config.js'

export interface OktaClientOptions {
  /** Paces and retries requests; every call of this client goes through it. */
  requestExecutor?: RequestExecutor
  userAgent?: string
}

export function createOktaClient(org: ResolvedOrg, options: OktaClientOptions = {}): Client {
  const common = {
    orgUrl: org.url,
    cacheMiddleware: null,
    userAgent: options.userAgent ?? 'partnerwatch',
    ...(options.requestExecutor ? { requestExecutor: options.requestExecutor } : {}),
  }
  const creds = org.credentials
  if (creds.kind === 'ssws') {
    return new Client({ ...common, token: creds.token })
  }
  return new Client({
    ...common,
    authorizationMode: 'PrivateKey',
    clientId: creds.clientId,
    scopes: creds.scopes,
    privateKey: creds.privateKey,
    ...(creds.keyId ? { keyId: creds.keyId } : {}),
  })
}
