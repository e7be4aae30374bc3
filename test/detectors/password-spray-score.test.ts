// Password spray scoring on attempts built by hand: Elastic's three shapes, the per-user ceilings
// that keep one user's brute force out, typos removed, and the escalation on a targeted user's
// success from the spray's network.
import { describe, expect, it } from 'vitest'
import { score, shapeOf } from '../../detectors/password-spray/score.js'
import type { Attempt } from '../../detectors/password-spray/queries.js'
import { attemptOf } from './sign-in-fixtures.js'

const ctx = { now: new Date('2026-11-20T12:00:00Z'), config: {}, partners: [] }
const t0 = Date.parse('2026-11-10T03:00:00Z')

function attempt(
  i: number,
  user: string,
  ip: string,
  seconds: number,
  kind: Attempt['kind'] = 'failure',
): Attempt {
  return attemptOf({
    uuid: `a${i}`,
    published: new Date(t0 + seconds * 1000),
    userId: user,
    userLogin: `${user}@northwind.example`,
    kind,
    ip,
    asNumber: ip.startsWith('45.') ? 20473 : 1136,
    userAgent: 'python-requests/2.31',
  })
}

describe('password-spray score', () => {
  it('finds a single-source spray at its fifth user', () => {
    const tries = Array.from({ length: 8 }, (_, i) => attempt(i, `u${i}`, '45.32.1.9', i * 40))
    const [f] = score(tries, ctx)
    expect(f?.details).toMatchObject({ shape: 'single-source spray', users: 8, attempts: 8 })
    expect(f?.eventIds).toEqual(['a0', 'a1', 'a2', 'a3', 'a4'])
  })

  it('calls fifteen users at most twice each from one address credential stuffing', () => {
    const tries = Array.from({ length: 20 }, (_, i) =>
      attempt(i, `u${i % 15}`, '45.32.1.9', i * 20),
    )
    const shape = shapeOf(tries, 5, 8)
    expect(shape?.shape).toBe('credential stuffing')
  })

  it('follows a slow distributed spray across addresses', () => {
    const tries = Array.from({ length: 12 }, (_, i) =>
      attempt(i, `u${i}`, `45.32.${i % 4}.9`, i * 600),
    )
    const [f] = score(tries, ctx)
    expect(f?.details).toMatchObject({ shape: 'distributed spray', sourceCount: 4 })
    expect(f?.eventIds).toHaveLength(8)
  })

  it('keeps a single-source spray apart from a distributed one at the same time', () => {
    const distributed = Array.from({ length: 12 }, (_, i) =>
      attempt(i, `d${i}`, `45.32.${i % 4}.9`, i * 300),
    )
    const single = Array.from({ length: 8 }, (_, i) =>
      attempt(50 + i, `s${i}`, '90.3.1.1', 1200 + i * 30),
    )
    const found = score([...distributed, ...single], ctx)
    expect(found.map((f) => f.details.shape).sort()).toEqual([
      'distributed spray',
      'single-source spray',
    ])
    const lone = found.find((f) => f.details.shape === 'single-source spray')
    expect(lone?.eventIds.every((u) => Number(u.slice(1)) >= 50)).toBe(true)
  })

  it('does not call one user’s brute force plus a few typos a spray', () => {
    const brute = Array.from({ length: 10 }, (_, i) => attempt(i, 'victim', '45.32.1.9', i * 10))
    const typos = [1, 2, 3, 4].flatMap((k) => [
      attempt(100 + k, `t${k}`, `84.26.${k}.1`, 200 + k * 60),
      attempt(200 + k, `t${k}`, `84.26.${k}.1`, 230 + k * 60, 'success'),
    ])
    expect(score([...brute, ...typos], ctx)).toEqual([])
  })

  it('escalates when a targeted user then signs in from the spray’s address', () => {
    const tries = Array.from({ length: 6 }, (_, i) => attempt(i, `u${i}`, '45.32.1.9', i * 40))
    const win = attempt(99, 'u3', '45.32.1.9', 3600, 'success')
    const [f] = score([...tries, win], ctx)
    expect(f).toMatchObject({ severity: 'critical', userId: 'u3' })
    expect(f?.eventIds.at(-1)).toBe('a99')
  })

  it('reports nothing when the crossing happened in an earlier window', () => {
    const tries = Array.from({ length: 6 }, (_, i) => ({
      ...attempt(i, `u${i}`, '45.32.1.9', i * 40),
      isNew: i === 5,
    }))
    expect(score(tries, ctx)).toEqual([])
  })
})
