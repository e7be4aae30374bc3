// The public samples replayed through import and every detector (bench/samples-replay.ts, what
// `npm run eval` reports): lines quarantined for a reused uuid carry no other line's findings, and
// with the collisions given their own uuids the brute force they hid fires on its success while
// none of the benign baseline logins does.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../lib/clock.js'
import { lineUuid, replaySamples, withUniqueUuids } from '../../bench/samples-replay.js'

const dir = join(import.meta.dirname, '../fixtures/samples')
const clock = fixedClock('2026-11-29T00:00:00Z')

describe('samples replay', () => {
  it('rewrites only lines whose uuid another, different line already had', () => {
    const seen = new Map<string, string>([['u1', '{"uuid":"u1","a":0}']])
    const text = [
      '{"uuid":"u1","a":0}',
      '{"uuid":"u1","a":1}',
      '{"uuid":"u2"}',
      'not json',
      '',
    ].join('\n')
    const out = withUniqueUuids('f.ndjson', text, seen)
    expect(out.rewritten).toBe(1)
    expect(out.uuids).toEqual(['u1', lineUuid('f.ndjson', 2), 'u2', null, null])
    expect(out.text.split('\n')[1]).toBe(JSON.stringify({ uuid: lineUuid('f.ndjson', 2), a: 1 }))
    expect(seen.get('u2')).toBe('{"uuid":"u2"}')
  })

  it(
    'attributes no finding to a quarantined line, and fires on the hidden brute force',
    { timeout: 60_000 },
    async () => {
      const asIs = await replaySamples({ dir, clock, uniqueUuids: false })
      const benign = asIs.lines.filter((l) => l.label === 'benign')
      expect(benign.length).toBeGreaterThan(0)
      expect(benign.flatMap((l) => l.fired)).toEqual([])
      const line = (n: number): (typeof asIs.lines)[number] | undefined =>
        asIs.lines.find((l) => l.line === n)
      // Line 10 is a privilege grant; lines 21-33 reuse its uuid.
      expect(line(10)?.fired).toEqual(['privilege-grant'])
      expect(line(27)?.quarantined).toMatch(/uuid/)
      expect(line(27)?.fired).toEqual([])

      const unique = await replaySamples({ dir, clock, uniqueUuids: true })
      expect(unique.rewritten).toBeGreaterThan(0)
      expect(unique.lines.filter((l) => l.quarantined !== null)).toEqual([])
      expect(unique.lines.filter((l) => l.label === 'benign').flatMap((l) => l.fired)).toEqual([])
      const brute = unique.scenarios.find((s) => s.scenario.includes('brute force'))
      // Both bursts: the success that ends each (lines 20 and 27) is in a finding.
      expect(brute?.firedOnAttack['brute-force']).toEqual(expect.arrayContaining([20, 27]))
      expect(brute?.firedOnBenign).toEqual({})
      // Panther's one-event rule tests: its admin-role positives fire privilege-grant, and no
      // finding rests on a test Panther's rule must stay quiet on.
      const admin = unique.rules.find((r) => r.rule === 'Okta.AdminRoleAssigned')
      expect(admin?.firedOnPositive['privilege-grant']).toEqual(admin?.positives)
      expect(unique.rules.filter((r) => Object.keys(r.firedOnNegative).length > 0)).toEqual([])
    },
  )
})
