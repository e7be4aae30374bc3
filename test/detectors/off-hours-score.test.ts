// Off-hours scoring on named fixtures: history rows as the queries return them (local day, 10-minute
// bin), candidates with their local time already worked out in the partner's zone, `now` passed in.
import { describe, expect, it } from 'vitest'
import type { PeerHistoryRow } from '../../detectors/off-hours/queries.js'
import { DEFAULT_THRESHOLD, score } from '../../detectors/off-hours/score.js'
import { gapMinutes, usualWindow } from '../../detectors/off-hours/circular.js'
import { minutesOutsideBusinessHours } from '../../detectors/off-hours/signals.js'
import {
  ZONE,
  NEW_DEVICE,
  NORTHWIND,
  ctx,
  hm,
  days,
  weekdays,
  weekends,
  history,
  signIn,
  input,
  NIGHT,
  OFFICE,
} from './off-hours-score-fixtures.js'

describe('off-hours score', () => {
  it('does not flag a night-shift worker at 02:00, their normal', () => {
    const findings = score(input([signIn('n-0200', 'noor', '2026-11-30', '02:00')], NIGHT), ctx())
    expect(findings).toEqual([])
  })

  it('flags the same night-shift worker at 14:00, a time never seen', () => {
    const [f, ...rest] = score(
      input([signIn('n-1400', 'noor', '2026-11-30', '14:00')], NIGHT),
      ctx(),
    )
    expect(rest).toEqual([])
    expect(f).toMatchObject({
      detector: 'off-hours',
      eventIds: ['n-1400'],
      userLogin: 'noor@northwind.example',
      partnerId: 'northwind',
      details: {
        localTime: '14:00',
        timeZone: ZONE,
        weekday: 'Mon',
        model: 'user',
        threshold: DEFAULT_THRESHOLD,
      },
    })
    expect(f?.details.probability).toBeLessThan(DEFAULT_THRESHOLD)
    // Monday's model is the working-day side (the after-midnight check-ins of Friday nights fall on
    // Saturdays, 3 × 5 of them, and stay out of it).
    expect(f?.details).toMatchObject({ scope: 'same-days', samples: NIGHT.length - 15 })
    expect(f?.details.usualWindow).toMatch(/^22:\d0–0\d:\d9$/)
    expect(f?.summary).toMatch(
      /^noor@northwind\.example signed in at 14:00 Europe\/Amsterdam \(Mon\); usually 22:\d0–0\d:\d9, p=.+ < 0\.01$/,
    )
    expect(f?.severity).toBe('medium')
  })

  it('counts only history before the sign-in', () => {
    const later = history('noor', days('2026-12-01', 10, weekdays), ['14:00'])
    const findings = score(
      input([signIn('n-1400', 'noor', '2026-11-30', '14:00')], [...NIGHT, ...later]),
      ctx(),
    )
    expect(findings.map((f) => f.eventIds[0])).toEqual(['n-1400'])
  })

  it('flags an office worker at 00:30 and not during or after their working day', () => {
    const findings = score(
      input(
        [
          signIn('a-0900', 'ana', '2026-11-30', '09:05'),
          signIn('a-1730', 'ana', '2026-11-30', '17:30'),
          signIn('a-0030', 'ana', '2026-12-01', '00:30', NEW_DEVICE),
        ],
        OFFICE,
      ),
      ctx(),
    )
    expect(findings.map((f) => f.eventIds[0])).toEqual(['a-0030'])
    // Corroborated by a new device: more severe than time alone.
    expect(findings[0]?.details.corroboration).toMatchObject({ newDevice: true })
    expect(findings[0]?.severity).toBe('high')
  })

  it('at the edge of the rest, a time the peers commonly use is not flagged', () => {
    // 21:30 is past ana's working day (08:20 + 10 h) but early in her night: an evening check.
    const late = signIn('a-2130', 'ana', '2026-11-30', '21:30')
    const alone = score(input([late], OFFICE), ctx())
    expect(alone.map((f) => f.eventIds[0])).toEqual(['a-2130'])
    expect(alone[0]?.details).toMatchObject({ peerProbability: null, peerCheckDepth: 0.6 })
    expect(alone[0]?.details.restDepth).toBeGreaterThanOrEqual(0.4)
    expect(alone[0]?.details.restDepth).toBeLessThan(0.6)
    const evenings: PeerHistoryRow[] = history('peers', days('2026-10-26', 25, weekdays), [
      '08:30',
      '12:00',
      '16:00',
      '21:20',
    ]).map((r) => ({ ...r, partnerId: 'northwind', n: 4, users: 4 }))
    expect(score(input([late], OFFICE, evenings), ctx())).toEqual([])
  })

  it('judges a traveller in the local time where they are, too', () => {
    // 02:00 Amsterdam is 10:00 in Tokyo: working hours there for a 08:20–15:40 worker.
    const tokyo = { ...signIn('a-tokyo', 'ana', '2026-12-01', '02:00'), lon: 139.7 }
    const home = signIn('a-home', 'ana', '2026-12-01', '02:10')
    const findings = score(input([tokyo, home], OFFICE), ctx())
    expect(findings.map((f) => f.eventIds[0])).toEqual(['a-home'])
  })

  it('flags nobody across a DST change: the model is in local time', () => {
    // 08:20 / 11:10 / 15:40 local before and after 2026-10-25; UTC moved by an hour.
    const around = history('ana', days('2026-10-05', 30, weekdays), ['08:20', '11:10', '15:40'])
    expect(around[0]?.lastPublished.toISOString()).toBe('2026-10-05T06:20:00.000Z')
    expect(around.at(-1)?.lastPublished.toISOString()).toBe('2026-11-13T14:40:00.000Z')
    const findings = score(
      input(
        [
          signIn('a-dst', 'ana', '2026-11-16', '08:15'),
          signIn('b-dst', 'ana', '2026-11-16', '15:45'),
        ],
        around,
      ),
      ctx(),
    )
    expect(findings).toEqual([])
  })

  it('learning gate: below 20 sign-ins on 10 days, business hours and peers decide', () => {
    const young = history('ana', days('2026-11-23', 5, weekdays), ['08:20'])
    const peers: PeerHistoryRow[] = history('peers', days('2026-10-26', 25, weekdays), [
      '08:00',
      '09:00',
      '13:00',
      '16:00',
    ]).map((r) => ({ ...r, partnerId: 'northwind', n: 5, users: 5 }))
    const candidates = [
      signIn('day', 'ana', '2026-11-30', '10:00', NEW_DEVICE),
      signIn('night-familiar', 'ana', '2026-11-30', '03:00'),
      signIn('night-new-device', 'ana', '2026-11-30', '03:10', NEW_DEVICE),
    ]
    const withPeers = score(input(candidates, young, peers), ctx())
    expect(withPeers.map((f) => f.eventIds[0])).toEqual(['night-new-device'])
    expect(withPeers[0]?.details).toMatchObject({
      model: 'peer',
      userSamples: 5,
      learningGate: { minSignIns: 20, minDays: 10 },
      businessHours: 'Mon,Tue,Wed,Thu,Fri 07:00–19:00',
    })
    expect(withPeers[0]?.summary).toContain('(peer model, user still learning)')
    // No peers yet: the business hours alone.
    const alone = score(input(candidates, young), ctx())
    expect(alone.map((f) => [f.eventIds[0], f.details.model])).toEqual([
      ['night-new-device', 'business-hours'],
    ])
    // The same user once past the gate: their own model, no device needed.
    const grown = history('ana', days('2026-10-26', 24, weekdays), ['08:20'])
    expect(
      score(input(candidates, grown, peers), ctx()).map((f) => [f.eventIds[0], f.details.model]),
    ).toEqual([
      ['night-familiar', 'user'],
      ['night-new-device', 'user'],
    ])
  })

  it('weekend model: a weekend habit of its own, learned apart from the week', () => {
    // A late shift in the week (13:00–21:00), a morning on weekends.
    const week = history('sem', days('2026-10-26', 25, weekdays), ['13:00', '16:00', '20:30'])
    const weekend = history('sem', days('2026-10-24', 10, weekends), ['10:00', '11:30'])
    const rows = [...week, ...weekend].sort(
      (a, b) => a.lastPublished.getTime() - b.lastPublished.getTime(),
    )
    const findings = score(
      input(
        [
          signIn('sat-1030', 'sem', '2026-12-05', '10:30'),
          signIn('sat-0330', 'sem', '2026-12-05', '03:30'),
        ],
        rows,
      ),
      ctx(),
    )
    expect(findings.map((f) => [f.eventIds[0], f.details.scope, f.details.usualWindow])).toEqual([
      ['sat-0330', 'same-days', '10:00–11:39'],
    ])
    expect(findings[0]?.details).toMatchObject({ weekday: 'Sat', samples: 20, days: 10 })
  })

  it('takes its threshold from the config', () => {
    const c = [signIn('a-0030', 'ana', '2026-12-01', '00:30')]
    expect(score(input(c, OFFICE), ctx())).toHaveLength(1)
    expect(score(input(c, OFFICE), ctx({ threshold: 1e-300 }))).toEqual([])
  })

  it('returns nothing for missing data', () => {
    expect(score(input([], []), ctx())).toEqual([])
    expect(score(input([signIn('x', 'ghost', '2026-11-30', '03:00')], []), ctx())).toEqual([])
  })
})

describe('off-hours helpers', () => {
  it('measures business hours in the partner day, days off wholly outside', () => {
    expect(minutesOutsideBusinessHours(NORTHWIND, 1, hm('06:30'))).toBe(30)
    expect(minutesOutsideBusinessHours(NORTHWIND, 1, hm('12:00'))).toBe(0)
    expect(minutesOutsideBusinessHours(NORTHWIND, 6, hm('12:00'))).toBe(Infinity)
  })

  it('wraps midnight: the usual window and the gap of a night owl', () => {
    const counts = new Float64Array(144)
    counts[141] = 5 // 23:30
    counts[3] = 5 // 00:30
    expect(usualWindow(counts)).toBe('23:30–00:39')
    const { gap, depth } = gapMinutes(counts, hm('12:00'))
    expect(gap).toBe(685)
    expect(depth).toBeCloseTo(1, 1)
  })
})
