// Business trips: a real flight from home to another city at a possible speed, a few days of
// sign-ins from a hotel network there, and the flight back. Departure follows the morning's work;
// nobody signs in while in the air or in the first 45 minutes after landing.
import { distanceKm, place, type Place } from './geo-places.js'
import type { ScenarioUser, ScenarioWindow, Trip } from './model.js'
import { addressIn, residentialNetworks } from './networks.js'
import { Rng, STREAM } from './random.js'
import { MS_PER_HOUR, MS_PER_MINUTE, localDay, localToUtc } from './time-zone.js'

const DESTINATIONS = [
  'GB/London',
  'FR/Paris',
  'DE/Frankfurt am Main',
  'DE/Berlin',
  'NL/Amsterdam',
  'ES/Madrid',
  'ES/Barcelona',
  'IT/Milan',
  'SE/Stockholm',
  'CH/Zurich',
  'IE/Dublin',
  'PL/Warsaw',
  'US/New York',
  'US/Chicago',
  'US/San Francisco',
  'US/Atlanta',
  'US/Dallas',
  'CA/Toronto',
  'MX/Mexico City',
  'BR/Sao Paulo',
  'AR/Buenos Aires',
  'CO/Bogota',
  'JP/Tokyo',
  'JP/Osaka',
  'KR/Seoul',
  'SG/Singapore',
  'HK/Hong Kong',
  'AU/Sydney',
  'AU/Melbourne',
  'NZ/Auckland',
  'IN/Mumbai',
  'IN/Bengaluru',
  'AE/Dubai',
  'TH/Bangkok',
  'MY/Kuala Lumpur',
].map(place)

/** Cruise speed used for flight times; with taxiing and the landing margin, speeds stay < 700 km/h. */
export const FLIGHT_KMH = 800
const TAXI_MS = 40 * MS_PER_MINUTE
/** No sign-in before this long after landing. */
export const LANDING_MARGIN_MS = 45 * MS_PER_MINUTE

export function flightMs(from: Place, to: Place): number {
  return (distanceKm(from, to) / FLIGHT_KMH) * MS_PER_HOUR + TAXI_MS
}

export function planTrips(window: ScenarioWindow, users: ScenarioUser[]): void {
  const chance = Math.min(0.6, (0.1 * window.days) / 30)
  for (const user of users) {
    const rng = new Rng(window.seed, STREAM.trip, user.index)
    if (user.life.category !== 'active' || window.days < 8 || !rng.chance(chance)) {
      continue
    }
    const dest = rng.weighted(
      DESTINATIONS.filter((d) => distanceKm(d, user.home) >= 300),
      (d) => 1 / (1 + distanceKm(d, user.home) / 1500),
    )
    const startDay = localDay(user.zone, window.startMs)
    const departDay = startDay + rng.int(3, window.days - 5)
    const nights = rng.int(2, 6)
    const departMs = localToUtc(user.zone, departDay, user.habits.startMinute + rng.int(100, 200))
    const returnDepartMs = localToUtc(
      user.zone,
      departDay + nights,
      user.habits.startMinute + rng.int(60, 300),
    )
    const duration = flightMs(user.home, dest)
    const network = rng.pick(residentialNetworks(dest.countryCode))
    user.trips.push({
      dest,
      endpoint: { ip: addressIn(network, rng), place: dest, network, zoneName: 'null' },
      departMs,
      arriveMs: departMs + duration,
      returnDepartMs,
      returnArriveMs: returnDepartMs + duration,
    })
  }
}

/** Where a trip puts a sign-in at `t`: at home, away, or in the air (no sign-in). */
export function tripPhase(trip: Trip, t: number): 'home' | 'away' | 'air' {
  if (t < trip.departMs || t >= trip.returnArriveMs + LANDING_MARGIN_MS) {
    return 'home'
  }
  if (t >= trip.arriveMs + LANDING_MARGIN_MS && t < trip.returnDepartMs) {
    return 'away'
  }
  return 'air'
}
