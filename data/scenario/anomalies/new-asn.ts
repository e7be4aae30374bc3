// New ASN: a successful sign-in of a well-established user from a hosting provider (a cloud VM: an
// AiTM proxy or a VPS the attacker runs) in the user's own country, or where none serves that
// country, from a residential ISP the user never used. The browser family is the victim's own (a
// reverse proxy relays their user agent) but the device token is new. Reachable in time, so no
// impossible travel.
import { digest } from '../ids.js'
import type { Device } from '../devices.js'
import { distanceKm, place as placeOf } from '../geo-places.js'
import type { Endpoint } from '../model.js'
import { HOSTING, addressIn, residentialNetworks } from '../networks.js'
import { signInFlow } from '../session-flow.js'
import { ATTEMPTS, type Injection, type SchedulerContext } from './context.js'
import { reachable, victims } from './helpers.js'
import { established, quietMoment } from './new-country.js'
import { alsoOf, injected } from './kinds.js'
import { describe, recordInjected } from './record.js'

export function scheduleNewAsn(ctx: SchedulerContext, count: number): Injection[] {
  const out: Injection[] = []
  const { rng } = ctx
  const pool = victims(ctx, (u) => u.trips.length === 0)
  for (let n = 0; n < ATTEMPTS && out.length < count && pool.length > 0; n++) {
    const user = rng.pick(pool)
    const moment = ctx.used.has(user.index) ? null : quietMoment(ctx, user)
    const own = user.computers[0]
    if (!moment || !own) {
      continue
    }
    const cc = user.home.countryCode
    const hosting = HOSTING.flatMap((h) =>
      h.places
        .map((k) => placeOf(k))
        .filter((p) => p.countryCode === cc)
        .map((p) => ({ place: p, network: h.network })),
    )
    const isps = residentialNetworks(cc).filter((x) => x.asn !== user.homeNetwork.asn)
    const pick =
      hosting.length > 0
        ? rng.pick(hosting)
        : isps.length > 0
          ? { place: user.home, network: rng.pick(isps) }
          : null
    if (!pick || distanceKm(pick.place, user.home) > 1500) {
      continue
    }
    const endpoint: Endpoint = {
      ip: addressIn(pick.network, rng),
      place: pick.place,
      network: pick.network,
      zoneName: 'null',
    }
    if (
      user.carrier?.asn === endpoint.network.asn ||
      !reachable(ctx, user, moment.t, endpoint.place)
    ) {
      continue
    }
    const device: Device = { ...own, dtHash: digest(rng, 64), fingerprint: digest(rng, 32) }
    ctx.used.add(user.index)
    out.push({
      t: moment.t,
      kind: 'new-asn',
      run(e) {
        if (!established(e, user)) {
          return
        }
        const flow = signInFlow(e, user, device, endpoint, moment.t)
        const also = alsoOf(e, user, injected(flow, device, endpoint))
        recordInjected(e, user, flow, device, endpoint, 'attack')
        e.labels.anomaly(
          'new-asn',
          user,
          flow.uuids,
          flow.startT,
          `first sign-in from AS${endpoint.network.asn} (${endpoint.network.kind}): ${describe(endpoint)}; the victim's own ${device.userAgent.browser} on ${device.userAgent.os} relayed, new device token`,
          also,
        )
      },
    })
  }
  return out
}
