// api/routes/console-certification.ts without a browser, on a campaign launched over the seeded
// directory through the certification API: a campaign's figures, its items filtered by decision,
// partner and reviewer and paged by seq, roles (auditors read; partner admins and SIEMs do not),
// unknown campaigns and bad filters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer } from '../api/fixture.js'
import { startConsoleServer, type ConsoleServer } from './server.js'

interface ItemPage {
  items: { seq: number; partnerId: string; reviewer: string; decision: string | null }[]
  nextAfterSeq: number | null
}

describe('console certification reads', () => {
  let server: ConsoleServer
  let id = ''
  const call = async (method: 'GET' | 'POST', url: string, who = 'analyst', payload?: object) =>
    server.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: bearer(server.tokens[who as keyof ConsoleServer['tokens']]),
      payload,
    })
  const items = async (q: string, who = 'auditor') =>
    (await call('GET', `/console/certification/campaigns/${id}/items?${q}`, who)).json<ItemPage>()

  beforeAll(async () => {
    server = await startConsoleServer()
    id = (await call('POST', '/certification/campaigns', 'analyst', { period: '2026-Q4' })).json<{
      id: string
    }>().id
    expect((await call('POST', `/certification/campaigns/${id}/launch`)).statusCode).toBe(200)
    const decide = (seq: number, body: object) =>
      call('POST', `/certification/campaigns/${id}/items/${seq}/decision`, 'analyst', body)
    expect((await decide(1, { decision: 'revoke', justification: 'left' })).statusCode).toBe(200)
    expect((await decide(4, { decision: 'approve' })).statusCode).toBe(200)
  })
  afterAll(async () => server?.close())

  it('counts decisions so far, items per partner and per reviewer', async () => {
    const res = await call('GET', `/console/certification/campaigns/${id}/figures`, 'auditor')
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      decisions: { approve: 1, revoke: 1, no_response: 0, undecided: 2 },
      partners: [
        { id: 'acme', items: 3 },
        { id: 'bolt', items: 1 },
      ],
      reviewers: [{ reviewer: 'analyst', items: 4, undecided: 2 }],
      signOff: null,
    })
  })

  it('filters items by decision, partner and reviewer', async () => {
    expect((await items('decision=revoke')).items.map((i) => i.seq)).toEqual([1])
    expect((await items('decision=approve')).items.map((i) => i.seq)).toEqual([4])
    const undecided = await items('decision=undecided')
    expect(undecided.items.map((i) => i.decision)).toEqual([null, null])
    const bolt = await items('partner=bolt')
    expect(bolt.items.map((i) => i.partnerId)).toEqual(['bolt'])
    expect((await items('reviewer=ANALYST')).items).toHaveLength(4)
    expect((await items('reviewer=someone-else')).items).toEqual([])
    expect((await items('partner=acme&decision=revoke')).items.map((i) => i.seq)).toEqual([1])
  })

  it('pages by seq, with a cursor that ends', async () => {
    const seen: number[] = []
    let after: number | null = 0
    while (after !== null) {
      const page = await items(`limit=1&afterSeq=${after}&decision=undecided`)
      seen.push(...page.items.map((i) => i.seq))
      after = page.nextAfterSeq
    }
    expect(seen).toEqual((await items('decision=undecided')).items.map((i) => i.seq))
    expect(seen).toHaveLength(2)
  })

  it('lets admins, analysts and auditors read; not partner admins or SIEM tokens', async () => {
    for (const who of ['admin', 'analyst', 'auditor']) {
      const res = await call('GET', `/console/certification/campaigns/${id}/figures`, who)
      expect(res.statusCode, who).toBe(200)
    }
    for (const who of ['partner-admin', 'siem']) {
      for (const path of ['figures', 'items']) {
        const res = await call('GET', `/console/certification/campaigns/${id}/${path}`, who)
        expect(res.statusCode, `${who} ${path}`).toBe(403)
      }
    }
  })

  it('answers 404 for an unknown campaign and 400 with a code for a bad filter', async () => {
    for (const path of ['figures', 'items']) {
      const res = await call('GET', `/console/certification/campaigns/nope/${path}`)
      expect(res.statusCode).toBe(404)
    }
    const bad = await call('GET', `/console/certification/campaigns/${id}/items?decision=maybe`)
    expect(bad.statusCode).toBe(400)
    expect(bad.json<{ code: string }>().code).toBeTruthy()
    const big = await call('GET', `/console/certification/campaigns/${id}/items?limit=5000`)
    expect(big.statusCode).toBe(400)
  })
})
