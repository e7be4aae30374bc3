import { describe, expect } from 'vitest'
import { fixedClock } from '../../lib/clock.js'
import { createEventStoreQueries } from '../../ingest/event-store-queries.js'
import { runDetectors } from '../../detectors/runner.js'
import { createFindingsQueries } from '../../detectors/findings-queries.js'
import type { Detector } from '../../detectors/types.js'
import { dbTest } from '../helpers/db.js'

const clock = fixedClock('2026-11-29T12:00:00Z')

/** A toy detector for the framework: every failed sign-in is a finding, its evidence the event. */
const failures: Detector<
  { uuid: string; published: Date; actor_id: string; actor_login: string }[]
> = {
  id: 'test-failures',
  title: 'Failed sign-ins',
  candidates: (db, w) =>
    db.all(
      `SELECT uuid, published, actor_id, actor_login FROM events
       WHERE ingest_seq > $after AND ingest_seq <= $until AND outcome_result = 'FAILURE'
         AND ($since IS NULL OR published >= $since::TIMESTAMPTZ)
       ORDER BY ingest_seq`,
      { after: w.afterSeq, until: w.untilSeq, since: w.publishedSince?.toISOString() ?? null },
    ),
  score: (rows, ctx) =>
    rows.map((r) => ({
      detector: 'test-failures',
      severity: 'low' as const,
      score: Number(ctx.config.score ?? 10),
      org: 'hub',
      partnerId: null,
      userId: r.actor_id,
      userLogin: r.actor_login,
      occurredAt: r.published,
      eventIds: [r.uuid],
      summary: `failed sign-in by ${r.actor_login}`,
      details: { result: 'FAILURE' },
    })),
}

function event(uuid: string, result: string, published = '2026-11-29T10:00:00Z') {
  return {
    position: uuid,
    raw: JSON.stringify({
      actor: { alternateId: 'ann@x.example', id: '00u1' },
      eventType: 'user.session.start',
      outcome: { result },
      published,
      uuid,
    }),
  }
}

describe('detector runner', () => {
  dbTest('is incremental, deterministic, and keeps triage state across re-runs', async ({ db }) => {
    const store = await createEventStoreQueries(db, clock)
    await store.storeBatch('hub', 'okta', [event('a', 'FAILURE'), event('b', 'SUCCESS')])
    const settings = { 'test-failures': { score: 30 } }
    const first = await runDetectors({ db, clock, detectors: [failures], partners: [], settings })
    expect(first).toMatchObject([
      { detector: 'test-failures', findings: 1, added: 1, window: { afterSeq: '0' } },
    ])
    const [finding] = await createFindingsQueries(db).list({})
    expect(finding).toMatchObject({
      detector: 'test-failures',
      score: 30,
      eventIds: ['a'],
      status: 'open',
      userLogin: 'ann@x.example',
    })

    await db.run(`UPDATE findings SET status = 'acknowledged', status_by = 'ana' WHERE id = $id`, {
      id: finding!.id,
    })
    // Nothing new: the watermark skips what was read.
    expect(
      (await runDetectors({ db, clock, detectors: [failures], partners: [], settings }))[0],
    ).toMatchObject({ findings: 0, added: 0 })
    // New events: only they are read.
    await store.storeBatch('hub', 'okta', [event('c', 'FAILURE', '2026-11-29T11:00:00Z')])
    expect(
      (await runDetectors({ db, clock, detectors: [failures], partners: [], settings }))[0],
    ).toMatchObject({ findings: 1, added: 1 })
    // A full re-run from a date finds both again, adds nothing, and keeps the triage.
    const again = await runDetectors({
      db,
      clock,
      detectors: [failures],
      partners: [],
      settings,
      since: new Date('2026-11-01T00:00:00Z'),
    })
    expect(again[0]).toMatchObject({ findings: 2, added: 0 })
    const all = await createFindingsQueries(db).list({ detector: 'test-failures' })
    expect(all.map((f) => [f.eventIds[0], f.status])).toEqual([
      ['c', 'open'],
      ['a', 'acknowledged'],
    ])
  })
})

describe('detector runner failures', () => {
  dbTest('a failing detector keeps its watermark and does not stop the others', async ({ db }) => {
    const store = await createEventStoreQueries(db, clock)
    await store.storeBatch('hub', 'okta', [event('a', 'FAILURE')])
    const broken: Detector = {
      id: 'test-broken',
      title: 'Always fails',
      candidates: (d) => d.all('SELECT no_such_column FROM events'),
      score: () => [],
    }
    const runs = await runDetectors({
      db,
      clock,
      detectors: [broken, failures],
      partners: [],
      settings: {},
    })
    expect(runs[0]).toMatchObject({ detector: 'test-broken', added: 0 })
    expect(runs[0]?.error).toMatch(/no_such_column/)
    expect(runs[1]).toMatchObject({ detector: 'test-failures', added: 1 })
    expect(runs[1]?.error).toBeUndefined()
    const queries = createFindingsQueries(db)
    expect(await queries.watermark('test-broken')).toBe(0n)
    expect(await queries.watermark('test-failures')).toBe(1n)
  })
})
