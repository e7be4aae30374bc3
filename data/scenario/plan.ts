// The planner: a user's sign-ins on one local day, as a pure function of (seed, user, day). The
// day generator asks for the local days that overlap each UTC day; anomaly scheduling asks too,
// to place an injection next to a real home sign-in. All random draws happen before any gating,
// so a gated and an ungated plan of the same day agree on every session they share.
import { HUB, hubOfficeEndpoint } from './hub.js'
import type { Endpoint, PlannedSession, ScenarioUser, Via } from './model.js'
import { addressIn } from './networks.js'
import { Rng, STREAM } from './random.js'
import { localDay, localToUtc, weekdayOf } from './time-zone.js'
import { tripPhase } from './trips.js'

export interface PlanOptions {
  seed: number
  /** Plan as if the account were active: for placing anomalies after the account's end. */
  ignoreLifecycle?: boolean
}

function poisson(rng: Rng, mean: number): number {
  let k = 0
  let p = Math.exp(-mean)
  let s = p
  const u = rng.next()
  while (u > s && k < 6) {
    k++
    p = (p * mean) / k
    s += p
  }
  return k
}

export function homeEndpoint(user: ScenarioUser, seed: number, day: number): Endpoint {
  const epoch = Math.floor(day / user.habits.ipRotateDays)
  if (user.ipMemo.epoch !== epoch) {
    const rng = new Rng(seed, STREAM.plan, user.index, -1, epoch)
    user.ipMemo = { epoch, ip: addressIn(user.homeNetwork, rng) }
  }
  return { ip: user.ipMemo.ip, place: user.home, network: user.homeNetwork, zoneName: 'null' }
}

export function planLocalDay(
  user: ScenarioUser,
  day: number,
  options: PlanOptions,
): PlannedSession[] {
  const h = user.habits
  const rng = new Rng(options.seed, STREAM.plan, user.index, day)
  if (!h.workDays[weekdayOf(day)] || !rng.chance(h.attendance)) {
    return []
  }
  if (user.holidays.some((x) => day >= x.fromDay && day < x.toDay)) {
    return []
  }
  const first = rng.truncatedNormal(h.startMinute, h.spreadMinutes, 2.2)
  const minutes = [first]
  const extra = poisson(rng, h.extraSessions)
  for (let i = 0; i < extra; i++) {
    minutes.push(first + rng.range(25, h.workMinutes))
  }
  if (h.evening && rng.chance(h.evening.share)) {
    minutes.push(h.evening.minute + rng.range(-25, 25))
  }
  minutes.sort((a, b) => a - b)
  // A pair of phone sign-ins minutes apart on the carrier, on the way in.
  const pair = user.phone !== null && user.carrier !== null && rng.chance(0.12)
  const pairAt = first - rng.range(20, 50)
  const pairGap = rng.range(4, 25)
  const planned: { minute: number; jitterPair: 0 | 1 | 2; draw: number[] }[] = minutes.map(
    (minute) => ({
      minute,
      jitterPair: 0,
      draw: [rng.next(), rng.next(), rng.next(), rng.uint32()],
    }),
  )
  if (pair) {
    planned.unshift(
      { minute: pairAt, jitterPair: 1, draw: [0, 0, rng.next(), rng.uint32()] },
      { minute: pairAt + pairGap, jitterPair: 2, draw: [0, 0, rng.next(), rng.uint32()] },
    )
  }
  const out: PlannedSession[] = []
  let lastMinute = -Infinity
  let pairFirstPlace = -1
  for (const p of planned) {
    if (p.jitterPair === 0 && p.minute - lastMinute < 12) {
      continue
    }
    lastMinute = Math.max(lastMinute, p.minute)
    const t = localToUtc(user.zone, day, Math.round(p.minute * 60) / 60)
    if (!options.ignoreLifecycle && !active(user, t)) {
      continue
    }
    const [phoneDraw = 0, egressDraw = 0, placeDraw = 0, ipSeed = 0] = p.draw
    let tripIndex = -1
    let phase: 'home' | 'away' | 'air' = 'home'
    for (let i = 0; i < user.trips.length && phase === 'home'; i++) {
      const trip = user.trips[i]
      if (trip) {
        phase = tripPhase(trip, t)
        tripIndex = phase === 'home' ? -1 : i
      }
    }
    if (phase === 'air') {
      continue
    }
    const trip = tripIndex >= 0 ? user.trips[tripIndex] : undefined
    let via: Via = 'home'
    let device =
      user.computers[ipSeed % 5 === 0 ? user.computers.length - 1 : 0] ?? user.computers[0]
    let endpoint: Endpoint
    if (trip) {
      via = 'away'
      endpoint = trip.endpoint
      device = user.computers[0]
    } else if (user.phone && user.carrier && (p.jitterPair > 0 || phoneDraw < h.phoneShare)) {
      via = 'mobile'
      device = user.phone
      const places = user.carrierPlaces
      let idx = Math.floor(placeDraw * places.length)
      if (p.jitterPair === 2 && places.length > 1 && idx === pairFirstPlace) {
        idx = (idx + 1) % places.length
      }
      pairFirstPlace = p.jitterPair === 1 ? idx : pairFirstPlace
      const ipRng = new Rng(options.seed, STREAM.plan, user.index, day, ipSeed)
      endpoint = {
        ip: addressIn(user.carrier, ipRng),
        place: places[idx] ?? user.home,
        network: user.carrier,
        zoneName: 'null',
      }
    } else if (egressDraw < h.egressShare) {
      via = 'egress'
      const e = user.partner?.egress
      endpoint = e
        ? {
            ip: addressIn(e.network, new Rng(ipSeed)),
            place: e.place,
            network: e.network,
            zoneName: e.zoneName,
          }
        : hubOfficeEndpoint(ipSeed)
    } else {
      endpoint = homeEndpoint(user, options.seed, day)
    }
    if (!device) {
      continue
    }
    out.push({ t, localDay: day, device, endpoint, via, tripIndex, jitterPair: p.jitterPair })
  }
  return out
}

/** Whether normal activity is allowed at `t` for this account. */
export function active(user: ScenarioUser, t: number): boolean {
  const life = user.life
  if (t < life.activeFromMs || t >= life.activeUntilMs) {
    return false
  }
  return !life.pauses.some((p) => t >= p.fromMs && t < p.toMs)
}

/** The addresses a user had been seen from before the window: home (current lease) and egress. */
export function usualAddresses(
  user: ScenarioUser,
  window: { seed: number; startMs: number },
): string[] {
  const out = [homeEndpoint(user, window.seed, localDay(user.zone, window.startMs)).ip]
  const egress = user.partner?.egress.network ?? HUB.egress.network
  const p = egress.prefixes[0] ?? []
  for (let n = 10; n <= 13; n++) {
    out.push(`${p[0]}.${p[1]}.${p[2]}.${n}`)
  }
  return out
}
