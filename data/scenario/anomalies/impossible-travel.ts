// Impossible travel: minutes to hours after the victim's last sign-in of the day at home, a
// successful sign-in (full flow, MFA passed, as with a relayed phishing session) from another
// country at least 3000 km away and faster than 1500 km/h, on a hosting or foreign residential
// network, with a browser the victim never used, not through any known egress. The victim's next
// own sign-in is far enough in time that the way back is possible.
import { unfamiliarDesktop } from '../devices.js'
import { distanceKm } from '../geo-places.js'
import { signInFlow } from '../session-flow.js'
import { MS_PER_DAY } from '../time-zone.js'
import { ATTEMPTS, type Injection, type SchedulerContext } from './context.js'
import { around, attackerEndpoint, sessionsOnWindowDay, victims } from './helpers.js'
import { alsoOf, injected } from './kinds.js'
import { describe, recordInjected } from './record.js'

export const MIN_DISTANCE_KM = 3000
export const MIN_SPEED_KMH = 1500

export function scheduleImpossibleTravel(ctx: SchedulerContext, count: number): Injection[] {
  const out: Injection[] = []
  const { window, rng } = ctx
  const pool = victims(ctx, (u) => !u.partner?.egress.abroad)
  for (let n = 0; n < ATTEMPTS && out.length < count && pool.length > 0 && window.days >= 5; n++) {
    const user = rng.pick(pool)
    const i = rng.int(3, window.days - 2)
    const plan = sessionsOnWindowDay(ctx, user, i)
    const home = plan[plan.length - 1]
    const gapMs = rng.int(15, 180) * 60_000
    if (ctx.used.has(user.index) || !home || (home.via !== 'home' && home.via !== 'mobile')) {
      continue
    }
    const t = home.t + gapMs + 90_000
    const nearTrip = user.trips.some(
      (tr) => t > tr.departMs - 2 * MS_PER_DAY && t < tr.returnArriveMs + 2 * MS_PER_DAY,
    )
    const { next } = around(ctx, user, t)
    if (nearTrip || t >= window.endMs - 3_600_000) {
      continue
    }
    const maxKm = next ? (650 * (next.t - t)) / 3_600_000 : 20_000
    const minKm = Math.max(MIN_DISTANCE_KM, (MIN_SPEED_KMH * (t - home.t)) / 3_600_000)
    const endpoint = attackerEndpoint(rng, home.endpoint.place, minKm, maxKm)
    if (!endpoint) {
      continue
    }
    const device = unfamiliarDesktop(rng, user.computers)
    ctx.used.add(user.index)
    out.push({
      t,
      kind: 'impossible-travel',
      run(e) {
        const prior = e.states[user.index]?.lastSuccess
        if (!prior || prior.t < home.t - 60_000 || prior.via === 'attack') {
          return
        }
        const flow = signInFlow(e, user, device, endpoint, t)
        const km = distanceKm(prior, endpoint.place)
        const hours = (flow.startT - prior.t) / 3_600_000
        const also = alsoOf(e, user, injected(flow, device, endpoint))
        recordInjected(e, user, flow, device, endpoint, 'attack')
        e.labels.anomaly(
          'impossible-travel',
          user,
          [prior.uuid, ...flow.uuids],
          flow.startT,
          `${home.endpoint.place.city}, ${home.endpoint.place.country} then ${describe(endpoint)}: ${Math.round(km)} km in ${Math.round(hours * 60)} min = ${Math.round(km / hours)} km/h; new ${device.userAgent.browser} on ${device.userAgent.os}`,
          also,
        )
      },
    })
  }
  return out
}
