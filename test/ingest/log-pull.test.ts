import { describe, expect } from 'vitest'
import { fixedClock } from '../../lib/clock.js'
import { eventSeries, makeEvent, sdkClient, startSim } from '../data/okta-sim-fixtures.js'
import { dbTest } from '../helpers/db.js'
import { ingestOnce, simOrg, storedUuids, testIngestConfig } from '../helpers/ingest.js'
import { ingestOrg } from '../../ingest/org-ingest.js'
import { fetchLogPage } from '../../ingest/log-page.js'
import {
  MAX_EVENT_BYTES,
  OVERSIZED_KEPT_BYTES,
  oversizedReason,
} from '../../ingest/batch-bounds.js'

const NOW = '2026-03-02T12:00:00.000Z'
const start = '2026-03-01T00:00:00.000Z'

describe('System Log pull through the SDK', () => {
  dbTest('pages through every event once and resumes from the stored cursor', async ({ db }) => {
    const clock = fixedClock(NOW)
    const sim = await startSim({ events: eventSeries(2500, start, 1000), clock })
    const first = await ingestOnce(db, sim, clock)
    expect(first.summary).toMatchObject({
      received: 2500,
      stored: 2500,
      duplicates: 0,
      caughtUp: true,
      resumedFromCursor: false,
    })
    expect(await storedUuids(db)).toEqual([...sim.servedUuids()].sort())
    const cursor = await db.one<{ next_url: string }>(
      'SELECT next_url FROM ingest_cursors WHERE org = $org',
      { org: 'hub' },
    )
    expect(cursor?.next_url).toMatch(new RegExp(`^${sim.url}/api/v1/logs\\?.*after=`))

    // New events after the cursor: the second run starts where the first stopped, reading only them.
    sim.appendEvent(makeEvent({ uuid: 'new-1', published: '2026-03-02T11:59:59.000Z' }))
    const second = await ingestOnce(db, sim, clock)
    expect(second.summary).toMatchObject({ received: 1, stored: 1, resumedFromCursor: true })
    expect(second.requests).toBe(1)
  })

  dbTest(
    'stores exactly the served set through 429, 500, 503, dropped and truncated responses',
    async ({ db }) => {
      const clock = fixedClock(NOW)
      const sim = await startSim({
        events: eventSeries(3200, start, 1000),
        clock,
        faults: '1:500,2:429,4:503,5:drop,7:truncate,8:500,9:truncate',
      })
      const result = await ingestOnce(db, sim, clock)
      expect(result.retries).toBeGreaterThanOrEqual(7)
      expect(result.rateLimited).toBe(1)
      expect(result.summary).toMatchObject({
        received: 3200,
        stored: 3200,
        duplicates: 0,
        quarantined: 0,
      })
      expect(await storedUuids(db)).toEqual([...sim.servedUuids()].sort())
      expect(sim.servedUuids().size).toBe(3200)
    },
  )

  dbTest('never loses late events that become visible behind the cursor', async ({ db }) => {
    const clock = fixedClock(NOW)
    const sim = await startSim({
      events: eventSeries(2000, start, 1000),
      clock,
      lateFraction: 0.05,
      seed: 3,
    })
    const first = await ingestOnce(db, sim, clock)
    expect(first.summary?.stored).toBe(2000 - sim.stats.lateEvents)
    expect(sim.stats.lateEvents).toBeGreaterThan(50)
    clock.advance(15_000)
    const second = await ingestOnce(db, sim, clock)
    expect(second.summary?.stored).toBe(sim.stats.lateEvents)
    expect(await storedUuids(db)).toEqual(
      eventSeries(2000, start, 1000)
        .map((e) => e.uuid)
        .sort(),
    )
  })

  dbTest('quarantines malformed events and stores the rest of their page', async ({ db }) => {
    const clock = fixedClock(NOW)
    const good = eventSeries(5, start, 1000)
    const lines = good.map((e) => JSON.stringify(e))
    lines.splice(
      2,
      0,
      JSON.stringify({ published: '2026-03-01T00:00:01.500Z', eventType: 'user.session.start' }),
    )
    lines.splice(
      4,
      0,
      JSON.stringify({
        published: '2026-03-01T00:00:02.500Z',
        uuid: 'bad-time',
        eventType: 'x',
        version: '0',
      }).replace('"2026-03-01T00:00:02.500Z"', '"2026-03-01T00:00:02.500Z", "published2": 1'),
    )
    const sim = await startSim({ eventsText: `${lines.join('\n')}\n`, clock })
    const result = await ingestOnce(db, sim, clock)
    expect(result.summary).toMatchObject({ received: 7, stored: 6, quarantined: 1 })
    expect(await db.all('SELECT position, reason FROM quarantine')).toEqual([
      { position: 'page 1 item 3', reason: 'no uuid' },
    ])
  })

  dbTest(
    'quarantines an event over MAX_EVENT_BYTES by its start and stores its page',
    async ({ db }) => {
      const clock = fixedClock(NOW)
      const good = eventSeries(4, start, 1000)
      const lines = good.map((e) => JSON.stringify(e))
      const huge = makeEvent({ uuid: 'huge', published: '2026-03-01T00:00:01.500Z' })
      const hugeText = JSON.stringify({ ...huge, pad: 'h'.repeat(MAX_EVENT_BYTES) })
      lines.splice(2, 0, hugeText)
      const sim = await startSim({ eventsText: `${lines.join('\n')}\n`, clock })
      const result = await ingestOnce(db, sim, clock)
      expect(result.summary).toMatchObject({ received: 5, stored: 4, quarantined: 1 })
      expect(await storedUuids(db)).toEqual(good.map((e) => e.uuid).sort())
      const q = await db.one<{ position: string; reason: string; raw: string }>(
        'SELECT position, reason, raw FROM quarantine',
      )
      expect(q).toEqual({
        position: 'page 1 item 3',
        reason: oversizedReason(hugeText.length),
        raw: hugeText.slice(0, OVERSIZED_KEPT_BYTES),
      })
      // The page reader does not parse what the store will quarantine anyway.
      const page = await fetchLogPage(
        sdkClient(sim),
        `${sim.url}/api/v1/logs?since=${start}`,
        'hub',
      )
      expect(page.keys.map((k) => k.reason)).toEqual([
        undefined,
        undefined,
        oversizedReason(hugeText.length),
        undefined,
        undefined,
      ])
    },
  )

  dbTest('a 401 stops the org with a one-line error naming it', async ({ db }) => {
    const clock = fixedClock(NOW)
    const sim = await startSim({ events: eventSeries(3, start), clock })
    const org = { ...simOrg(sim), credentials: { kind: 'ssws' as const, token: 'wrong' } }
    const result = await ingestOrg({
      db,
      clock,
      config: testIngestConfig,
      org,
      mode: { kind: 'poll', once: true, pollIntervalMs: 10, bootstrapDays: 7 },
    })
    expect(result.error).toMatchObject({
      code: 'ERR_OKTA_AUTH_FAILED',
      status: 401,
      errorCode: 'E0000011',
    })
    expect(result.error?.message).toBe(
      'Okta org hub refused the credentials: HTTP 401 E0000011 Invalid token provided',
    )
    expect(result.requests).toBe(1)
  })

  dbTest('two orgs ingest side by side, each with its own cursor and tag', async ({ db }) => {
    const clock = fixedClock(NOW)
    const a = await startSim({ events: eventSeries(1500, start, 1000, 'a'), clock })
    const b = await startSim({
      events: eventSeries(700, start, 1000, 'b'),
      clock,
      token: 'other-token',
    })
    await Promise.all([
      ingestOnce(db, a, clock, simOrg(a, 'hub')),
      ingestOnce(db, b, clock, simOrg(b, 'emea-spoke')),
    ])
    expect(await storedUuids(db, 'hub')).toEqual([...a.servedUuids()].sort())
    expect(await storedUuids(db, 'emea-spoke')).toEqual([...b.servedUuids()].sort())
    const cursors = await db.all<{ org: string; next_url: string }>(
      'SELECT org, next_url FROM ingest_cursors ORDER BY org',
    )
    expect(cursors.map((c) => c.org)).toEqual(['emea-spoke', 'hub'])
    expect(cursors[0]?.next_url.startsWith(b.url)).toBe(true)
    expect(cursors[1]?.next_url.startsWith(a.url)).toBe(true)
  })

  dbTest('a bounded backfill reads a window and stores no cursor', async ({ db }) => {
    const clock = fixedClock(NOW)
    const sim = await startSim({ events: eventSeries(100, start, 60_000), clock })
    const result = await ingestOnce(db, sim, clock, simOrg(sim), {
      kind: 'backfill',
      since: new Date('2026-03-01T00:10:00Z'),
      until: new Date('2026-03-01T00:20:00Z'),
    })
    expect(result.summary?.stored).toBe(10)
    expect(await db.all('SELECT * FROM ingest_cursors')).toEqual([])
  })
})

describe('rate pacing', () => {
  dbTest(
    'waits for the next window once its share of the budget is used, before any 429',
    async ({ db }) => {
      const clock = fixedClock('2026-03-02T12:00:58.000Z')
      const sim = await startSim({
        events: eventSeries(2500, start, 1000),
        clock,
        rateLimits: { logs: 4 },
      })
      const paced: { reason: string; delayMs: number }[] = []
      const result = await ingestOrg({
        db,
        clock,
        config: testIngestConfig,
        org: simOrg(sim),
        mode: { kind: 'poll', once: true, pollIntervalMs: 10, bootstrapDays: 7 },
        onRetry: (_org, e) => paced.push(e),
      })
      expect(result.error).toBeUndefined()
      expect(result.summary?.stored).toBe(2500)
      expect(result.rateLimited).toBe(0)
      // Share 0.5 of 4 per minute: two requests, then wait out the 2 s left in the window (+1 s margin).
      expect(paced).toHaveLength(1)
      expect(paced[0]?.reason).toBe('pacing logs: our share of the window is used')
      expect(paced[0]?.delayMs).toBeGreaterThanOrEqual(2500)
      expect(paced[0]?.delayMs).toBeLessThanOrEqual(3500)
    },
  )
})
