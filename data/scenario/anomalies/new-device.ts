// New device: a successful sign-in of a well-established user, in their own country and on their own
// ISP (an attacker behind a residential proxy of the same provider, or someone near them with their
// password), from an address block they never used and with a browser family they never used. No
// new country, no new ASN: only the device (and its network block) is new.
import { unfamiliarDesktop } from '../devices.js'
import { distanceKm, placesIn } from '../geo-places.js'
import type { Endpoint } from '../model.js'
import { addressIn } from '../networks.js'
import { signInFlow } from '../session-flow.js'
import { ATTEMPTS, type Injection, type SchedulerContext } from './context.js'
import { victims } from './helpers.js'
import { established, quietMoment } from './new-country.js'
import { alsoOf, injected } from './kinds.js'
import { describe, recordInjected } from './record.js'

export function scheduleNewDevice(ctx: SchedulerContext, count: number): Injection[] {
  const out: Injection[] = []
  const { rng } = ctx
  const pool = victims(ctx, (u) => u.trips.length === 0)
  for (let n = 0; n < ATTEMPTS && out.length < count && pool.length > 0; n++) {
    const user = rng.pick(pool)
    const moment = ctx.used.has(user.index) ? null : quietMoment(ctx, user)
    if (!moment) {
      continue
    }
    const nearby = placesIn(user.home.countryCode).filter((p) => distanceKm(p, user.home) < 150)
    const network = user.homeNetwork
    const endpoint: Endpoint = {
      ip: addressIn(network, rng),
      place: nearby.length > 0 ? rng.pick(nearby) : user.home,
      network,
      zoneName: 'null',
    }
    const device = unfamiliarDesktop(rng, user.computers)
    ctx.used.add(user.index)
    out.push({
      t: moment.t,
      kind: 'new-device',
      run(e) {
        const state = e.states[user.index]
        const block = endpoint.ip.split('.').slice(0, 3).join('.')
        if (!established(e, user) || state?.ips.some((ip) => ip.startsWith(`${block}.`))) {
          return
        }
        const flow = signInFlow(e, user, device, endpoint, moment.t)
        const also = alsoOf(e, user, injected(flow, device, endpoint))
        recordInjected(e, user, flow, device, endpoint, 'attack')
        e.labels.anomaly(
          'new-device',
          user,
          flow.uuids,
          flow.startT,
          `first sign-in with ${device.userAgent.browser} on ${device.userAgent.os} (never used by the victim) from ${describe(endpoint)}, the victim's own ISP`,
          also,
        )
      },
    })
  }
  return out
}
