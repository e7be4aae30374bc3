import { describe, it, expect, afterAll } from 'vitest'
import { join } from 'node:path'
import { SCENARIO_FILES } from '../../data/scenario/types.js'
import { generate, sha256, type Generated } from './scenario-helpers.js'

const made: Generated[] = []
afterAll(() => made.forEach((g) => g.cleanup()))

async function hashes(seed: number): Promise<Record<string, string>> {
  const g = await generate({ seed, users: 40, days: 10, partners: 4 })
  made.push(g)
  return Object.fromEntries(
    Object.values(SCENARIO_FILES).map((name) => [name, sha256(join(g.dir, name))]),
  )
}

describe('scenario generator determinism', () => {
  it('gives byte-identical files for the same options, and different ones for another seed', async () => {
    const first = await hashes(42)
    const again = await hashes(42)
    const other = await hashes(43)
    expect(again).toEqual(first)
    expect(other[SCENARIO_FILES.events]).not.toBe(first[SCENARIO_FILES.events])
    expect(other[SCENARIO_FILES.directory]).not.toBe(first[SCENARIO_FILES.directory])
    expect(other[SCENARIO_FILES.labels]).not.toBe(first[SCENARIO_FILES.labels])
  })

  it('reports what it wrote', async () => {
    const g = await generate({ seed: 5, users: 40, days: 7, partners: 3 })
    made.push(g)
    const s = g.summary
    expect(s.files.map((f) => f.slice(g.dir.length + 1)).sort()).toEqual(
      Object.values(SCENARIO_FILES).slice().sort(),
    )
    expect(s.counts.users).toBe(40)
    expect(s.counts.partners).toBe(3)
    expect(s.counts.events).toBeGreaterThan(500)
    expect(s.counts.signIns).toBe(s.counts.eventTypes['user.session.start'])
    expect(Object.values(s.counts.eventTypes).reduce((a, b) => a + b, 0)).toBe(s.counts.events)
    expect(s.params.start).toBe('2026-11-13T00:00:00.000Z')
  })

  it('rejects impossible sizes', async () => {
    await expect(generate({ users: 10, partners: 6 })).rejects.toThrow(/users must be/)
  })
})
