// GET /anomalies?sort=newest|oldest|score on the seeded store plus findings that tie on score and
// time: each order is the one its comparator gives, the keyset cursor pages through it once without
// skipping ties, a partner admin's pages stay in its partner, and a cursor only reads in its own sort.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, seededApi, type SeededApi } from './fixture.js'

interface Item {
  id: string
  partnerId: string | null
  score: number
  occurredAt: string
}
interface ListBody {
  items: Item[]
  nextCursor: string | null
}

let api: SeededApi
beforeAll(async () => {
  api = await seededApi()
  // f-acme-1 has score 80 at 2026-11-28T08:00Z; these tie with it on score, time or both.
  await api.db
    .run(`INSERT INTO findings (id, finding_seq, detector, severity, score, org, partner_id,
      user_id, user_login, occurred_at, event_ids, summary, details, created_at)
    SELECT id, nextval('findings_seq'), 'new-device', 'high', score, 'hub', partner, 'u-acme-2',
      'bob@acme.example', occurred::TIMESTAMPTZ, ['ev-a1'], 'tie ' || id, '{}', TIMESTAMPTZ '2026-11-29'
    FROM (VALUES
      ('f-tie-a', 80, 'acme', '2026-11-28T08:00:00Z'),
      ('f-tie-b', 80, 'acme', '2026-11-28T08:00:00Z'),
      ('f-tie-c', 80, 'bolt', '2026-11-28T08:00:00Z'),
      ('f-tie-d', 80, 'acme', '2026-11-20T08:00:00Z'),
      ('f-tie-e', 40, 'acme', '2026-11-28T08:00:00Z')
    ) t(id, score, partner, occurred)`)
})
afterAll(async () => {
  await api.close()
})

async function list(q: string, who: keyof SeededApi['tokens'] = 'analyst') {
  const res = await api.app.inject({
    url: `/api/v1/anomalies?${q}`,
    headers: bearer(api.tokens[who]),
  })
  return res
}

async function pageAll(q: string, who: keyof SeededApi['tokens'] = 'analyst'): Promise<Item[]> {
  const out: Item[] = []
  let cursor: string | null = null
  do {
    const res = await list(`${q}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, who)
    expect(res.statusCode, res.body).toBe(200)
    const page: ListBody = res.json<ListBody>()
    expect(page.items.length).toBeLessThanOrEqual(2)
    out.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return out
}

const byTimeThenId = (a: Item, b: Item) =>
  a.occurredAt.localeCompare(b.occurredAt) || a.id.localeCompare(b.id)
const ORDERS: Record<string, (a: Item, b: Item) => number> = {
  newest: (a, b) => -byTimeThenId(a, b),
  oldest: byTimeThenId,
  score: (a, b) => b.score - a.score || -byTimeThenId(a, b),
}

describe('anomalies sorted', () => {
  it('lists and pages each sort in its order, every finding once', async () => {
    const all = (await list('limit=500')).json<ListBody>().items
    expect(all).toHaveLength(15)
    for (const [sort, compare] of Object.entries(ORDERS)) {
      const expected = [...all].sort(compare).map((f) => f.id)
      const listed = (await list(`limit=500&sort=${sort}`)).json<ListBody>().items
      expect(
        listed.map((f) => f.id),
        sort,
      ).toEqual(expected)
      expect(
        (await pageAll(`sort=${sort}`)).map((f) => f.id),
        sort,
      ).toEqual(expected)
    }
    // The ties really are ties, decided by id.
    const score = (await pageAll('sort=score')).map((f) => f.id)
    expect(score.slice(3, 7)).toEqual(['f-tie-c', 'f-tie-b', 'f-tie-a', 'f-acme-1'])
  })

  it("keeps a partner admin's sorted pages in its partner", async () => {
    for (const sort of ['oldest', 'score']) {
      const mine = await pageAll(`sort=${sort}`, 'partner-admin')
      const acme = (await list(`limit=500&partner=acme&sort=${sort}`)).json<ListBody>().items
      expect(mine.map((f) => f.id)).toEqual(acme.map((f) => f.id))
      expect(new Set(mine.map((f) => f.partnerId))).toEqual(new Set(['acme']))
    }
  })

  it('reads a cursor only in the sort that minted it, and refuses a bad sort', async () => {
    const cursorOf = async (q: string) => (await list(`limit=1&${q}`)).json<ListBody>().nextCursor
    const pairs: [string, string][] = [
      ['sort=score', 'sort=oldest'],
      ['sort=oldest', 'sort=score'],
      ['', 'sort=oldest'],
      ['sort=score', ''],
    ]
    for (const [minted, used] of pairs) {
      const res = await list(`limit=1&${used}&cursor=${await cursorOf(minted)}`)
      expect(res.statusCode, `${minted} → ${used}`).toBe(400)
      expect(res.json()).toMatchObject({ code: 'bad_cursor' })
    }
    // An explicit sort=newest reads the cursors of the default order.
    expect((await list(`limit=1&sort=newest&cursor=${await cursorOf('')}`)).statusCode).toBe(200)
    const bad = await list('sort=severity')
    expect(bad.statusCode).toBe(400)
    expect(bad.json<{ message: string }>().message).toContain('sort')
  })

  it('refuses a score cursor whose score was tampered with', async () => {
    const cursor = (await list('limit=1&sort=score')).json<ListBody>().nextCursor ?? ''
    const body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      k: (string | number)[]
    }
    for (const score of [101, 'x', 1.5]) {
      body.k[2] = score
      const forged = Buffer.from(JSON.stringify(body)).toString('base64url')
      const res = await list(`limit=1&sort=score&cursor=${forged}`)
      expect(res.statusCode, String(score)).toBe(400)
    }
  })
})
