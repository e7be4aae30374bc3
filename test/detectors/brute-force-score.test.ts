// Brute-force scoring on attempts built by hand: the typo rule, and the guess that works from one
// more address after others failed (Panther's replayed attack), which the typo rule must not hide.
import { describe, expect, it } from 'vitest'
import { score, unexplained } from '../../detectors/brute-force/score.js'
import type { Attempt } from '../../detectors/brute-force/queries.js'
import { attemptOf } from './sign-in-fixtures.js'

const ctx = { now: new Date('2026-11-20T12:00:00Z'), config: {}, partners: [] }
const t0 = Date.parse('2026-11-10T21:27:00Z')

function attempt(
  i: number,
  ip: string,
  minutes: number,
  kind: Attempt['kind'] = 'failure',
): Attempt {
  return attemptOf({
    uuid: `a${i}`,
    published: new Date(t0 + minutes * 60_000),
    userLogin: 'jack@northwind.example',
    kind,
    reason: kind === 'failure' ? 'VERIFICATION_ERROR' : null,
    ip,
  })
}

describe('brute-force score', () => {
  it('takes two failures then a success from the same address, nobody else failing, as typos', () => {
    const tries = [
      attempt(0, '10.0.0.1', 0),
      attempt(1, '10.0.0.1', 1),
      attempt(2, '10.0.0.1', 2, 'success'),
    ]
    expect(unexplained(tries)).toEqual([])
    expect(score(tries, ctx)).toEqual([])
  })

  it('keeps a success address’s failures when other addresses were guessing just before', () => {
    // Four foreign addresses fail, then a fifth fails twice and gets in: 6 failures, not 4 + 2 typos.
    const tries = [
      attempt(0, '195.154.58.200', 0),
      attempt(1, '157.7.164.178', 1),
      attempt(2, '94.177.183.28', 2),
      attempt(3, '195.154.58.200', 3),
      attempt(4, '194.88.246.242', 4),
      attempt(5, '194.88.246.242', 5),
      attempt(6, '194.88.246.242', 6, 'success'),
    ]
    expect(unexplained(tries).map((a) => a.uuid)).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'a5'])
    const [f] = score(tries, ctx)
    expect(f?.severity).toBe('critical')
    expect(f?.eventIds).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'a6'])
    expect(f?.details).toMatchObject({ failures: 6, success: { uuid: 'a6' } })
  })

  it('still calls typos typos when the other address’s failures were typos of their own', () => {
    // Another device of the user mistyped and got in from its address: nobody was guessing.
    const tries = [
      attempt(0, '10.0.0.9', 0),
      attempt(1, '10.0.0.9', 1, 'success'),
      attempt(2, '10.0.0.1', 5),
      attempt(3, '10.0.0.1', 6),
      attempt(4, '10.0.0.1', 7, 'success'),
    ]
    expect(unexplained(tries)).toEqual([])
  })

  it('does not reach back past the typo window for other addresses', () => {
    const tries = [
      attempt(0, '195.154.58.200', 0),
      attempt(1, '194.88.246.242', 45),
      attempt(2, '194.88.246.242', 46, 'success'),
    ]
    expect(unexplained(tries).map((a) => a.uuid)).toEqual(['a0'])
  })
})
