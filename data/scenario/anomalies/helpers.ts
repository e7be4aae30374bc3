// Shared by the anomaly schedulers: finding victims, looking at their planned sign-ins around a
// moment, choosing where an attacker connects from, and keeping an attacker's successful sign-in at
// a possible speed from the victim's own sign-ins before and after it (so that only the anomaly
// meant is present, not an accidental impossible-travel pair).
import { localDayOfWindowDay } from '../calendar.js'
import { ALL_PLACES, distanceKm, place as placeOf, type Place } from '../geo-places.js'
import type { Endpoint, PlannedSession, ScenarioUser } from '../model.js'
import { HOSTING, addressIn, residentialNetworks, type Network } from '../networks.js'
import { planLocalDay } from '../plan.js'
import type { Rng } from '../random.js'
import { MS_PER_DAY, dayOfIsoDate, localDay } from '../time-zone.js'
import type { SchedulerContext } from './context.js'

/**
 * Partner users in normal activity, whose contract runs past the window (an attack on a user whose
 * contract had ended would also be a contract-expired sign-in), not yet used by another anomaly.
 */
export function victims(
  ctx: SchedulerContext,
  extra: (u: ScenarioUser) => boolean = () => true,
): ScenarioUser[] {
  return ctx.users.filter(
    (u) =>
      u.partner !== null &&
      u.life.category === 'active' &&
      contractOpen(ctx, u) &&
      !ctx.used.has(u.index) &&
      extra(u),
  )
}

/** Whether the user's contract (and the partner's) runs past the window's end. */
export function contractOpen(ctx: SchedulerContext, u: ScenarioUser): boolean {
  return (
    u.contractEndDate === null ||
    dayOfIsoDate(u.contractEndDate) > Math.floor(ctx.window.endMs / MS_PER_DAY)
  )
}

/** The user's planned sign-ins on the local day that window day `i` covers. */
export function sessionsOnWindowDay(
  ctx: SchedulerContext,
  user: ScenarioUser,
  i: number,
  ignoreLifecycle = false,
): PlannedSession[] {
  return planLocalDay(user, localDayOfWindowDay(user.zone, ctx.window, i), {
    seed: ctx.window.seed,
    ignoreLifecycle,
  })
}

/** The user's planned sign-ins just before and just after `t`. */
export function around(
  ctx: SchedulerContext,
  user: ScenarioUser,
  t: number,
): { prev: PlannedSession | null; next: PlannedSession | null } {
  const day = localDay(user.zone, t)
  let prev: PlannedSession | null = null
  let next: PlannedSession | null = null
  for (let d = day - 4; d <= day + 4; d++) {
    for (const s of planLocalDay(user, d, { seed: ctx.window.seed })) {
      if (s.t < t && (!prev || s.t > prev.t)) {
        prev = s
      }
      if (s.t > t && (!next || s.t < next.t)) {
        next = s
      }
    }
  }
  return { prev, next }
}

/** Whether a success at `t` from `where` is reachable (≤ `kmh`) from the neighbours on both sides. */
export function reachable(
  ctx: SchedulerContext,
  user: ScenarioUser,
  t: number,
  where: Place,
  kmh = 650,
  sides: 'both' | 'next' = 'both',
): boolean {
  const { prev, next } = around(ctx, user, t)
  const ok = (s: PlannedSession | null): boolean => {
    if (!s) {
      return true
    }
    const hours = Math.abs(s.t - t) / 3_600_000
    return distanceKm(s.endpoint.place, where) <= kmh * hours
  }
  return (sides === 'next' || ok(prev)) && ok(next)
}

/** All places an attacker might connect from, with the network that serves each. */
function attackOrigins(): { place: Place; network: Network }[] {
  const out: { place: Place; network: Network }[] = []
  for (const h of HOSTING) {
    for (const key of h.places) {
      out.push({ place: placeOf(key), network: h.network })
    }
  }
  for (const p of ALL_PLACES) {
    const nets = residentialNetworks(p.countryCode)
    const n = nets[0]
    if (n) {
      out.push({ place: p, network: n })
    }
  }
  return out
}

const ORIGINS = attackOrigins()

/** An attacker's endpoint in another country, between `minKm` and `maxKm` from `from`. */
export function attackerEndpoint(
  rng: Rng,
  from: Place,
  minKm: number,
  maxKm: number,
  hostingShare = 0.6,
): Endpoint | null {
  const fits = ORIGINS.filter((o) => {
    const km = distanceKm(o.place, from)
    return o.place.countryCode !== from.countryCode && km >= minKm && km <= maxKm
  })
  const hosting = fits.filter((o) => o.network.kind === 'hosting')
  const pool = hosting.length > 0 && rng.chance(hostingShare) ? hosting : fits
  if (pool.length === 0) {
    return null
  }
  const o = rng.pick(pool)
  return { ip: addressIn(o.network, rng), place: o.place, network: o.network, zoneName: 'null' }
}

/** Okta-password users whose partner requires MFA with push: the ones push bombing works on. */
export function pushUsers(u: ScenarioUser): boolean {
  return u.auth === 'okta' && u.habits.factor === 'push' && u.partner?.requireMfa === true
}

export function hhmm(minute: number): string {
  const m = ((Math.round(minute) % 1440) + 1440) % 1440
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
}
