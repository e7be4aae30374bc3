// A traveller keeps their habits in the local time of the place they are in, not their partner's zone.
import type { OffHoursCandidate } from './queries.js'
import { TRAVEL_OFFSET_MINUTES } from './settings.js'

/** Minutes between two local times of day, circular (0–720). */
export const arc = (a: number, b: number): number => {
  const d = (((a - b) % 1440) + 1440) % 1440
  return Math.min(d, 1440 - d)
}

/**
 * The local minute of day where the sign-in was located (mean solar time from its longitude; no
 * time-zone database for coordinates), when that is at least TRAVEL_OFFSET_MINUTES from the partner
 * zone's clock: a traveller keeps their habits in the local time where they are. Else null.
 */
export function placeLocalMinute(c: OffHoursCandidate): number | null {
  if (c.lon === null || !Number.isFinite(c.lon)) {
    return null
  }
  const utcMinute = c.published.getUTCHours() * 60 + c.published.getUTCMinutes()
  const place = (((utcMinute + Math.round(c.lon * 4)) % 1440) + 1440) % 1440
  return arc(place, c.localMinute) >= TRAVEL_OFFSET_MINUTES ? place : null
}
