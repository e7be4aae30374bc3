// What the generator remembers about each user while it writes the log: the last successful sign-in
// (for Okta's Velocity verdict and for labelling), the devices, addresses and places seen (for the
// "New Device / New IP / New City …" behaviours), the open session, and labelling progress.
// State starts as if the user had months of normal history before the window.
import type { Device } from './devices.js'
import { distanceKm } from './geo-places.js'
import type { Endpoint, ScenarioUser, Via } from './model.js'

export interface SuccessPoint {
  t: number
  uuid: string
  lat: number
  lon: number
  countryCode: string
  via: Via | 'attack'
  tripIndex: number
  asn: number
}

export interface UserState {
  lastSuccess: SuccessPoint | null
  /** Last success not through a corporate egress: where the user really was. */
  lastLocated: SuccessPoint | null
  successCount: number
  successDays: number
  lastSuccessDay: number
  devices: Set<string>
  ips: string[]
  cities: Set<string>
  states: Set<string>
  countries: Set<string>
  /** Autonomous systems the user signed in through (home ISP, carrier, partner egress, trips). */
  asns: Set<number>
  /**
   * What the written log shows of the user (the window only, not the months assumed before it):
   * what multi-kind labels judge novelty by. Countries of sign-ins not through a proxy; UTC days.
   */
  logged: {
    countries: Set<string>
    asns: Set<number>
    devices: Set<string>
    utcDays: number
    lastUtcDay: number
  }
  lastSession: { id: string; startUuid: string; t: number; endsAt: number } | null
  /** A session an injection will reuse (session hijack), kept aside from later ones. */
  keptSession: { id: string; startUuid: string; t: number; ip: string; ua: string } | null
  failures: { day: number; count: number }
  lastLoginMs: number | null
  lifecycleUuid: string | null
  rhythmEvidence: string[]
  rhythmLabelled: boolean
  dst: { offsetMinutes: number; uuid: string; t: number } | null
  dstLabels: number
  lastEgressLabelMs: number
  jitterLabels: number
}

/** State as if the user had months of history: usual devices, places and addresses are known. */
export function initialState(user: ScenarioUser, knownIps: string[]): UserState {
  const places = [user.home, ...user.carrierPlaces]
  if (user.partner) {
    places.push(user.partner.egress.place)
  }
  const devices = [...user.computers, ...(user.phone ? [user.phone] : [])]
  return {
    lastSuccess: null,
    lastLocated: null,
    successCount: 0,
    successDays: 0,
    lastSuccessDay: Number.NaN,
    devices: new Set(devices.map((d) => d.dtHash)),
    ips: knownIps.slice(-50),
    cities: new Set(places.map((p) => `${p.countryCode}/${p.city}`)),
    states: new Set(places.map((p) => `${p.countryCode}/${p.state}`)),
    countries: new Set(places.map((p) => p.countryCode)),
    logged: {
      countries: new Set(),
      asns: new Set(),
      devices: new Set(),
      utcDays: 0,
      lastUtcDay: Number.NaN,
    },
    asns: new Set(
      [user.homeNetwork, user.carrier, user.partner?.egress.network].flatMap((n) =>
        n ? [n.asn] : [],
      ),
    ),
    lastSession: null,
    keptSession: null,
    failures: { day: -1, count: 0 },
    lastLoginMs: user.life.lastLoginBeforeMs,
    lifecycleUuid: null,
    rhythmEvidence: [],
    rhythmLabelled: false,
    dst: null,
    dstLabels: 0,
    lastEgressLabelMs: Number.NEGATIVE_INFINITY,
    jitterLabels: 0,
  }
}

/** Okta's velocity threshold for its "Velocity" behaviour, km/h. */
export const OKTA_VELOCITY_KMH = 805

export function speedKmh(
  a: { t: number; lat: number; lon: number },
  b: { t: number; lat: number; lon: number },
): number {
  const hours = Math.max(1 / 60, Math.abs(b.t - a.t) / 3_600_000)
  return distanceKm(a, b) / hours
}

const flag = (v: boolean | undefined): string => (v ? 'POSITIVE' : 'NEGATIVE')

/** The `behaviors` and `risk` texts Okta would log for an attempt, given the user's history. */
export function assess(
  state: UserState,
  device: Device,
  endpoint: Endpoint,
  t: number,
): { behaviors: string; risk: string } {
  const p = endpoint.place
  const newDevice = !state.devices.has(device.dtHash)
  const newIp = !state.ips.includes(endpoint.ip)
  const newCity = !state.cities.has(`${p.countryCode}/${p.city}`)
  const newState = !state.states.has(`${p.countryCode}/${p.state}`)
  const newCountry = !state.countries.has(p.countryCode)
  const last = state.lastSuccess
  const velocity =
    last !== null && speedKmh(last, { t, lat: p.lat, lon: p.lon }) > OKTA_VELOCITY_KMH
  const mask =
    (newCity ? 1 : 0) |
    (newDevice ? 2 : 0) |
    (newIp ? 4 : 0) |
    (newState ? 8 : 0) |
    (newCountry ? 16 : 0) |
    (velocity ? 32 : 0)
  return VERDICTS[mask] as { behaviors: string; risk: string }
}

/** Behaviour and risk texts for every combination of flags (Okta's Java-map text form). */
const VERDICTS = Array.from({ length: 64 }, (_, mask) => {
  const [city, device, ip, state, country, velocity] = [1, 2, 4, 8, 16, 32].map(
    (b) => (mask & b) !== 0,
  )
  const behaviors = `{New Geo-Location=${flag(city)}, New Device=${flag(device)}, New IP=${flag(ip)}, New State=${flag(state)}, New Country=${flag(country)}, Velocity=${flag(velocity)}, New City=${flag(city)}}`
  const reasons: string[] = []
  if (device) {
    reasons.push('Anomalous Device')
  }
  if (country || (city && ip)) {
    reasons.push('Anomalous Location')
  }
  if (velocity) {
    reasons.push('Velocity')
  }
  const score = (device ? 1 : 0) + (country ? 2 : 0) + (velocity ? 2 : 0) + (ip ? 0.5 : 0)
  const level = score >= 4 ? 'HIGH' : score >= 2 ? 'MEDIUM' : 'LOW'
  const risk = level === 'LOW' ? `{level=LOW}` : `{reasons=${reasons.join(', ')}, level=${level}}`
  return { behaviors, risk }
})

/** Records a successful sign-in into the user's history. */
export function recordSuccess(
  state: UserState,
  point: SuccessPoint,
  device: Device,
  endpoint: Endpoint,
  localDay: number,
): void {
  state.lastSuccess = point
  if (point.via !== 'egress') {
    state.lastLocated = point
  }
  state.successCount++
  if (localDay !== state.lastSuccessDay) {
    state.successDays++
    state.lastSuccessDay = localDay
  }
  state.lastLoginMs = point.t
  const p = endpoint.place
  state.devices.add(device.dtHash)
  if (!state.ips.includes(endpoint.ip)) {
    state.ips.push(endpoint.ip)
    if (state.ips.length > 50) {
      state.ips.shift()
    }
  }
  state.cities.add(`${p.countryCode}/${p.city}`)
  state.states.add(`${p.countryCode}/${p.state}`)
  state.countries.add(p.countryCode)
  state.asns.add(endpoint.network.asn)
  const logged = state.logged
  if (!endpoint.network.isProxy) {
    logged.countries.add(p.countryCode)
  }
  logged.asns.add(endpoint.network.asn)
  logged.devices.add(device.dtHash)
  const utcDay = Math.floor(point.t / 86_400_000)
  if (utcDay !== logged.lastUtcDay) {
    logged.utcDays++
    logged.lastUtcDay = utcDay
  }
}
