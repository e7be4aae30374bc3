// Off-hours: a successful sign-in from the victim's own home network and computer, at the local
// time farthest from every hour their habits ever produce (at least four hours from any of them),
// for a user with at least 20 successful sign-ins on 10 distinct days before it. Only the time is
// wrong, so only an off-hours model should fire. Night-shift users get theirs around midday.
import { localDayOfWindowDay } from '../calendar.js'
import { quietestMinute } from '../habits.js'
import { active, homeEndpoint } from '../plan.js'
import { signInFlow } from '../session-flow.js'
import { MS_PER_DAY, localToUtc, weekdayOf } from '../time-zone.js'
import { ATTEMPTS, type Injection, type SchedulerContext } from './context.js'
import { around, hhmm, victims } from './helpers.js'
import {
  OFF_HOURS_MARGIN_MINUTES as MIN_MARGIN_MINUTES,
  OFF_HOURS_MIN_DAYS as MIN_PRIOR_DAYS,
  OFF_HOURS_MIN_SIGN_INS as MIN_PRIOR_SIGN_INS,
  alsoOf,
  injected,
} from './kinds.js'
import { recordInjected } from './record.js'

export { MIN_PRIOR_DAYS, MIN_PRIOR_SIGN_INS }

const WEEKDAY = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

export function scheduleOffHours(ctx: SchedulerContext, count: number): Injection[] {
  const out: Injection[] = []
  const { window, rng } = ctx
  const pool = victims(ctx)
  for (let n = 0; n < ATTEMPTS && out.length < count && pool.length > 0 && window.days >= 24; n++) {
    const user = rng.pick(pool)
    const quiet = quietestMinute(user.habits)
    if (ctx.used.has(user.index) || quiet.marginMinutes < MIN_MARGIN_MINUTES) {
      continue
    }
    const i = rng.int(Math.max(21, Math.floor(window.days * 0.4)), window.days - 1)
    const day = localDayOfWindowDay(user.zone, window, i)
    const minute = quiet.minute + rng.int(-20, 20)
    const t = localToUtc(user.zone, day, minute)
    const nearTrip = user.trips.some(
      (tr) => t > tr.departMs - MS_PER_DAY && t < tr.returnArriveMs + MS_PER_DAY,
    )
    const { prev, next } = around(ctx, user, t)
    const clear = (s: { t: number } | null): boolean => !s || Math.abs(s.t - t) > 3 * 3_600_000
    if (
      t < window.startMs ||
      t >= window.endMs - 3_600_000 ||
      !active(user, t) ||
      nearTrip ||
      !clear(prev) ||
      !clear(next)
    ) {
      continue
    }
    ctx.used.add(user.index)
    const device = user.computers[0]
    if (!device) {
      continue
    }
    out.push({
      t,
      kind: 'off-hours',
      run(e) {
        const state = e.states[user.index]
        if (
          !state ||
          state.successCount < MIN_PRIOR_SIGN_INS ||
          state.successDays < MIN_PRIOR_DAYS
        ) {
          return
        }
        const endpoint = homeEndpoint(user, window.seed, day)
        const flow = signInFlow(e, user, device, endpoint, t, { useApps: true })
        const h = user.habits
        const note = `local ${hhmm(minute)} ${WEEKDAY[weekdayOf(day)]} (${user.zone}); usual first sign-in ${hhmm(h.startMinute)} sd ${h.spreadMinutes} min, ${h.rhythm}; ${state.successCount} prior sign-ins on ${state.successDays} days`
        const also = alsoOf(e, user, injected(flow, device, endpoint))
        recordInjected(e, user, flow, device, endpoint, 'home')
        e.labels.anomaly('off-hours', user, flow.uuids, flow.startT, note, also)
      },
    })
  }
  return out
}
