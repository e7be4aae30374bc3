// The public samples replayed through the lifecycle pack. Panther's attack-replay scenario file is
// imported whole, in order: its privilege grants after the compromise fire and its benign logins do
// not. Panther's rule tests are independent, so each labelled line of the rules our detectors
// mirror is replayed alone in a fresh store, with every user judged (no partners are configured).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect } from 'vitest'
import { fixedClock } from '../../lib/clock.js'
import type { Database } from '../../lib/db.js'
import { importFiles } from '../../ingest/import-files.js'
import { runDetectors } from '../../detectors/runner.js'
import { LIFECYCLE_PACK } from '../../detectors/lifecycle-pack.js'
import { dbTest } from '../helpers/db.js'
import { openDatabase } from '../../lib/db.js'
import { store } from './lifecycle-fixtures.js'

const samples = join(import.meta.dirname, '../fixtures/samples')
const clock = fixedClock('2026-11-29T00:00:00Z')
const everyone = Object.fromEntries(LIFECYCLE_PACK.map((d) => [d.id, { partnersOnly: false }]))

async function fired(db: Database): Promise<Map<string, string[]>> {
  await runDetectors({
    db,
    clock,
    detectors: LIFECYCLE_PACK,
    partners: [],
    settings: everyone,
    since: new Date('2000-01-01T00:00:00Z'),
  })
  const rows = await db.all<{ uuid: string; detectors: string[] }>(
    `SELECT uuid, list(DISTINCT detector ORDER BY detector) AS detectors
     FROM (SELECT detector, unnest(event_ids) AS uuid FROM findings) GROUP BY uuid`,
  )
  return new Map(rows.map((r) => [r.uuid, [...r.detectors]]))
}

describe('lifecycle pack on the public samples', () => {
  dbTest('Panther attack replay: privilege grants fire, benign logins do not', async ({ db }) => {
    await importFiles({
      db,
      clock,
      org: 'samples',
      files: [join(samples, 'panther-okta-test-scenarios.ndjson')],
    })
    const byUuid = await fired(db)
    const labels = JSON.parse(
      readFileSync(join(samples, 'panther-okta-test-scenarios.labels.json'), 'utf8'),
    ) as { events: { line: number; uuid: string; eventType: string; event_label: string }[] }
    // A line whose uuid an earlier line already used is quarantined at import: judge first uses only.
    const first = labels.events.filter(
      (e, i) => labels.events.findIndex((x) => x.uuid === e.uuid) === i,
    )
    const result = first.map((e) => [e.line, e.event_label, e.eventType, byUuid.get(e.uuid) ?? []])
    expect(result).toEqual([
      [1, 'attack', 'user.session.start', []],
      [3, 'benign', 'user.session.start', []],
      [9, 'attack', 'user.account.privilege.grant', ['privilege-grant']],
      // Line 20 (the brute force's success) comes seven months after line 10 by the same actor,
      // with nothing between in the file: dormant by the store's account, with line 10 as evidence.
      [10, 'attack', 'user.account.privilege.grant', ['dormant-reactivated', 'privilege-grant']],
      ...first
        .slice(4)
        .map((e) => [
          e.line,
          e.event_label,
          e.eventType,
          e.line === 20 ? ['dormant-reactivated'] : [],
        ]),
    ])
    expect(first.slice(4).some((e) => e.event_label === 'benign')).toBe(false)
  })

  describe('Panther rule tests, each line alone', () => {
    const tests = readFileSync(join(samples, 'panther-okta-tests.ndjson'), 'utf8').split('\n')
    const labels = JSON.parse(
      readFileSync(join(samples, 'panther-okta-tests.labels.json'), 'utf8'),
    ) as {
      events: {
        line: number
        labels: { rule_id: string; expected_result: boolean; needs_mocks_or_state: boolean }[]
      }[]
    }
    const ours: Record<string, string> = {
      'Okta.AdminRoleAssigned': 'privilege-grant',
      'Okta.Group.Admin.Role.Assigned': 'privilege-grant',
      'Okta.Anonymizing.VPN.Login': 'anonymizer',
      'Okta.ThreatInsight.Security.Threat.Detected': 'okta-threat',
    }
    const cases = labels.events.flatMap((e) =>
      e.labels
        .filter((l) => ours[l.rule_id] && !l.needs_mocks_or_state)
        .map((l) => ({ line: e.line, rule: l.rule_id, expected: l.expected_result })),
    )

    dbTest(
      'fire where the event is in Okta’s wire format and in scope',
      { timeout: 60_000 },
      async () => {
        const outcome: [number, string, boolean, boolean][] = []
        for (const c of cases) {
          const db = await openDatabase({ path: ':memory:' })
          try {
            await store(db, [tests[c.line - 1] ?? ''])
            const byUuid = await fired(db)
            const detector = ours[c.rule] ?? ''
            outcome.push([
              c.line,
              c.rule,
              c.expected,
              [...byUuid.values()].some((d) => d.includes(detector)),
            ])
          } finally {
            db.closeSync()
          }
        }
        expect(outcome).toEqual([
          // A non-grant event: nothing.
          [14, 'Okta.Group.Admin.Role.Assigned', false, false],
          [15, 'Okta.ThreatInsight.Security.Threat.Detected', false, false],
          // Lower-case keys (`eventtype`, `debugcontext`): Panther's own normalisation, not Okta's
          // wire format; ingest types none of their fields, so no detector can read them.
          [28, 'Okta.Group.Admin.Role.Assigned', true, false],
          [50, 'Okta.ThreatInsight.Security.Threat.Detected', true, false],
          [51, 'Okta.ThreatInsight.Security.Threat.Detected', true, false],
          [51, 'Okta.ThreatInsight.Security.Threat.Detected', true, false],
          [52, 'Okta.ThreatInsight.Security.Threat.Detected', true, false],
          // Organisation / super administrator granted by a colleague of the same domain: medium.
          [71, 'Okta.AdminRoleAssigned', true, true],
          [72, 'Okta.AdminRoleAssigned', true, true],
          // Lower-case keys again, and these are failed sign-ins: we judge successful ones.
          [127, 'Okta.Anonymizing.VPN.Login', false, false],
          [128, 'Okta.Anonymizing.VPN.Login', true, false],
          [129, 'Okta.Anonymizing.VPN.Login', true, false],
        ])
      },
    )
  })
})
