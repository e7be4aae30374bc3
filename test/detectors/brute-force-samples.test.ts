// The public samples replayed in order through the sign-in pack (no partner configured, so every
// user is judged): Panther's brute-force replay (failed logins from foreign IPs, then the attacker's
// success) fires, escalated; none of the pack's findings rests on an event labelled benign.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect } from 'vitest'
import { fixedClock } from '../../lib/clock.js'
import { importFiles } from '../../ingest/import-files.js'
import { runDetectors } from '../../detectors/runner.js'
import { SIGN_IN_PACK } from '../../detectors/sign-in-pack.js'
import { dbTest } from '../helpers/db.js'

const dir = join(import.meta.dirname, '../fixtures/samples')
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.ndjson'))
  .map((f) => join(dir, f))

interface ScenarioLine {
  line: number
  uuid: string | null
  event_label: string
  scenario_label: string
}
interface TestLine {
  uuid: string | null
  labels: { expected_result: boolean }[]
}
const read = <T>(name: string): T => JSON.parse(readFileSync(join(dir, name), 'utf8')) as T

describe('sign-in pack on the public samples', () => {
  dbTest(
    'fires on the labelled brute force and on nothing benign',
    { timeout: 60_000 },
    async ({ db }) => {
      const clock = fixedClock('2026-11-29T00:00:00Z')
      await importFiles({ db, clock, files, org: 'samples' })
      await runDetectors({
        db,
        clock,
        detectors: SIGN_IN_PACK,
        partners: [],
        settings: {},
        since: new Date('2000-01-01T00:00:00Z'),
      })
      const findings = await db.all<{ detector: string; severity: string; event_ids: string[] }>(
        'SELECT detector, severity, event_ids FROM findings ORDER BY occurred_at',
      )
      const scenarios = read<{ events: ScenarioLine[] }>(
        'panther-okta-test-scenarios.labels.json',
      ).events
      const brute = scenarios.filter(
        (e) => e.scenario_label.includes('brute force') && e.line <= 20,
      )
      const success = brute.find((e) => e.line === 20)?.uuid
      const bf = findings.filter((f) => f.detector === 'brute-force')
      expect(bf).toHaveLength(1)
      expect(bf[0]?.severity).toBe('critical')
      expect(bf[0]?.event_ids.at(-1)).toBe(success)
      expect(bf[0]?.event_ids.slice(0, 5)).toEqual(brute.slice(0, 5).map((e) => e.uuid))

      // Benign: scenario lines labelled benign (not sharing a uuid with an attack line) and Panther
      // rule tests whose every expected result is false.
      const attack = new Set(scenarios.filter((e) => e.event_label === 'attack').map((e) => e.uuid))
      const benign = new Set<string>([
        ...scenarios
          .filter((e) => e.event_label === 'benign' && !attack.has(e.uuid))
          .flatMap((e) => (e.uuid ? [e.uuid] : [])),
        ...read<{ events: TestLine[] }>('panther-okta-tests.labels.json')
          .events.filter((e) => e.uuid && e.labels.every((l) => !l.expected_result))
          .flatMap((e) => (e.uuid ? [e.uuid] : [])),
      ])
      expect(benign.size).toBeGreaterThan(0)
      const onBenign = findings.filter((f) => f.event_ids.some((u) => benign.has(u)))
      expect(onBenign).toEqual([])
    },
  )
})
