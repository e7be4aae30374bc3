// A polling loop (`serve`, `ingest` without --once) outlives failures that retrying requests cannot
// ride out: an Okta outage longer than the retries, a directory that keeps failing. It reports each
// failure, pauses, and takes the pull up again from its stored cursor; bad credentials still stop it.
import { describe, expect } from 'vitest'
import { fixedClock } from '../../lib/clock.js'
import { eventSeries, startSim } from '../data/okta-sim-fixtures.js'
import { dbTest } from '../helpers/db.js'
import { simOrg, storedUuids, testIngestConfig } from '../helpers/ingest.js'
import { ingestOrg, type IngestFailure } from '../../ingest/org-ingest.js'
import type { Database } from '../../lib/db.js'
import type { OktaSim } from '../../data/okta-sim/server.js'
import type { ResolvedOrg } from '../../lib/config.js'

const NOW = '2026-03-02T12:00:00.000Z'
const start = '2026-03-01T00:00:00.000Z'

/** Runs a polling loop until its first caught-up cycle, with short pauses and one retry a request. */
async function loopUntilCaughtUp(
  db: Database,
  sim: OktaSim,
  options: {
    since?: Date
    directory?: boolean
    org?: ResolvedOrg
    cycles?: number
    onCycle?: () => void
  } = {},
) {
  const failures: IngestFailure[] = []
  const stop = new AbortController()
  const clock = fixedClock(NOW)
  let cycles = 0
  const result = await ingestOrg({
    db,
    clock,
    config: { ...testIngestConfig, ingest: { ...testIngestConfig.ingest, maxRetries: 1 } },
    org: options.org ?? simOrg(sim),
    mode: {
      kind: 'poll',
      once: false,
      pollIntervalMs: 10,
      bootstrapDays: 7,
      ...(options.since ? { since: options.since } : {}),
    },
    directory: options.directory ?? false,
    signal: stop.signal,
    executor: { baseBackoffMs: 5, maxBackoffMs: 10 },
    resume: { firstMs: 10, maxMs: 25 },
    onFailure: (org, f) => {
      expect(org).toBe('hub')
      failures.push(f)
    },
    // Each caught-up cycle is a minute later; the loop stops after `cycles` of them.
    onCycle: async () => {
      cycles += 1
      clock.advance(60_000)
      options.onCycle?.()
      if (cycles >= (options.cycles ?? 1)) {
        stop.abort()
      }
    },
  })
  return { result, failures }
}

/** The n-th request to /api/v1/logs (1-based) and those after it, `count` in all, answer 503. */
function logsOutage(from: number, count: number) {
  let logs = 0
  return (_n: number, path: string) => {
    if (!path.startsWith('/api/v1/logs')) {
      return undefined
    }
    logs += 1
    return logs >= from && logs < from + count
      ? { kind: 'status' as const, status: 503 }
      : undefined
  }
}

describe('a polling loop after failures', () => {
  dbTest(
    'outlives an outage longer than the retries and resumes from its cursor, not from --since',
    async ({ db }) => {
      // 6,000 events: the first transaction commits pages 1–4, then /logs fails five times in a
      // row (each attempt of the pull makes two requests, and the outage outlasts two attempts).
      const sim = await startSim({
        events: eventSeries(6000, start, 1000),
        clock: fixedClock(NOW),
        faults: logsOutage(6, 5),
      })
      const { result, failures } = await loopUntilCaughtUp(db, sim, {
        since: new Date(start),
      })
      expect(result.error).toBeUndefined()
      expect(failures.map((f) => [f.part, f.failures, f.retryInMs])).toEqual([
        ['log', 1, 10],
        ['log', 2, 20],
      ])
      expect(failures[0]?.error.message).toMatch(/HTTP 503/)
      // Taken up from the cursor after page 4: nothing read twice, nothing missed; the summary
      // counts only what was committed.
      expect(result.summary).toMatchObject({ received: 6000, stored: 6000, duplicates: 0 })
      expect(result.summary?.pages).toBe(7)
      expect(await storedUuids(db)).toEqual([...sim.servedUuids()].sort())
      expect(sim.servedUuids().size).toBe(6000)
    },
  )

  dbTest('the pause doubles after each failure in a row, up to its ceiling', async ({ db }) => {
    const sim = await startSim({
      events: eventSeries(10, start, 1000),
      clock: fixedClock(NOW),
      faults: logsOutage(1, 8),
    })
    const { result, failures } = await loopUntilCaughtUp(db, sim)
    expect(result.error).toBeUndefined()
    expect(failures.map((f) => f.retryInMs)).toEqual([10, 20, 25, 25])
    expect(result.summary).toMatchObject({ received: 10, stored: 10 })
  })

  dbTest(
    'keeps pulling the System Log while the directory sync fails, and retries the sync sooner',
    async ({ db }) => {
      // /users fails until the first cycle has caught up: the first sync fails, the next succeeds.
      let down = true
      const sim = await startSim({
        events: eventSeries(1500, start, 1000),
        clock: fixedClock(NOW),
        faults: (_n, path) =>
          down && path.startsWith('/api/v1/users') ? { kind: 'status', status: 500 } : undefined,
      })
      const { result, failures } = await loopUntilCaughtUp(db, sim, {
        directory: true,
        cycles: 2,
        onCycle: () => (down = false),
      })
      expect(result.error).toBeUndefined()
      expect(failures).toHaveLength(1)
      // Tried again after the log's first pause (10 ms here), not the hour of the sync interval.
      expect(failures[0]).toMatchObject({ part: 'directory', failures: 1, retryInMs: 10 })
      expect(failures[0]?.error.message).toMatch(/HTTP 500/)
      expect(result.summary).toMatchObject({ received: 1500, stored: 1500 })
      expect(result.directory?.counts.users).toBeGreaterThan(0)
      const syncs = await db.all<{ status: string }>(
        'SELECT status FROM directory_syncs ORDER BY started_at',
      )
      expect(syncs.map((r) => r.status)).toEqual(['failed', 'succeeded'])
    },
  )

  dbTest('bad credentials still stop it at once, with the error', async ({ db }) => {
    const sim = await startSim({ events: eventSeries(3, start), clock: fixedClock(NOW) })
    const org = { ...simOrg(sim), credentials: { kind: 'ssws' as const, token: 'wrong' } }
    const { result, failures } = await loopUntilCaughtUp(db, sim, { org })
    expect(failures).toEqual([])
    expect(result.error).toMatchObject({ code: 'ERR_OKTA_AUTH_FAILED', status: 401 })
    expect(result.requests).toBe(1)
  })
})
