// After an injected success, Okta's history for the user includes it (the attacker's device and
// place become "seen"); the generator's state does the same.
import type { Device } from '../devices.js'
import type { Emitter } from '../emitter.js'
import type { Endpoint, ScenarioUser, Via } from '../model.js'
import type { FlowResult } from '../session-flow.js'
import { localDay } from '../time-zone.js'
import { recordSuccess } from '../user-state.js'

export function recordInjected(
  e: Emitter,
  user: ScenarioUser,
  flow: FlowResult,
  device: Device,
  endpoint: Endpoint,
  via: Via | 'attack',
): void {
  const state = e.states[user.index]
  if (!state) {
    return
  }
  const p = endpoint.place
  recordSuccess(
    state,
    {
      t: flow.startT,
      uuid: flow.startUuid,
      lat: p.lat,
      lon: p.lon,
      countryCode: p.countryCode,
      via,
      tripIndex: -1,
      asn: endpoint.network.asn,
    },
    device,
    endpoint,
    localDay(user.zone, flow.startT),
  )
  state.lastSession = {
    id: flow.sessionId,
    startUuid: flow.startUuid,
    t: flow.startT,
    endsAt: flow.endsAt,
  }
}

export function describe(endpoint: Endpoint): string {
  const n = endpoint.network
  return `${endpoint.ip} AS${n.asn} ${n.isp} (${n.kind}) in ${endpoint.place.city}, ${endpoint.place.country}`
}
