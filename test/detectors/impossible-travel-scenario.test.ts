// End to end on a generated scenario: load the System Log and the directory the production way, run
// only this detector, and match findings to the labels by any shared event uuid.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, onTestFinished } from 'vitest'
import { fixedClock } from '../../lib/clock.js'
import { loadScenario } from '../../bench/load-scenario.js'
import { runDetectors } from '../../detectors/runner.js'
import { findingId } from '../../detectors/finding-id.js'
import { createFindingsQueries } from '../../detectors/findings-queries.js'
import { impossibleTravel } from '../../detectors/impossible-travel/index.js'
import { SCENARIO_FILES, type ScenarioLabels } from '../../data/scenario/types.js'
import { generate } from '../data/scenario-helpers.js'
import { dbTest } from '../helpers/db.js'

const end = '2026-11-20T00:00:00Z'

describe('impossible travel on a generated scenario', () => {
  dbTest('finds the labelled trips and nothing else', { timeout: 60_000 }, async ({ db }) => {
    const scenario = await generate({ seed: 11, partners: 6, users: 120, days: 30, end })
    onTestFinished(scenario.cleanup)
    const clock = fixedClock(end)
    const config = await loadScenario(db, scenario.dir, clock)
    await runDetectors({
      db,
      clock,
      detectors: [impossibleTravel],
      partners: config.partners,
      settings: config.detectors,
    })
    const findings = await createFindingsQueries(db).list({ detector: 'impossible-travel' })
    const labels = JSON.parse(
      readFileSync(join(scenario.dir, SCENARIO_FILES.labels), 'utf8'),
    ) as ScenarioLabels
    const trips = labels.anomalies.filter((l) => l.kind === 'impossible-travel')
    const shares = (a: readonly string[], b: readonly string[]) => a.some((u) => b.includes(u))
    const tp = findings.filter((f) => trips.some((l) => shares(f.eventIds, l.eventUuids)))
    const found = trips.filter((l) => findings.some((f) => shares(f.eventIds, l.eventUuids)))
    const precision = findings.length === 0 ? 0 : tp.length / findings.length
    const recall = trips.length === 0 ? 1 : found.length / trips.length
    expect(trips.length).toBeGreaterThan(0)

    // The same findings whichever slices the events arrive in: each sign-in's previous point and
    // baseline come from the learning window before it, not from where a run's slice starts.
    const ctx = {
      now: clock.now(),
      config: config.detectors['impossible-travel'] ?? {},
      partners: config.partners,
    }
    const max = (await db.one<{ s: bigint }>('SELECT max(ingest_seq) AS s FROM events'))?.s ?? 0n
    const sliced: string[] = []
    for (let i = 0n; i < 7n; i++) {
      const window = { afterSeq: (max * i) / 7n, untilSeq: (max * (i + 1n)) / 7n }
      const drafts = impossibleTravel.score(await impossibleTravel.candidates(db, window, ctx), ctx)
      sliced.push(...drafts.map((d) => findingId(d.detector, d.eventIds)))
    }
    expect(sliced.sort()).toEqual(findings.map((f) => f.id).sort())
    expect({ precision, recall, findings: findings.length, labels: trips.length }).toMatchObject({
      precision: expect.toSatisfy((p: number) => p >= 0.9),
      recall: expect.toSatisfy((r: number) => r >= 0.9),
    })
  })
})
