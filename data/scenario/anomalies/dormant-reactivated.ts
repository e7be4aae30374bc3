// A dormant account wakes up: a partner user is active for the first days of the window, then
// silent for at least the partner's dormantAfterDays (config), then signs in successfully from a
// computer never seen and a different ISP. Only partners whose threshold fits in the window (with
// twelve days to spare) can host one; with a 60-day window that means thresholds of 30 and 45 days.
import { localDayOfWindowDay, localNoon } from '../calendar.js'
import { unfamiliarDesktop } from '../devices.js'
import { distanceKm, placesIn } from '../geo-places.js'
import { addressIn, mobileNetwork, residentialNetworks } from '../networks.js'
import { signInFlow } from '../session-flow.js'
import { MS_PER_DAY } from '../time-zone.js'
import { ATTEMPTS, type Injection, type SchedulerContext } from './context.js'
import { contractOpen, sessionsOnWindowDay, victims } from './helpers.js'
import { alsoOf, injected } from './kinds.js'
import { describe, recordInjected } from './record.js'

export function scheduleDormantReactivated(ctx: SchedulerContext, count: number): Injection[] {
  const out: Injection[] = []
  const { window, rng } = ctx
  const fits = (d: number): boolean => d + 12 <= window.days
  const pool = victims(
    ctx,
    (u) =>
      u.trips.length === 0 && fits(u.partner?.dormantAfterDays ?? Infinity) && contractOpen(ctx, u),
  )
  for (let n = 0; n < ATTEMPTS && out.length < count && pool.length > 0; n++) {
    const user = rng.pick(pool)
    const dormantDays = user.partner?.dormantAfterDays ?? 90
    const k = rng.int(2, 5)
    const stopMs = localNoon(user.zone, localDayOfWindowDay(user.zone, window, k))
    const earlier = [0, 1, 2].some((d) =>
      sessionsOnWindowDay(ctx, user, d).some((s) => s.t < stopMs),
    )
    const r = rng.int(k + dormantDays + 2, window.days - 1)
    const s = sessionsOnWindowDay(ctx, user, r, true).find((x) => x.via !== 'away')
    if (ctx.used.has(user.index) || !earlier || !s || s.t >= window.endMs - 3_600_000) {
      continue
    }
    const isps = residentialNetworks(user.home.countryCode).filter((x) => x !== user.homeNetwork)
    const network =
      isps.length > 0 ? rng.pick(isps) : (mobileNetwork(user.home.countryCode) ?? user.homeNetwork)
    const nearby = placesIn(user.home.countryCode).filter((p) => distanceKm(p, user.home) < 300)
    const endpoint = {
      ip: addressIn(network, rng),
      place: rng.pick(nearby),
      network,
      zoneName: 'null',
    }
    const device = unfamiliarDesktop(rng, user.computers)
    ctx.used.add(user.index)
    user.life.activeUntilMs = Math.min(user.life.activeUntilMs, stopMs)
    out.push({
      t: s.t,
      kind: 'dormant-reactivated',
      run(e) {
        const last = e.states[user.index]?.lastSuccess
        if (!last || s.t - last.t < dormantDays * MS_PER_DAY) {
          return
        }
        const flow = signInFlow(e, user, device, endpoint, s.t)
        const also = alsoOf(e, user, injected(flow, device, endpoint))
        recordInjected(e, user, flow, device, endpoint, 'home')
        const silent = Math.floor((flow.startT - last.t) / MS_PER_DAY)
        e.labels.anomaly(
          'dormant-reactivated',
          user,
          [last.uuid, ...flow.uuids],
          flow.startT,
          `silent ${silent} days (partner dormantAfterDays ${dormantDays}); back from a new device (${device.userAgent.browser} on ${device.userAgent.os}) and ${describe(endpoint)}`,
          also,
        )
      },
    })
  }
  return out
}
