import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { OktaLogEvent } from '../../data/scenario/types.js'
import {
  at,
  generate,
  localDate,
  localMinute,
  readEvents,
  readLabels,
  type Generated,
} from './scenario-helpers.js'

let g: Generated
let events: OktaLogEvent[]

beforeAll(async () => {
  // 2026-10-18 .. 2026-11-15: Europe leaves summer time on 25 October, the US on 1 November.
  g = await generate({ seed: 21, users: 100, days: 28, end: '2026-11-15T00:00:00Z' })
  events = readEvents(g.dir)
})
afterAll(() => g.cleanup())

const median = (xs: number[]): number => {
  const s = xs.slice().sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] ?? Number.NaN
}

/** Per user of the domain: median local and UTC minute of the first sign-in of each local day. */
function firstSignIns(domain: string, zone: string, changeDate: string) {
  const first = new Map<string, Map<string, string>>()
  for (const e of events) {
    const login = String(at(e, 'actor', 'alternateId'))
    if (
      e.eventType !== 'user.session.start' ||
      at(e, 'outcome', 'result') !== 'SUCCESS' ||
      !login.endsWith(domain)
    ) {
      continue
    }
    const days = first.get(login) ?? new Map<string, string>()
    const day = localDate(zone, e.published)
    if (!days.has(day)) {
      days.set(day, e.published)
    }
    first.set(login, days)
  }
  const shifts: { local: number; utc: number }[] = []
  for (const days of first.values()) {
    const before = [...days].filter(([d]) => d < changeDate).map(([, p]) => p)
    const after = [...days].filter(([d]) => d > changeDate).map(([, p]) => p)
    if (before.length < 3 || after.length < 3) {
      continue
    }
    const utc = (p: string): number => localMinute('UTC', p)
    shifts.push({
      local:
        median(after.map((p) => localMinute(zone, p))) -
        median(before.map((p) => localMinute(zone, p))),
      utc: median(after.map(utc)) - median(before.map(utc)),
    })
  }
  return shifts
}

describe('scenario time zones and DST', () => {
  it.each([
    ['northwind.example', 'Europe/Amsterdam', '2026-10-25'],
    ['fabrikam.example', 'America/New_York', '2026-11-01'],
  ])('keeps %s users at the same local hour while UTC moves by an hour', (domain, zone, change) => {
    const shifts = firstSignIns(domain, zone, change).filter((s) => Math.abs(s.local) < 12 * 60)
    expect(shifts.length).toBeGreaterThan(5)
    expect(Math.abs(median(shifts.map((s) => s.local)))).toBeLessThanOrEqual(20)
    expect(median(shifts.map((s) => s.utc))).toBeGreaterThanOrEqual(40)
    expect(median(shifts.map((s) => s.utc))).toBeLessThanOrEqual(80)
  })

  it('labels clear DST cases: same local time, an hour apart in UTC', () => {
    const byUuid = new Map(events.map((e) => [e.uuid, e]))
    const dst = readLabels(g.dir).confounders.filter((c) => c.kind === 'dst-shift')
    expect(dst.length).toBeGreaterThan(0)
    for (const c of dst) {
      const [a, b] = c.eventUuids.map((u) => byUuid.get(u))
      expect(a && b).toBeTruthy()
      expect(c.note).toMatch(/offset (\d+|-\d+) -> (\d+|-\d+) min/)
    }
  })
})
