// GET /api/v1/logs against the real SDK and plain fetch: bounded paging, polling links, cursors,
// raw serving, filters and parameter errors.
import { request } from 'node:http'
import { OktaApiError } from '@okta/okta-sdk-nodejs'
import { describe, expect, test } from 'vitest'
import { fixedClock } from '../../lib/clock.js'
import {
  eventSeries,
  makeEvent,
  rawGet,
  rawLogCollection,
  sdkClient,
  startSim,
  T0,
  uuids,
} from './okta-sim-fixtures.js'

const HOUR = 3600_000
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString()

describe('bounded mode (since + until)', () => {
  test('the SDK pages through every event once, in published order, and stops', async () => {
    const events = eventSeries(250)
    const sim = await startSim({ events, clock: fixedClock(at(HOUR)) })
    const client = sdkClient(sim)
    const collection = await client.systemLogApi.listLogEvents({
      since: T0,
      until: at(HOUR),
      limit: 100,
    })
    const seen: string[] = []
    for await (const e of collection) {
      if (!e) {
        break
      }
      expect(e.published).toBeInstanceOf(Date)
      seen.push(e.uuid ?? '')
    }
    expect(seen).toEqual(events.map((e) => e.uuid))
    expect(sim.requestCount).toBe(3)
    expect(sim.servedUuids()).toEqual(new Set(seen))
  })

  test('the last page has no next link; until is exclusive, since inclusive', async () => {
    const sim = await startSim({ events: eventSeries(5), clock: fixedClock(at(HOUR)) })
    const page = await rawGet(sim, `/api/v1/logs?since=${at(1000)}&until=${at(4000)}&limit=3`)
    expect(uuids(page.body)).toEqual(['e-0001', 'e-0002', 'e-0003'])
    expect(page.links.next).toBeUndefined()
    expect(page.links.self).toBe(
      `${sim.url}/api/v1/logs?since=${encodeURIComponent(at(1000))}&until=${encodeURIComponent(at(4000))}&limit=3`,
    )
  })

  test('DESCENDING pages newest first down to since', async () => {
    const sim = await startSim({ events: eventSeries(7), clock: fixedClock(at(HOUR)) })
    let url = `/api/v1/logs?since=${at(2000)}&until=${at(HOUR)}&limit=2&sortOrder=DESCENDING`
    const seen: string[] = []
    for (let i = 0; i < 10; i += 1) {
      const page = await rawGet(sim, url)
      seen.push(...uuids(page.body))
      if (!page.links.next) {
        break
      }
      url = page.links.next
    }
    expect(seen).toEqual(['e-0006', 'e-0005', 'e-0004', 'e-0003', 'e-0002'])
  })

  test('without since the window is the 7 days before until; older than 90 days is never served', async () => {
    const now = Date.parse(T0) + 100 * 24 * HOUR
    const events = [
      makeEvent({ uuid: 'old-91d', published: new Date(now - 91 * 24 * HOUR).toISOString() }),
      makeEvent({ uuid: 'old-8d', published: new Date(now - 8 * 24 * HOUR).toISOString() }),
      makeEvent({ uuid: 'recent', published: new Date(now - HOUR).toISOString() }),
    ]
    const sim = await startSim({ events, clock: fixedClock(new Date(now)) })
    const week = await rawGet(sim, `/api/v1/logs?until=${new Date(now).toISOString()}`)
    expect(uuids(week.body)).toEqual(['recent'])
    const since = new Date(now - 120 * 24 * HOUR).toISOString()
    const all = await rawGet(
      sim,
      `/api/v1/logs?since=${since}&until=${new Date(now).toISOString()}`,
    )
    expect(uuids(all.body)).toEqual(['old-8d', 'recent'])
  })
})

describe('serving', () => {
  test('events are served byte for byte as they appear in events.ndjson', async () => {
    const lines = [
      '{"uuid":"u-1","published":"2026-03-02T12:00:00.000Z","eventType":"x","n":1.0,"s":"caf\\u00e9 \\/ ok"}',
      '{"eventType":"y","published":"2026-03-02T12:00:01Z","uuid":"u-2","nested":{"published":"1999-01-01T00:00:00Z"}}',
    ]
    const sim = await startSim({
      eventsText: `${lines.join('\r\n')}\r\n\n`,
      clock: fixedClock(at(HOUR)),
    })
    const page = await rawGet(sim, `/api/v1/logs?since=${T0}&until=${at(HOUR)}`)
    expect(page.text).toBe(`[${lines.join(',')}]`)
  })

  test('self and next come as separate link header lines with absolute URLs', async () => {
    const sim = await startSim({ events: eventSeries(3), clock: fixedClock(at(HOUR)) })
    const raw = await new Promise<string[]>((resolve, reject) => {
      const req = request(`${sim.url}/api/v1/logs?since=${T0}&limit=1`, {
        headers: { Authorization: `SSWS ${sim.token}` },
      })
      req.on('response', (res) => {
        res.resume()
        resolve(res.rawHeaders)
      })
      req.on('error', reject)
      req.end()
    })
    const links = raw.filter((_, i) => raw[i - 1]?.toLowerCase() === 'link')
    expect(links).toHaveLength(2)
    expect(links[0]).toMatch(new RegExp(`^<${sim.url}/api/v1/logs\\?.*>; rel="self"$`))
    expect(links[1]).toMatch(
      new RegExp(`^<${sim.url}/api/v1/logs\\?limit=1&after=\\d+_\\d+>; rel="next"$`),
    )
  })
})

describe('polling mode (no until)', () => {
  test('next is always present, also on an empty page, and keeps limit/filter while replacing since', async () => {
    const sim = await startSim({ events: eventSeries(3), clock: fixedClock(at(HOUR)) })
    const filter = 'eventType eq "user.session.start"'
    let page = await rawGet(
      sim,
      `/api/v1/logs?since=${T0}&limit=2&filter=${encodeURIComponent(filter)}`,
    )
    expect(uuids(page.body)).toEqual(['e-0000', 'e-0001'])
    const next = new URL(page.links.next ?? '')
    expect(`${next.protocol}//${next.host}`).toBe(sim.url)
    expect(next.searchParams.get('limit')).toBe('2')
    expect(next.searchParams.get('filter')).toBe(filter)
    expect(next.searchParams.get('since')).toBeNull()
    expect(next.searchParams.get('after')).toMatch(/^\d+_\d+$/)
    page = await rawGet(sim, next.href)
    expect(uuids(page.body)).toEqual(['e-0002'])
    const empty = await rawGet(sim, page.links.next ?? '')
    expect(empty.body).toEqual([])
    expect(empty.links.next).toBe(page.links.next)
  })

  test('an empty org still answers with a next link from since', async () => {
    const sim = await startSim({ clock: fixedClock(T0) })
    const page = await rawGet(sim, '/api/v1/logs')
    expect(page.body).toEqual([])
    expect(page.links.next).toMatch(/after=\d+_0$/)
  })

  test('the cursor resumes exactly after the last event when many share a timestamp', async () => {
    const events = eventSeries(10, T0, 0)
    const clock = fixedClock(at(HOUR))
    const sim = await startSim({ events, clock })
    const seen: string[] = []
    let url = `/api/v1/logs?since=${T0}&limit=3`
    for (;;) {
      const page = await rawGet(sim, url)
      url = page.links.next ?? ''
      if (uuids(page.body).length === 0) {
        break
      }
      seen.push(...uuids(page.body))
    }
    expect(seen).toEqual(events.map((e) => e.uuid))
    clock.advance(1000)
    sim.appendEvent(makeEvent({ uuid: 'live-1', published: clock.now().toISOString() }))
    expect(uuids((await rawGet(sim, url)).body)).toEqual(['live-1'])
  })

  test('late events appear after a caught-up cursor, with their old published time', async () => {
    const events = eventSeries(200, T0, 1000)
    const clock = fixedClock(at(HOUR))
    const sim = await startSim({
      events,
      clock,
      lateFraction: 0.2,
      lateDelaySeconds: [2, 4],
      seed: 7,
    })
    expect(sim.stats.lateEvents).toBeGreaterThan(20)
    const client = sdkClient(sim)
    const read = async (uri: string) => {
      const col = rawLogCollection(client, uri)
      const got: { uuid: string; published: string }[] = []
      for await (const e of col) {
        if (!e) {
          break
        }
        got.push(e)
      }
      return { got, cursor: col.nextUri }
    }
    const first = await read(`${sim.url}/api/v1/logs?since=${T0}&limit=50`)
    expect(first.got).toHaveLength(200 - sim.stats.lateEvents)
    expect((await read(first.cursor)).got).toEqual([])
    clock.advance(5000)
    const second = await read(first.cursor)
    expect(second.got).toHaveLength(sim.stats.lateEvents)
    expect(typeof second.got[0]?.published).toBe('string')
    expect(Date.parse(second.got[0]?.published ?? '')).toBeLessThan(Date.parse(at(HOUR)))
    const all = [...first.got, ...second.got].map((e) => e.uuid)
    expect(new Set(all).size).toBe(200)
    expect((await sim.visibleEvents()).map((e) => e.uuid)).toEqual(all)
  })

  test('a bounded query misses late events until they persist', async () => {
    const clock = fixedClock(at(HOUR))
    const sim = await startSim({ events: eventSeries(100), clock, lateFraction: 0.3 })
    const url = `/api/v1/logs?since=${T0}&until=${at(HOUR)}&limit=1000`
    expect(uuids((await rawGet(sim, url)).body)).toHaveLength(100 - sim.stats.lateEvents)
    clock.advance(11_000)
    expect(uuids((await rawGet(sim, url)).body)).toHaveLength(100)
  })
})

describe('filter and q', () => {
  const events = [
    makeEvent({ uuid: 'a', published: at(0), result: 'FAILURE' }),
    makeEvent({ uuid: 'b', published: at(1000), actorId: '00ubob00000000000001', city: 'Porto' }),
    makeEvent({ uuid: 'c', published: at(2000), eventType: 'user.authentication.sso' }),
  ]
  const query = async (params: string) => {
    const sim = await startSim({ events, clock: fixedClock(at(HOUR)) })
    return rawGet(sim, `/api/v1/logs?since=${T0}&until=${at(HOUR)}&${params}`)
  }

  test.each([
    ['eventType eq "user.session.start"', ['a', 'b']],
    [
      'eventType eq "user.session.start" and (outcome.result eq "FAILURE" or actor.id sw "00ubob")',
      ['a', 'b'],
    ],
    ['outcome.result ne "FAILURE"', ['b', 'c']],
    ['target.id eq "0oaapp00000000000001" and not (eventType co "sso")', ['a', 'b']],
    ['client.geographicalContext.city eq "porto"', ['b']],
  ])('filter %s', async (filter, expected) => {
    const page = await query(`filter=${encodeURIComponent(filter)}`)
    expect(page.status).toBe(200)
    expect(uuids(page.body)).toEqual(expected)
  })

  test('q keywords must all match, case-insensitively', async () => {
    expect(uuids((await query('q=PORTO%20ann')).body)).toEqual(['b'])
  })

  test.each([
    ['filter=eventType%20eqq%20%22x%22', 'E0000053', /Unrecognized attribute operator 'eqq'/],
    ['filter=eventType%20eq', 'E0000053', /Expected a value/],
    ['filter=display_message%20eq%20%22x%22', 'E0000053', /field is not valid: display_message/],
    ['filter=published%20gt%20%222026-01-01%22', 'E0000053', /field is not valid: published/],
    ['filter=debugContext.debugData.url%20co%20%22x%22', 'E0000031', /Operator: co/],
    [`q=${'x'.repeat(41)}`, 'E0000001', /longer than 40 characters/],
    ['limit=1001', 'E0000001', /limit/],
    ['limit=abc', 'E0000001', /limit/],
    ['sortOrder=UP', 'E0000001', /sortOrder/],
    ['after=1_1', 'E0000001', /since: cannot be combined with after/],
  ])('%s → 400 %s', async (params, code, summary) => {
    const page = await query(params)
    expect(page.status).toBe(400)
    expect(page.body).toMatchObject({ errorCode: code, errorLink: code })
    expect((page.body as { errorSummary: string }).errorSummary).toMatch(summary)
  })

  test('since over 180 days back is 400 E0000053; a malformed since is 400 E0000001', async () => {
    const sim = await startSim({ clock: fixedClock(T0) })
    const old = new Date(Date.parse(T0) - 181 * 24 * HOUR).toISOString()
    expect((await rawGet(sim, `/api/v1/logs?since=${old}`)).body).toMatchObject({
      errorCode: 'E0000053',
      errorSummary:
        'Invalid parameter: The since parameter is over 180 days prior to the current day.',
    })
    expect((await rawGet(sim, '/api/v1/logs?since=yesterday')).body).toMatchObject({
      errorCode: 'E0000001',
    })
    expect((await rawGet(sim, '/api/v1/logs?after=garbage')).body).toMatchObject({
      errorCode: 'E0000001',
    })
  })

  test('a filter over more events than maxScan gives short pages that still reach every match', async () => {
    const events = [
      ...eventSeries(20),
      makeEvent({ uuid: 'fail', published: at(30_000), result: 'FAILURE' }),
    ]
    const sim = await startSim({ events, clock: fixedClock(at(HOUR)), maxScan: 6 })
    const filter = encodeURIComponent('outcome.result eq "FAILURE"')
    for (const mode of [`since=${T0}`, `since=${T0}&until=${at(HOUR)}`]) {
      let url = `/api/v1/logs?${mode}&filter=${filter}`
      const pages: string[][] = []
      for (let i = 0; i < 10 && url; i += 1) {
        const page = await rawGet(sim, url)
        pages.push(uuids(page.body))
        url = page.links.next ?? ''
      }
      expect(pages.slice(0, 4)).toEqual([[], [], [], ['fail']])
    }
  })

  test('the SDK surfaces a bad filter as OktaApiError E0000053', async () => {
    const sim = await startSim({ clock: fixedClock(T0) })
    const collection = await sdkClient(sim).systemLogApi.listLogEvents({
      filter: 'eventType xx "a"',
    })
    const err = await collection.next().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(OktaApiError)
    expect(err).toMatchObject({ status: 400, errorCode: 'E0000053' })
  })
})
