// Mapping between the scenario window (day 0 … days-1, UTC days from the start) and local days in
// a zone, and the working-hours instants admins act at.
import type { ScenarioWindow } from './model.js'
import type { Rng } from './random.js'
import { MS_PER_DAY, MS_PER_HOUR, localDay, localToUtc, weekdayOf } from './time-zone.js'

/** The local day in `zone` that window day `i` mostly covers (its UTC noon's local day). */
export function localDayOfWindowDay(zone: string, window: ScenarioWindow, i: number): number {
  return localDay(zone, window.startMs + i * MS_PER_DAY + 12 * MS_PER_HOUR)
}

/** The window day an instant falls in (may be out of range). */
export function windowDayOf(window: ScenarioWindow, ms: number): number {
  return Math.floor((ms - window.startMs) / MS_PER_DAY)
}

/** Local noon of `day` in `zone`, a safe "that day" instant. */
export function localNoon(zone: string, day: number): number {
  return localToUtc(zone, day, 720)
}

/**
 * An instant within the hub's office hours on window day `i` or the next weekday after it: when an
 * admin deactivates, suspends or grants.
 */
export function adminInstant(rng: Rng, window: ScenarioWindow, i: number): number {
  let day = localDayOfWindowDay(window.hubZone, window, i)
  while (weekdayOf(day) === 0 || weekdayOf(day) === 6) {
    day++
  }
  return localToUtc(window.hubZone, day, rng.int(570, 990)) + rng.int(0, 59_999)
}

export function inWindow(window: ScenarioWindow, ms: number): boolean {
  return ms >= window.startMs && ms < window.endMs
}
