// The sign-in pack end to end on a generated scenario, loaded the production way: every labelled
// new-country, new-asn, new-device, no-mfa, password-spray, brute-force and mfa-fatigue injection is
// found, no finding is unexplained by a label, and running in three slices finds what one run finds
// (plus, at most, the un-escalated half of an attack whose success arrived in a later slice).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, onTestFinished } from 'vitest'
import { fixedClock } from '../../lib/clock.js'
import { loadScenario } from '../../bench/load-scenario.js'
import { runDetectors } from '../../detectors/runner.js'
import { findingId } from '../../detectors/finding-id.js'
import { SIGN_IN_PACK } from '../../detectors/sign-in-pack.js'
import { SCENARIO_FILES, type ScenarioLabels } from '../../data/scenario/types.js'
import { generate } from '../data/scenario-helpers.js'
import { dbTest } from '../helpers/db.js'

const end = '2026-11-20T00:00:00Z'

describe('sign-in pack on a generated scenario', () => {
  dbTest(
    'finds every labelled attack of its kinds, and slices agree',
    { timeout: 300_000 },
    async ({ db }) => {
      const scenario = await generate({ seed: 11, partners: 6, users: 120, days: 30, end })
      onTestFinished(scenario.cleanup)
      const clock = fixedClock(end)
      const config = await loadScenario(db, scenario.dir, clock)
      await runDetectors({
        db,
        clock,
        detectors: SIGN_IN_PACK,
        partners: config.partners,
        settings: config.detectors,
      })
      const findings = await db.all<{ id: string; detector: string; event_ids: string[] }>(
        'SELECT id, detector, event_ids FROM findings',
      )
      const labels = JSON.parse(
        readFileSync(join(scenario.dir, SCENARIO_FILES.labels), 'utf8'),
      ) as ScenarioLabels
      const labelled = new Set(labels.anomalies.flatMap((a) => a.eventUuids))
      for (const d of SIGN_IN_PACK) {
        const mine = labels.anomalies.filter((a) => a.kind === d.id)
        const fired = findings.filter((f) => f.detector === d.id)
        const missed = mine.filter(
          (a) => !fired.some((f) => f.event_ids.some((u) => a.eventUuids.includes(u))),
        )
        expect(
          missed.map((a) => a.note),
          d.id,
        ).toEqual([])
        // Every finding rests on a labelled attack (its own kind, or another that is also novel).
        expect(
          fired.filter((f) => !f.event_ids.some((u) => labelled.has(u))),
          d.id,
        ).toEqual([])
      }
      expect(labels.anomalies.filter((a) => a.kind === 'new-country').length).toBeGreaterThan(0)

      const max = (await db.one<{ s: bigint }>('SELECT max(ingest_seq) AS s FROM events'))?.s ?? 0n
      const sliced = new Map<string, string[]>()
      for (const d of SIGN_IN_PACK) {
        const ctx = {
          now: clock.now(),
          config: config.detectors[d.id] ?? {},
          partners: config.partners,
        }
        for (let i = 0n; i < 3n; i++) {
          const window = { afterSeq: (max * i) / 3n, untilSeq: (max * (i + 1n)) / 3n }
          for (const f of d.score(await d.candidates(db, window, ctx), ctx)) {
            sliced.set(findingId(f.detector, f.eventIds), f.eventIds)
          }
        }
      }
      const whole = new Map(findings.map((f) => [f.id, f.event_ids]))
      expect([...whole.keys()].filter((id) => !sliced.has(id))).toEqual([])
      const extra = [...sliced].filter(([id]) => !whole.has(id))
      for (const [, ids] of extra) {
        // An attack reported before its success arrived: a prefix of an escalated finding.
        expect(
          [...whole.values()].some((w) => ids.every((u, i) => w[i] === u) && w.length > ids.length),
        ).toBe(true)
      }
    },
  )
})
