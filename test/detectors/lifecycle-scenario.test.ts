// End to end on a generated scenario: load the System Log and the directory the production way, run
// the lifecycle pack, and match findings to the labels by any shared event uuid. Every labelled
// attack of each kind is found, and every finding is a labelled attack — its own kind's, or (for
// Okta's verdicts, which also sit on impossible-travel and other attacks) another kind's.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, onTestFinished } from 'vitest'
import { fixedClock } from '../../lib/clock.js'
import { loadScenario } from '../../bench/load-scenario.js'
import { runDetectors } from '../../detectors/runner.js'
import { createFindingsQueries } from '../../detectors/findings-queries.js'
import { LIFECYCLE_PACK } from '../../detectors/lifecycle-pack.js'
import { SCENARIO_FILES, type ScenarioLabels } from '../../data/scenario/types.js'
import { generate } from '../data/scenario-helpers.js'
import { dbTest } from '../helpers/db.js'

const end = '2026-11-20T00:00:00Z'

describe('lifecycle pack on a generated scenario', () => {
  dbTest(
    'finds every labelled attack of its kinds, and only attacks',
    { timeout: 120_000 },
    async ({ db }) => {
      const scenario = await generate({ seed: 12, partners: 6, users: 100, days: 45, end })
      onTestFinished(scenario.cleanup)
      const clock = fixedClock(end)
      const config = await loadScenario(db, scenario.dir, clock)
      await runDetectors({
        db,
        clock,
        detectors: LIFECYCLE_PACK,
        partners: config.partners,
        settings: config.detectors,
      })
      const labels = JSON.parse(
        readFileSync(join(scenario.dir, SCENARIO_FILES.labels), 'utf8'),
      ) as ScenarioLabels
      const findings = await createFindingsQueries(db).list({})
      const shares = (a: readonly string[], b: readonly string[]) => a.some((u) => b.includes(u))
      const result = Object.fromEntries(
        LIFECYCLE_PACK.map((d) => {
          const own = labels.anomalies.filter((l) => l.kind === d.id)
          const mine = findings.filter((f) => f.detector === d.id)
          return [
            d.id,
            {
              labels: own.length,
              missed: own.filter((l) => !mine.some((f) => shares(f.eventIds, l.eventUuids))).length,
              unexplained: mine.filter(
                (f) => !labels.anomalies.some((l) => shares(f.eventIds, l.eventUuids)),
              ).length,
            },
          ]
        }),
      )
      for (const [id, r] of Object.entries(result)) {
        expect(r, id).toMatchObject({ missed: 0, unexplained: 0 })
        expect(r.labels, id).toBeGreaterThan(0)
      }
      // A re-run over everything finds the same findings (deterministic ids): nothing is added.
      const again = await runDetectors({
        db,
        clock: fixedClock('2027-01-01T00:00:00Z'),
        detectors: LIFECYCLE_PACK,
        partners: config.partners,
        settings: config.detectors,
        since: new Date('2000-01-01T00:00:00Z'),
      })
      expect(again.map((r) => [r.detector, r.added])).toEqual(LIFECYCLE_PACK.map((d) => [d.id, 0]))
      expect(again.every((r) => r.findings > 0)).toBe(true)
    },
  )
})
