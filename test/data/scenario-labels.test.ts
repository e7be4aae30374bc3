import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { isCidr } from '../../lib/config.js'
import { ANOMALY_KINDS } from '../../data/scenario/labels.js'
import type { OktaLogEvent, ScenarioLabels } from '../../data/scenario/types.js'
import {
  at,
  distanceKm,
  localDate,
  localMinute,
  generate,
  geo,
  readEvents,
  readJson,
  readLabels,
  type Generated,
} from './scenario-helpers.js'

interface PartnerEntry {
  id: string
  allowedCountries: string[]
  knownEgress: { asns: number[]; cidrs: string[] }
}

let g: Generated
let labels: ScenarioLabels
let byUuid: Map<string, OktaLogEvent>
let order: Map<string, number>
let events: OktaLogEvent[]

beforeAll(async () => {
  // Long enough for every kind (dormancy needs the smallest threshold, 30 days, plus margins), and
  // spanning the European and American DST changes (2026-10-09 .. 2026-11-20).
  g = await generate({ seed: 11, users: 90, days: 42 })
  labels = readLabels(g.dir)
  events = readEvents(g.dir)
  byUuid = new Map(events.map((e) => [e.uuid, e]))
  order = new Map(events.map((e, i) => [e.uuid, i]))
})
afterAll(() => g.cleanup())

function inCidr(ip: string, cidr: string): boolean {
  const [base = '', bits = '32'] = cidr.split('/')
  const toInt = (a: string): number => a.split('.').reduce((n, o) => n * 256 + Number(o), 0)
  const mask = 2 ** (32 - Number(bits))
  return Math.floor(toInt(ip) / mask) === Math.floor(toInt(base) / mask)
}

describe('scenario labels', () => {
  it('point at events that exist, in time order, with the trigger last', () => {
    expect(labels.anomalies.length).toBeGreaterThan(0)
    for (const a of labels.anomalies) {
      expect(a.eventUuids.length).toBeGreaterThan(0)
      expect(a.eventUuids.at(-1)).toBe(a.triggerUuid)
      const positions = a.eventUuids.map((u) => order.get(u))
      expect(
        positions.every((p) => p !== undefined),
        `${a.id} ${a.kind}`,
      ).toBe(true)
      const sorted = (positions as number[]).slice().sort((x, y) => x - y)
      expect(positions).toEqual(sorted)
      expect(byUuid.get(a.triggerUuid)?.published).toBe(a.published)
    }
    for (const c of labels.confounders) {
      expect(
        c.eventUuids.every((u) => byUuid.has(u)),
        `${c.id} ${c.kind}`,
      ).toBe(true)
    }
  })

  it('inject every anomaly kind, under 1 % of sign-ins', () => {
    const kinds = new Set(labels.anomalies.map((a) => a.kind))
    expect([...kinds].sort()).toEqual(ANOMALY_KINDS.slice().sort())
    expect(labels.anomalies.length / labels.counts.signIns).toBeLessThan(0.01)
    expect(labels.counts.anomalies).toBe(labels.anomalies.length)
    expect(labels.params).toEqual({
      partners: 6,
      users: 90,
      days: 42,
      end: '2026-11-20T00:00:00.000Z',
    })
  })

  it('trigger on the event a detector should fire on', () => {
    for (const a of labels.anomalies) {
      const e = byUuid.get(a.triggerUuid)
      const type = e?.eventType
      const result = at(e, 'outcome', 'result')
      switch (a.kind) {
        case 'privilege-grant':
          expect(type).toBe('user.account.privilege.grant')
          expect(at(e, 'target', '0', 'id')).toBe(a.userId)
          break
        case 'session-hijack': {
          expect(type).toBe('user.authentication.sso')
          const start = byUuid.get(a.eventUuids[0] ?? '')
          const session = at(start, 'authenticationContext', 'externalSessionId')
          expect(at(e, 'authenticationContext', 'externalSessionId')).toBe(session)
          expect(at(e, 'securityContext', 'asNumber')).not.toBe(
            at(start, 'securityContext', 'asNumber'),
          )
          expect(at(e, 'client', 'userAgent', 'rawUserAgent')).not.toBe(
            at(start, 'client', 'userAgent', 'rawUserAgent'),
          )
          break
        }
        case 'password-spray':
        case 'brute-force':
        case 'mfa-fatigue':
          // Ends on the attacker's success, or on the last failure / lock / push.
          expect(type).toMatch(
            /^(user\.session\.start|user\.account\.lock|system\.push\.send_factor_verify_push|user\.mfa\.okta_verify\.deny_push|user\.authentication\.auth_via_mfa)$/,
          )
          break
        default:
          expect(type).toBe('user.session.start')
          expect(result).toBe('SUCCESS')
          expect(at(e, 'actor', 'id')).toBe(a.userId)
      }
    }
  })

  it('make impossible travel impossible: far, fast, and not through known egress', () => {
    const partners = (readJson(g.dir, 'partnerwatch.config.json') as { partners: PartnerEntry[] })
      .partners
    const egress = new Set(partners.flatMap((p) => p.knownEgress.asns))
    for (const a of labels.anomalies.filter((x) => x.kind === 'impossible-travel')) {
      const home = byUuid.get(a.eventUuids[0] ?? '') as OktaLogEvent
      const away = byUuid.get(a.triggerUuid) as OktaLogEvent
      const km = distanceKm(geo(home), geo(away))
      const hours = (Date.parse(away.published) - Date.parse(home.published)) / 3_600_000
      expect(km).toBeGreaterThan(3000)
      expect(km / hours).toBeGreaterThan(1500)
      expect(geo(away).country).not.toBe(geo(home).country)
      expect(egress.has(Number(at(away, 'securityContext', 'asNumber')))).toBe(false)
    }
  })

  it('label benign look-alikes: flights at possible speed, VPN egress abroad, carrier jitter', () => {
    const kinds = new Set(labels.confounders.map((c) => c.kind))
    for (const k of [
      'flight',
      'vpn-egress',
      'mobile-jitter',
      'dst-shift',
      'night-shift',
      'early-bird',
      'weekend-worker',
    ] as const) {
      expect(kinds, k).toContain(k)
    }
    const flights = labels.confounders.filter((c) => c.kind === 'flight')
    for (const f of flights) {
      const [from, to] = f.eventUuids.map((u) => byUuid.get(u) as OktaLogEvent)
      if (!from || !to) {
        throw new Error('flight without two events')
      }
      const km = distanceKm(geo(from), geo(to))
      const hours = (Date.parse(to.published) - Date.parse(from.published)) / 3_600_000
      expect(km).toBeGreaterThanOrEqual(300)
      expect(km / hours).toBeLessThan(900)
    }
    expect(
      flights.some((f) => {
        const [a, b] = f.eventUuids.map((u) => byUuid.get(u) as OktaLogEvent)
        return a !== undefined && b !== undefined && geo(a).country !== geo(b).country
      }),
    ).toBe(true)

    const partners = (readJson(g.dir, 'partnerwatch.config.json') as { partners: PartnerEntry[] })
      .partners
    for (const c of labels.confounders.filter((x) => x.kind === 'vpn-egress')) {
      const partner = partners.find((p) => p.id === c.partnerId) as PartnerEntry
      const [home, vpn] = c.eventUuids.map((u) => byUuid.get(u) as OktaLogEvent)
      const ip = String(at(vpn, 'client', 'ipAddress'))
      expect(partner.knownEgress.cidrs.every(isCidr)).toBe(true)
      expect(partner.knownEgress.cidrs.some((cidr) => inCidr(ip, cidr))).toBe(true)
      expect(partner.knownEgress.asns).toContain(at(vpn, 'securityContext', 'asNumber'))
      const countryOf = (e: OktaLogEvent | undefined): string =>
        String(at(e, 'client', 'geographicalContext', 'country'))
      expect(countryOf(vpn)).not.toBe(countryOf(home))
      const hours =
        (Date.parse(vpn?.published ?? '') - Date.parse(home?.published ?? '')) / 3_600_000
      expect(
        distanceKm(geo(home as OktaLogEvent), geo(vpn as OktaLogEvent)) / hours,
      ).toBeGreaterThan(900)
    }
    for (const c of labels.confounders.filter((x) => x.kind === 'mobile-jitter')) {
      const [a, b] = c.eventUuids.map((u) => byUuid.get(u) as OktaLogEvent)
      expect(at(a, 'securityContext', 'asNumber')).toBe(at(b, 'securityContext', 'asNumber'))
      expect(at(b, 'client', 'device')).toBe('Mobile')
      expect(distanceKm(geo(a as OktaLogEvent), geo(b as OktaLogEvent))).toBeLessThanOrEqual(700)
    }
  })
})

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

describe('scenario time zones and DST (Europe leaves summer time on 25 October, the US on 1 November)', () => {
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
    const zones = new Map(
      (
        readJson(g.dir, 'partnerwatch.config.json') as {
          partners: { id: string; timeZone: string }[]
        }
      ).partners.map((p) => [p.id, p.timeZone]),
    )
    const dst = labels.confounders.filter((c) => c.kind === 'dst-shift' && c.partnerId !== null)
    expect(dst.length).toBeGreaterThan(0)
    const wrap = (m: number): number => ((m + 720 + 1440 * 2) % 1440) - 720
    for (const c of dst) {
      const zone = zones.get(c.partnerId ?? '') ?? 'UTC'
      const [a, b] = c.eventUuids.map((u) => byUuid.get(u)?.published ?? '')
      const local = wrap(localMinute(zone, b ?? '') - localMinute(zone, a ?? ''))
      const utc = wrap(localMinute('UTC', b ?? '') - localMinute('UTC', a ?? ''))
      expect(Math.abs(local)).toBeLessThanOrEqual(30)
      expect(Math.abs(utc - local)).toBe(60)
    }
  })
})
