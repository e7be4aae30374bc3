// New country: a successful sign-in (full flow, MFA passed, as with a relayed phishing session) of a
// well-established user from a residential network in a country they never signed in from, with a
// browser they never used — at a moment their own sign-ins before and after make reachable, so
// there is no impossible travel, only a place and a device that are new. Also `quietMoment`, the
// placement the other novelty injections share.
import { unfamiliarDesktop } from '../devices.js'
import type { PlannedSession, ScenarioUser } from '../model.js'
import { signInFlow } from '../session-flow.js'
import { MS_PER_DAY } from '../time-zone.js'
import { ATTEMPTS, type Injection, type SchedulerContext } from './context.js'
import { around, attackerEndpoint, reachable, sessionsOnWindowDay, victims } from './helpers.js'
import { alsoOf, established, injected } from './kinds.js'
import { describe, recordInjected } from './record.js'

export { established, MIN_PRIOR_DAYS, MIN_PRIOR_SIGN_INS } from './kinds.js'

/** Window days before an injection: the victim's history passes the detectors' learning gate. */
export const MIN_HISTORY_DAYS = 20

/** A home sign-in on a day past the learning period, and a moment 1.5–4 h after it with nothing near. */
export function quietMoment(
  ctx: SchedulerContext,
  user: ScenarioUser,
): { home: PlannedSession; t: number } | null {
  const { window, rng } = ctx
  if (window.days < MIN_HISTORY_DAYS + 3) {
    return null
  }
  const i = rng.int(MIN_HISTORY_DAYS, window.days - 2)
  const plan = sessionsOnWindowDay(ctx, user, i)
  const home = plan.find((s) => s.via === 'home')
  if (!home) {
    return null
  }
  const t = home.t + rng.int(90, 240) * 60_000
  const nearTrip = user.trips.some(
    (tr) => t > tr.departMs - 3 * MS_PER_DAY && t < tr.returnArriveMs + 3 * MS_PER_DAY,
  )
  const { prev, next } = around(ctx, user, t)
  const clear = (!prev || t - prev.t > 60 * 60_000) && (!next || next.t - t > 60 * 60_000)
  return nearTrip || !clear || t >= window.endMs - 3 * 3_600_000 ? null : { home, t }
}

export function scheduleNewCountry(ctx: SchedulerContext, count: number): Injection[] {
  const out: Injection[] = []
  const { rng } = ctx
  const pool = victims(ctx, (u) => u.trips.length === 0 && !u.partner?.egress.abroad)
  for (let n = 0; n < ATTEMPTS && out.length < count && pool.length > 0; n++) {
    const user = rng.pick(pool)
    const moment = ctx.used.has(user.index) ? null : quietMoment(ctx, user)
    if (!moment) {
      continue
    }
    const { t } = moment
    // Another country, a residential network, close enough to be reachable from home in time.
    const endpoint = attackerEndpoint(rng, user.home, 300, 2500, 0)
    if (
      !endpoint ||
      endpoint.network.kind === 'hosting' ||
      !reachable(ctx, user, t, endpoint.place)
    ) {
      continue
    }
    const device = unfamiliarDesktop(rng, user.computers)
    ctx.used.add(user.index)
    out.push({
      t,
      kind: 'new-country',
      run(e) {
        if (
          !established(e, user) ||
          e.states[user.index]?.countries.has(endpoint.place.countryCode)
        ) {
          return
        }
        const flow = signInFlow(e, user, device, endpoint, t)
        const also = alsoOf(e, user, injected(flow, device, endpoint))
        recordInjected(e, user, flow, device, endpoint, 'attack')
        e.labels.anomaly(
          'new-country',
          user,
          flow.uuids,
          flow.startT,
          `first sign-in from ${endpoint.place.country} (home ${user.home.city}, ${user.home.country}): ${describe(endpoint)}; new ${device.userAgent.browser} on ${device.userAgent.os}`,
          also,
        )
      },
    })
  }
  return out
}
