// The other kinds an injected attack truly is, for honest multi-kind labels: an impossible-travel
// attacker's sign-in is also from a country the victim never signed in from, on a device they never
// used, and Okta rated it risk HIGH. Judged from what the generator knows — the victim's state
// before the injected sign-in is recorded (every country, network, device and recent address seen),
// their habits and lifecycle, and what Okta was made to log — never by running a detector.
// The conditions are each kind's own, as its README in detectors/ states them.
import type { Device } from '../devices.js'
import type { Emitter } from '../emitter.js'
import { minutesFromBusy } from '../habits.js'
import type { Endpoint, ScenarioUser } from '../model.js'
import type { FlowResult } from '../session-flow.js'
import { localMinuteOfDay } from '../time-zone.js'
import type { AnomalyKind } from '../types.js'
import type { UserState } from '../user-state.js'

/** Successful sign-ins (and days with one) a novelty injection's victim has: a margin over… */
export const MIN_PRIOR_SIGN_INS = 12
export const MIN_PRIOR_DAYS = 6
/** … the learning gate of the novelty kinds (detectors/new-country/README.md): before it, nothing is new. */
export const NOVELTY_MIN_SIGN_INS = 10
export const NOVELTY_MIN_DAYS = 5
/** What an off-hours model needs learnt, and how far from every habit an off-hours sign-in is. */
export const OFF_HOURS_MIN_SIGN_INS = 20
export const OFF_HOURS_MIN_DAYS = 10
export const OFF_HOURS_MARGIN_MINUTES = 240

/** Whether the generator's state says the victim has the history the novelty detectors need. */
export function established(
  e: { states: { successCount: number; successDays: number }[] },
  user: ScenarioUser,
): boolean {
  const s = e.states[user.index]
  return s !== undefined && s.successCount >= MIN_PRIOR_SIGN_INS && s.successDays >= MIN_PRIOR_DAYS
}

export interface InjectedSignIn {
  t: number
  device: Device
  endpoint: Endpoint
  /** Okta's risk text logged on it (`{…, level=HIGH}`) and its threatSuspected flag. */
  risk: string
  threatSuspected: boolean
  /** The events of the sign-in (the factor steps and the session start). */
  uuids: string[]
}

/** A sign-in flow as `signInKinds` judges it. */
export function injected(flow: FlowResult, device: Device, endpoint: Endpoint): InjectedSignIn {
  return {
    t: flow.startT,
    device,
    endpoint,
    risk: flow.risk,
    threatSuspected: flow.threatSuspected,
    uuids: flow.uuids,
  }
}

type Also = Partial<Record<AnomalyKind, string[]>>

const block = (ip: string): string => ip.split('.').slice(0, 3).join('.')

/**
 * Every kind a successful injected sign-in of `user` is, besides the one injected. Call it after the
 * flow is emitted and before `recordInjected` (the state must not yet contain the sign-in).
 */
export function signInKinds(e: Emitter, user: ScenarioUser, s: InjectedSignIn): AnomalyKind[] {
  const state = e.states[user.index]
  if (!state) {
    return []
  }
  const out: AnomalyKind[] = []
  const net = s.endpoint.network
  const located = !net.isProxy && net.kind !== 'corporate'
  // Novelty is judged against what the log shows of the user (the window), as a reader of the log
  // would: sign-ins counted on UTC days, countries of sign-ins not through a proxy.
  const logged = state.logged
  const newDevice = !logged.devices.has(s.device.dtHash)
  if (state.successCount >= NOVELTY_MIN_SIGN_INS && logged.utcDays >= NOVELTY_MIN_DAYS) {
    // A country never signed in from, by a device never used (a known device abroad is a trip).
    if (located && newDevice && !logged.countries.has(s.endpoint.place.countryCode)) {
      out.push('new-country')
    }
    // A network never used, by a device never used or from a hosting provider.
    if (located && !logged.asns.has(net.asn) && (newDevice || net.kind === 'hosting')) {
      out.push('new-asn')
    }
    // A device never used, from an address block none of the recent addresses is in.
    const b = block(s.endpoint.ip)
    if (newDevice && net.kind !== 'corporate' && !state.ips.some((ip) => block(ip) === b)) {
      out.push('new-device')
    }
  }
  if (offHours(state, user, s.t)) {
    out.push('off-hours')
  }
  // Okta's own verdict on the sign-in.
  if (s.threatSuspected || /\blevel=HIGH\b/.test(s.risk)) {
    out.push('okta-threat')
  }
  return out
}

/** The same kinds as `signInKinds`, each with the sign-in's events, for `Labels.anomaly`. */
export function alsoOf(e: Emitter, user: ScenarioUser, s: InjectedSignIn): Also {
  const out: Also = {}
  for (const k of signInKinds(e, user, s)) {
    out[k] = s.uuids
  }
  return out
}

/** Merges `also` maps (several sign-ins or failures of one attack), keeping event order. */
export function mergeAlso(...maps: Also[]): Also {
  const out: Also = {}
  for (const m of maps) {
    for (const [k, uuids] of Object.entries(m) as [AnomalyKind, string[]][]) {
      out[k] = [...(out[k] ?? []), ...uuids]
    }
  }
  return out
}

/** At a local time at least four hours from every habit, for a user whose habits are learnt. */
function offHours(state: UserState, user: ScenarioUser, t: number): boolean {
  return (
    state.successCount >= OFF_HOURS_MIN_SIGN_INS &&
    state.successDays >= OFF_HOURS_MIN_DAYS &&
    minutesFromBusy(user.habits, localMinuteOfDay(user.zone, t)) >= OFF_HOURS_MARGIN_MINUTES
  )
}

/** Whether the account was deactivated or suspended at `t` with no reactivation since. */
export function blockedAt(user: ScenarioUser, t: number): boolean {
  let last: string | null = null
  let lastAt = Number.NEGATIVE_INFINITY
  for (const ev of user.life.events) {
    if (ev.atMs < t && ev.atMs >= lastAt && ev.type !== 'create') {
      last = ev.type
      lastAt = ev.atMs
    }
  }
  return last === 'deactivate' || last === 'suspend'
}
