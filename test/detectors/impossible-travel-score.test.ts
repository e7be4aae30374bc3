// Pure scoring of impossible travel on named fixtures: a real impossible trip, and the benign
// look-alikes (a flight, known partner egress abroad, an anonymiser, the same /24, carrier jitter).
import { describe, expect, test } from 'vitest'
import type { PartnerConfig } from '../../lib/config.js'
import type { DetectorContext } from '../../detectors/types.js'
import type { SignInPoint, TravelCandidate } from '../../detectors/impossible-travel/queries.js'
import {
  DEFAULT_SPEED_KMH,
  haversineKm,
  inCidrs,
  isHosting,
  score,
} from '../../detectors/impossible-travel/score.js'

const now = new Date('2026-11-20T12:00:00Z')
const partner = {
  id: 'northwind',
  name: 'Northwind',
  timeZone: 'Europe/Amsterdam',
  knownEgress: { asns: [64512], cidrs: ['185.199.40.0/24'] },
} as unknown as PartnerConfig
const ctx: DetectorContext = { now, config: {}, partners: [partner] }

type Point = SignInPoint & { isProxy: boolean; tunnels: string | null }

const LYON: Point = {
  uuid: 'prev-lyon',
  published: new Date('2026-11-20T08:00:00Z'),
  ip: '90.3.10.20',
  city: 'Lyon',
  state: 'Auvergne-Rhone-Alpes',
  country: 'France',
  lat: 45.764,
  lon: 4.8357,
  asNumber: 3215,
  asOrg: 'orange s.a.',
  isp: 'Orange',
  domain: 'orange.fr',
  clientDevice: 'Computer',
  os: 'Windows 10',
  browser: 'CHROME',
  dtHash: 'dt-laptop',
  userAgent: 'Mozilla/5.0 (Windows NT 10.0) Chrome/129',
  sessionId: 's1',
  isProxy: false,
  tunnels: null,
}

function current(over: Partial<TravelCandidate['current']>): TravelCandidate['current'] {
  return {
    ...LYON,
    uuid: 'cur',
    threatSuspected: false,
    riskLevel: 'LOW',
    behaviors: null,
    ...over,
  }
}

function candidate(cur: Partial<TravelCandidate['current']>, over: Partial<TravelCandidate> = {}) {
  const c: TravelCandidate = {
    org: 'hub',
    userId: '00u1',
    userLogin: 'ana@northwind.example',
    partnerId: 'northwind',
    current: current(cur),
    previous: LYON,
    priorSignIns: 20,
    priorAsns: [3215],
    priorPlaces: [{ lat: 45.8, lon: 4.8, country: 'France' }],
    priorDtHashes: ['dt-laptop'],
    priorUserAgents: [LYON.userAgent ?? ''],
    partnerUsersAtDestination: 0,
    failedMfaBefore: 0,
    ...over,
  }
  return c
}

const LAGOS = {
  city: 'Lagos',
  state: 'Lagos',
  country: 'Nigeria',
  lat: 6.5244,
  lon: 3.3792,
  ip: '102.89.4.7',
  asNumber: 29465,
  asOrg: 'mtn nigeria',
  isp: 'MTN Nigeria',
  domain: 'mtnnigeria.net',
}

describe('impossible-travel score', () => {
  test('a real impossible trip: Lyon then Lagos 1h12 later', () => {
    const [f, ...rest] = score(
      [candidate({ ...LAGOS, published: new Date('2026-11-20T09:12:00Z') })],
      ctx,
    )
    expect(rest).toEqual([])
    expect(f).toMatchObject({
      detector: 'impossible-travel',
      eventIds: ['prev-lyon', 'cur'],
      userLogin: 'ana@northwind.example',
      partnerId: 'northwind',
      details: { thresholdKmh: DEFAULT_SPEED_KMH, from: { city: 'Lyon' }, to: { city: 'Lagos' } },
    })
    expect(f?.summary).toMatch(
      /^ana@northwind\.example signed in from Lagos 1h12 after Lyon: 4,3\d\d km at [\d,]+ km\/h \(limit 900\)$/,
    )
    expect(f?.details.km).toBe(Math.round(haversineKm(LYON, LAGOS)))
    expect(f?.details.escalatedBy).toEqual(['newAsn', 'newCountry'])
  })

  test('a flight at a possible speed does not alert', () => {
    // Lyon → New York (6,200 km) in 9 h: ~690 km/h.
    const f = score(
      [
        candidate({
          city: 'New York',
          state: 'New York',
          country: 'United States',
          lat: 40.7128,
          lon: -74.006,
          ip: '73.12.1.2',
          asNumber: 7922,
          published: new Date('2026-11-20T17:00:00Z'),
        }),
      ],
      ctx,
    )
    expect(f).toEqual([])
  })

  test('the speed limit is configurable', () => {
    const c = candidate({ ...LAGOS, published: new Date('2026-11-20T13:00:00Z') })
    expect(score([c], ctx)).toHaveLength(0)
    expect(score([c], { ...ctx, config: { speedKmh: 500 } })).toHaveLength(1)
  })

  test('known partner egress abroad never alerts (by ASN or by CIDR)', () => {
    const at = new Date('2026-11-20T08:10:00Z')
    const byAsn = candidate({ ...LAGOS, asNumber: 64512, published: at })
    const byCidr = candidate({ ...LAGOS, ip: '185.199.40.9', published: at })
    expect(score([byAsn, byCidr], ctx)).toEqual([])
    expect(inCidrs('185.199.40.9', ['185.199.40.0/24'])).toBe(true)
    expect(inCidrs('185.199.41.9', ['185.199.40.0/24'])).toBe(false)
  })

  test('an anonymiser (isProxy or a tunnel) is neither alert nor reference', () => {
    const at = new Date('2026-11-20T08:30:00Z')
    const proxy = candidate({ ...LAGOS, isProxy: true, published: at })
    const tunnel = candidate({
      ...LAGOS,
      tunnels: '[{"anonymous":true,"operator":"WARP_VPN","type":"VPN"}]',
      published: at,
    })
    const proxiedPrevious = candidate(
      { ...LAGOS, published: at },
      { previous: { ...LYON, isProxy: true } },
    )
    expect(score([proxy, tunnel, proxiedPrevious], ctx)).toEqual([])
  })

  test('the same IP or the same /24 never alerts', () => {
    const at = new Date('2026-11-20T08:30:00Z')
    expect(score([candidate({ ...LAGOS, ip: LYON.ip, published: at })], ctx)).toEqual([])
    expect(score([candidate({ ...LAGOS, ip: '90.3.10.99', published: at })], ctx)).toEqual([])
  })

  test('mobile carrier jitter: gateways 650 km apart minutes apart do not alert', () => {
    const phone = {
      clientDevice: 'Mobile',
      os: 'iOS',
      asNumber: 21928,
      asOrg: 't-mobile usa, inc.',
      isp: 'T-Mobile USA',
    }
    const chicago: Point = {
      ...LYON,
      ...phone,
      ip: '172.56.1.1',
      city: 'Chicago',
      state: 'Illinois',
      country: 'United States',
      lat: 41.8781,
      lon: -87.6298,
    }
    const minneapolis = {
      ...phone,
      ip: '172.58.7.7',
      city: 'Minneapolis',
      state: 'Minnesota',
      country: 'United States',
      lat: 44.9778,
      lon: -93.265,
      published: new Date('2026-11-20T08:12:00Z'),
    }
    expect(haversineKm(chicago, minneapolis)).toBeGreaterThan(500)
    expect(score([candidate(minneapolis, { previous: chicago })], ctx)).toEqual([])
    // Another carrier far enough that even the error radii cannot explain it still alerts.
    const lagosPhone = { ...LAGOS, clientDevice: 'Mobile', published: minneapolis.published }
    expect(score([candidate(lagosPhone, { previous: chicago })], ctx)).toHaveLength(1)
  })

  test('corroboration escalates: new ASN on a hosting provider, threatSuspected, risk HIGH', () => {
    const at = new Date('2026-11-20T08:40:00Z')
    const plain = score([candidate({ ...LAGOS, published: at })], ctx)[0]
    const hosted = score(
      [
        candidate({
          ...LAGOS,
          ip: '3.91.7.7',
          asNumber: 16509,
          asOrg: 'amazon.com, inc.',
          isp: 'Amazon.com',
          domain: 'amazonaws.com',
          dtHash: 'dt-new',
          userAgent: 'python-requests/2.31',
          threatSuspected: true,
          riskLevel: 'HIGH',
          behaviors: '{New Device=POSITIVE, Velocity=POSITIVE}',
          published: at,
        }),
      ],
      ctx,
    )[0]
    expect(plain?.severity).toBe('medium')
    expect(plain?.details.suppressedBy).toEqual(['sameDevice'])
    expect(hosted?.severity).toBe('critical')
    expect(hosted?.score).toBeGreaterThan(plain?.score ?? 100)
    expect(hosted?.details.escalatedBy).toEqual([
      'newDevice',
      'newAsn',
      'hostingAsn',
      'threatSuspected',
      'riskHigh',
      'velocityPositive',
      'newCountry',
    ])
  })

  test('learned travel lowers severity', () => {
    const at = new Date('2026-11-20T08:40:00Z')
    const learned = score(
      [
        candidate(
          { ...LAGOS, published: at },
          {
            priorAsns: [3215, 29465],
            priorPlaces: [
              { lat: 45.8, lon: 4.8, country: 'France' },
              { lat: 6.5, lon: 3.4, country: 'Nigeria' },
            ],
            partnerUsersAtDestination: 3,
          },
        ),
      ],
      ctx,
    )[0]
    expect(learned?.severity).toBe('low')
    expect(learned?.details.suppressedBy).toEqual([
      'learnedLocation',
      'partnerLocation',
      'sameDevice',
    ])
  })

  test('missing data gives no finding, never a throw', () => {
    expect(score([], ctx)).toEqual([])
    expect(score([candidate({ ...LAGOS, lat: Number.NaN })], ctx)).toEqual([])
  })

  test('hosting names match whole words only (Colombia is not a colo)', () => {
    const at = (asOrg: string) =>
      ({ asNumber: null, asOrg, isp: null, domain: null }) as SignInPoint
    expect(isHosting(at('Telmex Colombia S.A.'))).toBe(false)
    expect(isHosting(at('ColoCrossing'))).toBe(true)
    expect(isHosting(at('Colo Crossing'))).toBe(true)
    expect(isHosting(at('Hetzner Online GmbH'))).toBe(true)
  })
})
