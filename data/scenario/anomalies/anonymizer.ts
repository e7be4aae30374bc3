// Anonymiser: a partner user's first successful sign-in through an anonymising network — a Tor exit
// (torservers.net, AS60729) or a commercial VPN's servers (Datacamp AS212238, Proton AS62371), which
// Okta marks `securityContext.isProxy`. Half the time from the user's own computer (someone trying a
// VPN), half from a browser they never used (a stolen password replayed through Tor). The VPN exit
// is in the user's own country when the catalogue has a place there; a Tor exit anywhere. An hour or
// more clear of the user's own sign-ins on either side.
import type { Device } from '../devices.js'
import { unfamiliarDesktop } from '../devices.js'
import { ALL_PLACES, placesIn, type Place } from '../geo-places.js'
import type { Endpoint } from '../model.js'
import { addressIn, type Network } from '../networks.js'
import { signInFlow } from '../session-flow.js'
import { ATTEMPTS, type Injection, type SchedulerContext } from './context.js'
import { around, sessionsOnWindowDay, victims } from './helpers.js'
import { alsoOf, injected } from './kinds.js'
import { describe, recordInjected } from './record.js'

const anonymizer = (
  asn: number,
  asOrg: string,
  isp: string,
  domain: string,
  prefixes: number[][],
): Network => ({ asn, asOrg, isp, domain, kind: 'hosting', prefixes, isProxy: true })

export const TOR_EXIT = anonymizer(
  60729,
  'stiftung erneuerbare freiheit',
  'Tor exit (torservers.net)',
  'torservers.net',
  [[185, 220]],
)
export const VPN_SERVERS = [
  anonymizer(212238, 'datacamp limited', 'Datacamp Limited', 'cdn77.com', [
    [146, 70],
    [89, 187],
  ]),
  anonymizer(62371, 'proton ag', 'Proton AG', 'protonvpn.net', [[185, 159]]),
]
const TOR_PLACES = ['DE', 'NL', 'US', 'CH', 'SE', 'RO']

export function scheduleAnonymizer(ctx: SchedulerContext, count: number): Injection[] {
  const out: Injection[] = []
  const { window, rng } = ctx
  const pool = victims(ctx, (u) => u.computers.length > 0)
  for (let n = 0; n < ATTEMPTS && out.length < count && pool.length > 0 && window.days >= 5; n++) {
    const user = rng.pick(pool)
    const home = sessionsOnWindowDay(ctx, user, rng.int(3, window.days - 2)).find(
      (s) => s.via === 'home',
    )
    if (ctx.used.has(user.index) || !home) {
      continue
    }
    const t = home.t + rng.int(90, 240) * 60_000
    const { prev, next } = around(ctx, user, t)
    const clear = (!prev || t - prev.t > 60 * 60_000) && (!next || next.t - t > 60 * 60_000)
    if (!clear || t >= window.endMs - 3 * 3_600_000) {
      continue
    }
    const tor = rng.chance(0.3)
    const network = tor ? TOR_EXIT : rng.pick(VPN_SERVERS)
    const local = placesIn(user.home.countryCode)
    const places: readonly Place[] = tor
      ? ALL_PLACES.filter((p) => TOR_PLACES.includes(p.countryCode))
      : local.length > 0
        ? local
        : ALL_PLACES
    const endpoint: Endpoint = {
      ip: addressIn(network, rng),
      place: rng.pick(places),
      network,
      zoneName: 'null',
    }
    const own = user.computers[0]
    const device: Device = own && rng.chance(0.5) ? own : unfamiliarDesktop(rng, user.computers)
    ctx.used.add(user.index)
    out.push({
      t,
      kind: 'anonymizer',
      run(e) {
        const flow = signInFlow(e, user, device, endpoint, t)
        const also = alsoOf(e, user, injected(flow, device, endpoint))
        recordInjected(e, user, flow, device, endpoint, 'attack')
        e.labels.anomaly(
          'anonymizer',
          user,
          flow.uuids,
          flow.startT,
          `first sign-in through ${tor ? 'Tor' : 'a VPN'}: ${describe(endpoint)} (isProxy); ${device === own ? 'own computer' : `new ${device.userAgent.browser} on ${device.userAgent.os}`}`,
          also,
        )
      },
    })
  }
  return out
}
