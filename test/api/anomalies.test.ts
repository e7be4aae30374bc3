// Anomalies, partners, timelines and readiness through the API, on the seeded store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, NOW, seededApi, type SeededApi } from './fixture.js'

interface Item {
  id: string
  partnerId: string | null
  severity: string
  status: string
  occurredAt: string
  statusBy: string | null
  statusComment: string | null
  statusAt: string | null
  details: Record<string, unknown>
}
interface ListBody {
  items: Item[]
  nextCursor: string | null
}

let api: SeededApi
beforeAll(async () => {
  api = await seededApi()
})
afterAll(async () => {
  await api.close()
})

async function get<T>(url: string, who: keyof SeededApi['tokens'] = 'analyst') {
  const res = await api.app.inject({ url, headers: bearer(api.tokens[who]) })
  expect(res.statusCode, res.body).toBe(200)
  return res.json<T>()
}

describe('anomalies', () => {
  it('lists newest first and filters by partner, detector, severity, user and time', async () => {
    const all = await get<ListBody>('/api/v1/anomalies')
    expect(all.items).toHaveLength(10)
    const times = all.items.map((f) => f.occurredAt)
    expect([...times].sort().reverse()).toEqual(times)
    const ids = async (q: string) =>
      (await get<ListBody>(`/api/v1/anomalies?${q}`)).items.map((f) => f.id)
    expect(await ids('partner=bolt&severity=critical')).toEqual(['f-bolt-4'])
    expect(await ids('detector=new-country')).toEqual(['f-bolt-3', 'f-acme-4', 'f-acme-5'])
    expect(await ids('user=u-acme-1')).toEqual(['f-acme-1', 'f-acme-2'])
    expect(await ids('user=bob@acme.example')).toEqual(['f-acme-3', 'f-acme-4'])
    expect(await ids('since=2026-11-27T00:00:00Z&until=2026-11-28T07:30:00Z&partner=bolt')).toEqual(
      ['f-bolt-2', 'f-bolt-3'],
    )
  })

  it('pages with the cursor through every finding once, in order', async () => {
    const all = (await get<ListBody>('/api/v1/anomalies')).items.map((f) => f.id)
    const paged: string[] = []
    let cursor: string | null = null
    do {
      const page: ListBody = await get<ListBody>(
        `/api/v1/anomalies?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      )
      expect(page.items.length).toBeLessThanOrEqual(3)
      paged.push(...page.items.map((f) => f.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(paged).toEqual(all)
  })

  it('refuses a cursor with other filters', async () => {
    const page = await get<ListBody>('/api/v1/anomalies?limit=1&partner=acme')
    const res = await api.app.inject({
      url: `/api/v1/anomalies?limit=1&partner=acme&severity=high&cursor=${page.nextCursor}`,
      headers: bearer(api.tokens.analyst),
    })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 'bad_cursor' })
  })

  it('triage records status, comment, who and when, visible at once in lists', async () => {
    const before = await get<ListBody>('/api/v1/anomalies?status=confirmed')
    expect(before.items).toEqual([])
    const res = await api.app.inject({
      method: 'POST',
      url: '/api/v1/anomalies/f-acme-2/triage',
      headers: bearer(api.tokens.analyst),
      payload: { status: 'confirmed', comment: 'called the partner: not them' },
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({
      id: 'f-acme-2',
      status: 'confirmed',
      statusBy: 'analyst',
      statusAt: NOW,
      statusComment: 'called the partner: not them',
    })
    const after = await get<ListBody>('/api/v1/anomalies?status=confirmed')
    expect(after.items.map((f) => f.id)).toEqual(['f-acme-2'])
    const history = await api.db.all<{ status: string; by_token: string }>(
      `SELECT status, by_token FROM finding_triage WHERE finding_id = 'f-acme-2'`,
    )
    expect(history).toEqual([{ status: 'confirmed', by_token: 'analyst' }])
    const seenByPartner = await get<Item>('/api/v1/anomalies/f-acme-2', 'partner-admin')
    expect(seenByPartner).toMatchObject({
      status: 'confirmed',
      statusBy: null,
      statusComment: null,
    })
  })

  it('one anomaly carries its details', async () => {
    const one = await get<Item>('/api/v1/anomalies/f-acme-1')
    expect(one.details).toEqual({ km: 4500, thresholdKmh: 900 })
  })
})

describe('partners, users, timeline, readiness', () => {
  it('lists partners and counts one', async () => {
    expect(await get('/api/v1/partners')).toEqual({
      items: [
        { id: 'acme', name: 'Acme Freight' },
        { id: 'bolt', name: 'Bolt Couriers BOLTROW' },
      ],
    })
    expect(await get('/api/v1/partners/bolt')).toMatchObject({
      users: 2,
      activeUsers: 1,
      findings: { low: 1, medium: 1, high: 1, critical: 1 },
    })
  })

  it('pages a partner’s users', async () => {
    const first = await get<{ items: { id: string }[]; nextCursor: string }>(
      '/api/v1/partners/acme/users?limit=2',
    )
    expect(first.items.map((u) => u.id)).toEqual(['u-acme-1', 'u-acme-2'])
    const second = await get<{ items: { id: string }[]; nextCursor: string | null }>(
      `/api/v1/partners/acme/users?limit=2&cursor=${first.nextCursor}`,
    )
    expect(second).toMatchObject({ items: [{ id: 'u-acme-3' }], nextCursor: null })
    const active = await get<{ items: { id: string }[] }>(
      '/api/v1/partners/acme/users?status=SUSPENDED',
    )
    expect(active.items.map((u) => u.id)).toEqual(['u-acme-3'])
  })

  it('shows a user’s sign-ins with place, device and outcome, and their findings', async () => {
    const t = await get<{
      user: { id: string; login: string }
      signIns: { eventId: string; outcome: { result: string }; place: { city: string } }[]
      findings: { id: string }[]
      nextCursor: string | null
    }>('/api/v1/users/u-acme-1/timeline?limit=2')
    expect(t.user).toMatchObject({ id: 'u-acme-1', login: 'ann@acme.example' })
    expect(t.signIns.map((s) => [s.eventId, s.outcome.result, s.place.city])).toEqual([
      ['ev-a3', 'SUCCESS', 'Amsterdam'],
      ['ev-a2', 'FAILURE', 'Lagos'],
    ])
    expect(t.findings.map((f) => f.id).sort()).toEqual(['f-acme-1', 'f-acme-2'])
    const rest = await get<{ signIns: { eventId: string }[]; nextCursor: string | null }>(
      `/api/v1/users/u-acme-1/timeline?limit=2&cursor=${t.nextCursor}`,
    )
    expect(rest.signIns.map((s) => s.eventId)).toEqual(['ev-a1'])
    expect(rest.nextCursor).toBeNull()
  })

  it('readyz reports the database and each org’s last ingest and lag', async () => {
    const res = await api.app.inject({ url: '/readyz' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      status: 'ready',
      database: true,
      orgs: [
        {
          org: 'hub',
          lastIngestAt: '2026-11-29T11:59:00.000Z',
          lagSeconds: 60,
          newestEventAt: '2026-11-28T10:00:00.000Z',
          lastDirectorySyncAt: null,
          lastDirectorySyncStatus: null,
          lastGoodDirectorySyncAt: null,
          ingest: null,
        },
      ],
    })
  })
})

describe('failures', () => {
  it('triage of a finding that does not exist is 404 and stores nothing', async () => {
    const res = await api.app.inject({
      method: 'POST',
      url: '/api/v1/anomalies/f-nobody/triage',
      headers: bearer(api.tokens.admin),
      payload: { status: 'dismissed', comment: 'x' },
    })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({ code: 'not_found', message: 'anomaly f-nobody not found' })
    const rows = await api.db.all(`SELECT 1 FROM finding_triage WHERE finding_id = 'f-nobody'`)
    expect(rows).toEqual([])
  })

  it('readyz is 503 when the store cannot say how fresh the data is', async () => {
    const broken = await seededApi()
    await broken.db.run('DROP TABLE ingest_cursors')
    const res = await broken.app.inject({ url: '/readyz' })
    await broken.close()
    expect(res.statusCode).toBe(503)
    expect(res.json()).toEqual({ status: 'unavailable', database: true, orgs: [] })
  })
})
