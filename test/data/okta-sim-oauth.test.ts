// The SDK's PrivateKey mode against POST /oauth2/v1/token: a verified private_key_jwt assertion
// gives a Bearer token limited to its scopes.
import { generateKeyPairSync } from 'node:crypto'
import { Client, OktaApiError } from '@okta/okta-sdk-nodejs'
import { expect, test } from 'vitest'
import { startSim, USERS } from './okta-sim-fixtures.js'

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 })
const privatePem = keys.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()
const publicPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString()
const clientId = '0oaserviceapp0000001'

function privateKeyClient(url: string, scopes: string[], privateKey = privatePem) {
  return new Client({
    orgUrl: url,
    cacheMiddleware: null,
    authorizationMode: 'PrivateKey',
    clientId,
    scopes,
    privateKey,
    keyId: 'kid-1',
  })
}

test('a signed assertion gets a Bearer token that works within its scopes', async () => {
  const sim = await startSim({ oauth: { clientId, publicKey: publicPem } })
  const client = privateKeyClient(sim.url, ['okta.users.read', 'okta.logs.read'])
  expect((await client.userApi.getUser({ userId: USERS.ann.id })).id).toBe(USERS.ann.id)
  const err = await client.groupApi
    .listGroups({})
    .then((c) => c.next())
    .catch((e: unknown) => e)
  expect(err).toBeInstanceOf(OktaApiError)
  expect(err).toMatchObject({ status: 403, errorCode: 'E0000006' })
  expect(sim.requestCount).toBe(3)
})

test('an assertion signed with another key is refused with invalid_client', async () => {
  const sim = await startSim({ oauth: { clientId, publicKey: publicPem } })
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const otherPem = other.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()
  const client = privateKeyClient(sim.url, ['okta.users.read'], otherPem)
  const err = await client.userApi.getUser({ userId: USERS.ann.id }).catch((e: unknown) => e)
  expect(err).toMatchObject({ status: 401 })
  const res = await fetch(`${sim.url}/oauth2/v1/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=a.b.c',
  })
  expect(res.status).toBe(401)
  expect(await res.json()).toMatchObject({ error: 'invalid_client' })
})

test('without an oauth option the token endpoint refuses every client', async () => {
  const sim = await startSim()
  const res = await fetch(`${sim.url}/oauth2/v1/token`, { method: 'POST', body: '' })
  expect(res.status).toBe(401)
  expect(res.headers.get('x-okta-request-id')).toBeTruthy()
})
