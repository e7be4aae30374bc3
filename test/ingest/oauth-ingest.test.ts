// Ingest with OAuth 2.0 client credentials and a private key (OKTA_CLIENT_ID + OKTA_PRIVATE_KEY),
// through the same pacing executor, against the simulated org's token endpoint.
import { generateKeyPairSync } from 'node:crypto'
import { describe, expect } from 'vitest'
import { fixedClock } from '../../lib/clock.js'
import { parseConfig } from '../../lib/config.js'
import { eventSeries, startSim } from '../data/okta-sim-fixtures.js'
import { dbTest } from '../helpers/db.js'
import { once, storedUuids, testIngestConfig } from '../helpers/ingest.js'
import { ingestOrg } from '../../ingest/org-ingest.js'

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 })
const privatePem = keys.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()
const publicPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString()
const clientId = '0oaserviceapp0000001'

describe('OAuth private-key ingest', () => {
  dbTest(
    'pulls the log and syncs the directory with a Bearer token from a signed assertion',
    async ({ db }) => {
      const clock = fixedClock('2026-03-02T12:00:00.000Z')
      const sim = await startSim({
        events: eventSeries(1200, '2026-03-01T00:00:00.000Z'),
        clock,
        oauth: { clientId, publicKey: publicPem },
      })
      const config = parseConfig(
        {},
        {
          env: { OKTA_ORG_URL: sim.url, OKTA_CLIENT_ID: clientId, OKTA_PRIVATE_KEY: privatePem },
          cwd: '/',
          source: 'env',
        },
      )
      const org = config.orgs[0]!
      expect(org.credentials.kind).toBe('private-key')
      const result = await ingestOrg({
        db,
        clock,
        config: { ...testIngestConfig, partners: [] },
        org,
        mode: once,
        directory: true,
      })
      expect(result.error).toBeUndefined()
      expect(await storedUuids(db)).toEqual([...sim.servedUuids()].sort())
      expect(result.summary?.stored).toBe(1200)
      expect(result.directory?.counts.users).toBeGreaterThan(0)
    },
  )

  dbTest('a key the org does not know stops the org with an auth error', async ({ db }) => {
    const clock = fixedClock('2026-03-02T12:00:00.000Z')
    const sim = await startSim({
      events: eventSeries(5, '2026-03-01T00:00:00.000Z'),
      clock,
      oauth: { clientId, publicKey: publicPem },
    })
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs1', format: 'pem' })
      .toString()
    const config = parseConfig(
      {},
      {
        env: { OKTA_ORG_URL: sim.url, OKTA_CLIENT_ID: clientId, OKTA_PRIVATE_KEY: other },
        cwd: '/',
        source: 'env',
      },
    )
    const result = await ingestOrg({
      db,
      clock,
      config: testIngestConfig,
      org: config.orgs[0]!,
      mode: once,
    })
    expect(result.error).toMatchObject({ code: 'ERR_OKTA_AUTH_FAILED', status: 401 })
  })
})
