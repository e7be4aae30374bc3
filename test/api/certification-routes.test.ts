// The certification routes over HTTP on a directory synced from the simulated org: create, launch,
// review, decide, and download the evidence bundle as a tar whose SHA256SUMS verify; roles as
// DESIGN.md says (auditors read, partner admins and SIEMs do not).
import { createHash } from 'node:crypto'
import { describe, expect, onTestFinished } from 'vitest'
import { buildApp } from '../../api/app.js'
import { createToken } from '../../api/auth/tokens.js'
import { certificationRoutes } from '../../api/routes/certification.js'
import { parseConfig } from '../../lib/config.js'
import type { Database } from '../../lib/db.js'
import { dbTest } from '../helpers/db.js'
import { untar } from '../helpers/tar.js'
import { OWNER, certFixture } from '../reports/certification/fixture.js'
import { bearer } from './fixture.js'

async function setup(db: Database) {
  const fixture = await certFixture(db)
  const base = parseConfig({}, { env: {}, cwd: '/', source: 'test' })
  const config = {
    ...base,
    partners: [...fixture.ctx.partners],
    certification: fixture.ctx.settings,
  }
  const ids = config.partners.map((p) => p.id)
  const tokens: Record<string, string> = {}
  const make = async (name: string, role: string, partnerId?: string) =>
    (tokens[name] = (
      await createToken(db, { role, name, partnerId }, { clock: fixture.clock, partnerIds: ids })
    ).token)
  await make(OWNER, 'admin')
  await make('auditor', 'auditor')
  await make('siem', 'siem')
  await make('partner', 'partner-admin', ids[0])
  const app = await buildApp({ db, config, clock: fixture.clock, routes: [certificationRoutes] })
  onTestFinished(() => app.close())
  const call = (method: 'GET' | 'POST', url: string, who: string, payload?: object) =>
    app.inject({ method, url: `/api/v1${url}`, headers: bearer(tokens[who] ?? ''), payload })
  return call
}

describe('certification over HTTP', () => {
  dbTest(
    'creates, launches, reviews, decides and downloads a bundle whose hashes verify',
    { timeout: 60_000 },
    async ({ db }) => {
      const call = await setup(db)
      const created = await call('POST', '/certification/campaigns', OWNER, { period: '2026-Q1' })
      expect(created.statusCode, created.body).toBe(201)
      const id = created.json<{ id: string; owner: string }>().id
      expect(created.json<{ owner: string }>().owner).toBe(OWNER)

      const launched = await call('POST', `/certification/campaigns/${id}/launch`, OWNER)
      expect(launched.statusCode, launched.body).toBe(200)
      const campaign = launched.json<{ state: string; itemCount: number; sourceCount: number }>()
      expect(campaign.state).toBe('active')
      expect(campaign.itemCount).toBeGreaterThan(0)

      const page = await call('GET', `/certification/campaigns/${id}/items?limit=1000`, 'auditor')
      expect(page.statusCode).toBe(200)
      const items = page.json<{ items: { seq: number; login: string | null }[] }>().items
      expect(items).toHaveLength(campaign.itemCount)
      const seq = items[0]?.seq ?? 0

      const bare = await call(
        'POST',
        `/certification/campaigns/${id}/items/${seq}/decision`,
        OWNER,
        {
          decision: 'revoke',
        },
      )
      expect(bare.statusCode).toBe(400)
      const revoked = await call(
        'POST',
        `/certification/campaigns/${id}/items/${seq}/decision`,
        OWNER,
        {
          decision: 'revoke',
          justification: 'contract ended',
        },
      )
      expect(revoked.statusCode, revoked.body).toBe(200)
      expect(revoked.json()).toMatchObject({ itemSeq: seq, decision: 'revoke' })

      const bundle = await call(
        'GET',
        `/certification/campaigns/${id}/bundle?format=csv`,
        'auditor',
      )
      expect(bundle.statusCode, bundle.body.slice(0, 300)).toBe(200)
      expect(bundle.headers['content-type']).toBe('application/x-tar')
      const files = untar(bundle.rawPayload)
      expect([...files.keys()]).toEqual(
        expect.arrayContaining(['summary.json', 'manifest.json', 'SHA256SUMS']),
      )
      const sums = (files.get('SHA256SUMS')?.toString() ?? '').trim().split('\n')
      expect(sums.length).toBeGreaterThan(2)
      for (const line of sums) {
        const [hash, name] = line.split(/\s+/)
        const body = files.get(name ?? '')
        expect(body, name).toBeDefined()
        expect(
          createHash('sha256')
            .update(body ?? Buffer.alloc(0))
            .digest('hex'),
        ).toBe(hash)
      }
    },
  )

  dbTest(
    'lets auditors read, and keeps partner admins and SIEMs out',
    { timeout: 60_000 },
    async ({ db }) => {
      const call = await setup(db)
      expect((await call('GET', '/certification/campaigns', 'auditor')).statusCode).toBe(200)
      expect(
        (await call('POST', '/certification/campaigns', 'auditor', { period: '2026-Q1' }))
          .statusCode,
      ).toBe(403)
      expect((await call('GET', '/certification/campaigns', 'partner')).statusCode).toBe(403)
      expect((await call('GET', '/certification/campaigns', 'siem')).statusCode).toBe(403)
      expect((await call('GET', '/certification/campaigns/nope', 'auditor')).statusCode).toBe(404)
      expect(
        (await call('POST', '/certification/campaigns', OWNER, { period: '2026-Q9' })).statusCode,
      ).toBe(400)
    },
  )
})
