// The partner scope lives in the SQL: the query functions themselves, called with acme's scope and
// bolt's ids or filters, return nothing of bolt, whatever the route in front of them checks.
import { describe, expect } from 'vitest'
import { createAnomaliesQueries } from '../../api/queries/anomalies-queries.js'
import { createPartnersQueries } from '../../api/queries/partners-queries.js'
import { createUsersQueries } from '../../api/queries/users-queries.js'
import { dbTest } from '../helpers/db.js'
import { seed, testConfig } from './fixture.js'

const all = {
  partner: null,
  detector: null,
  severity: null,
  status: null,
  user: null,
  since: null,
  until: null,
  after: null,
  limit: 100,
} as const

describe('scope in the SQL', () => {
  dbTest(
    'anomalies: a bolt filter, id or position under acme’s scope finds nothing of bolt',
    async ({ db }) => {
      await seed(db)
      const q = createAnomaliesQueries(db)
      expect(await q.list({ ...all, scope: 'acme', partner: 'bolt' })).toEqual([])
      expect(await q.list({ ...all, scope: 'acme', user: 'u-bolt-1' })).toEqual([])
      const acme = await q.list({
        ...all,
        scope: 'acme',
        after: { occurredUs: 2n ** 60n, id: 'z' },
      })
      expect(acme.map((r) => r.partner_id)).toEqual(['acme', 'acme', 'acme', 'acme', 'acme'])
      expect(await q.one('f-bolt-1', 'acme')).toBeUndefined()
      expect((await q.one('f-bolt-1', null))?.partner_id).toBe('bolt')
      expect((await q.list({ ...all, scope: null })).length).toBe(10)
    },
  )

  dbTest('triage under acme’s scope cannot touch a bolt finding', async ({ db }) => {
    await seed(db)
    const q = createAnomaliesQueries(db)
    const at = new Date('2026-11-29T12:00:00Z')
    const t = { scope: 'acme', status: 'dismissed', comment: 'x', by: 'a', at } as const
    expect(await q.triage({ ...t, id: 'f-bolt-1' })).toBe(false)
    expect((await q.one('f-bolt-1', null))?.status).toBe('open')
    expect(await q.triage({ ...t, id: 'f-acme-1' })).toBe(true)
    expect((await q.one('f-acme-1', null))?.status).toBe('dismissed')
  })

  dbTest('partners, users and timelines under acme’s scope', async ({ db }) => {
    await seed(db)
    const p = createPartnersQueries(db, testConfig.partners)
    expect((await p.list('acme')).map((x) => x.id)).toEqual(['acme'])
    expect((await p.list(null)).map((x) => x.id)).toEqual(['acme', 'bolt'])
    expect(await p.one('bolt', 'acme')).toBeUndefined()
    const base = { scope: 'acme', status: null, after: null, limit: 10 }
    expect(await p.users({ ...base, partner: 'bolt' })).toEqual([])
    expect((await p.users({ ...base, partner: 'acme' })).length).toBe(3)
    const u = createUsersQueries(db)
    expect(await u.user('u-bolt-1', 'acme')).toBeUndefined()
    const window = { since: null, until: null, limit: 10 }
    const signIns = { ...window, beforeUs: null, beforeUuid: null }
    expect(await u.signIns({ ...signIns, user: 'u-bolt-1', scope: 'acme' })).toEqual([])
    expect((await u.signIns({ ...signIns, user: 'u-bolt-1', scope: null })).length).toBe(2)
    expect(await u.findings({ ...window, user: 'u-bolt-1', scope: 'acme' })).toEqual([])
    expect((await u.findings({ ...window, user: 'u-acme-1', scope: 'acme' })).length).toBe(2)
  })
})
