// Benign situations that fool naive rules, labelled as they happen: flights at a possible speed,
// hops through a partner's VPN egress abroad, carrier geolocation jumping between gateways, DST
// changes, and the rhythms of night-shift, early-bird and weekend workers. Each normal successful
// sign-in passes through `observeSignIn` before it is recorded in the user's history.
import type { Emitter } from './emitter.js'
import { distanceKm } from './geo-places.js'
import type { PlannedSession, ScenarioUser } from './model.js'
import type { FlowResult } from './session-flow.js'
import { MS_PER_DAY, localMinuteOfDay, offsetMinutes, weekdayOf } from './time-zone.js'
import type { ConfounderKind } from './types.js'
import { recordSuccess, speedKmh, type SuccessPoint, type UserState } from './user-state.js'

/** Most labels of each kind; the situations keep happening unlabelled past these. */
export const CONFOUNDER_CAPS: Partial<Record<ConfounderKind, number>> = {
  'vpn-egress': 250,
  'mobile-jitter': 250,
  'dst-shift': 60,
}

const hhmm = (minute: number): string =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`

function underCap(e: Emitter, kind: ConfounderKind): boolean {
  const cap = CONFOUNDER_CAPS[kind]
  return cap === undefined || (e.confounderCounts[kind] ?? 0) < cap
}

function label(
  e: Emitter,
  kind: ConfounderKind,
  user: ScenarioUser,
  uuids: string[],
  note: string,
): void {
  e.labels.confounder(kind, user, uuids, note)
  e.confounderCounts[kind] = (e.confounderCounts[kind] ?? 0) + 1
}

export function observeSignIn(
  e: Emitter,
  user: ScenarioUser,
  s: PlannedSession,
  flow: FlowResult,
): void {
  const state = e.states[user.index] as UserState
  const place = s.endpoint.place
  const point: SuccessPoint = {
    t: flow.startT,
    uuid: flow.startUuid,
    lat: place.lat,
    lon: place.lon,
    countryCode: place.countryCode,
    via: s.via,
    tripIndex: s.tripIndex,
    asn: s.endpoint.network.asn,
  }
  const located = state.lastLocated
  if (
    located &&
    located.via !== 'attack' &&
    s.via !== 'egress' &&
    located.tripIndex !== point.tripIndex
  ) {
    const km = distanceKm(located, point)
    if (km >= 300) {
      const hours = (point.t - located.t) / 3_600_000
      label(
        e,
        'flight',
        user,
        [located.uuid, point.uuid],
        `${point.tripIndex >= 0 ? 'outbound to' : 'back home from'} ${point.tripIndex >= 0 ? place.city : (user.trips[located.tripIndex]?.dest.city ?? '')}: ${Math.round(km)} km in ${hours.toFixed(1)} h (${Math.round(km / hours)} km/h)`,
      )
    }
  }
  const last = state.lastSuccess
  const egress = user.partner?.egress
  if (
    s.via === 'egress' &&
    egress?.abroad &&
    last &&
    last.via !== 'egress' &&
    last.via !== 'attack' &&
    point.t - last.t < 6 * 3_600_000 &&
    point.t - state.lastEgressLabelMs > 7 * MS_PER_DAY &&
    speedKmh(last, point) > 900 &&
    underCap(e, 'vpn-egress')
  ) {
    state.lastEgressLabelMs = point.t
    label(
      e,
      'vpn-egress',
      user,
      [last.uuid, point.uuid],
      `home sign-in then corporate VPN egress AS${egress.network.asn} in ${egress.place.city}, ${egress.place.country}: ${Math.round(distanceKm(last, point))} km in ${Math.round((point.t - last.t) / 60_000)} min`,
    )
  }
  if (
    s.jitterPair === 2 &&
    last &&
    last.via === 'mobile' &&
    point.t - last.t < 40 * 60_000 &&
    state.jitterLabels < 3 &&
    underCap(e, 'mobile-jitter')
  ) {
    const km = distanceKm(last, point)
    if (km >= 100) {
      state.jitterLabels++
      label(
        e,
        'mobile-jitter',
        user,
        [last.uuid, point.uuid],
        `carrier AS${s.endpoint.network.asn} gateways ${Math.round(km)} km apart, ${Math.round((point.t - last.t) / 60_000)} min between sign-ins`,
      )
    }
  }
  const firstOfDay = s.localDay !== state.lastSuccessDay
  if (firstOfDay && s.via !== 'away') {
    observeRhythm(e, user, state, s, point)
    const offset = offsetMinutes(user.zone, point.t)
    const before = state.dst ? localMinuteOfDay(user.zone, state.dst.t) : 0
    const after = localMinuteOfDay(user.zone, point.t)
    // Label the clear cases: the same local time on both sides, an hour apart in UTC.
    if (
      state.dst &&
      state.dst.offsetMinutes !== offset &&
      point.t - state.dst.t < 10 * MS_PER_DAY &&
      Math.abs(before - after) <= 30 &&
      state.dstLabels === 0 &&
      underCap(e, 'dst-shift')
    ) {
      state.dstLabels++
      const utc = (t: number): string => hhmm(Math.floor((t % MS_PER_DAY) / 60_000))
      label(
        e,
        'dst-shift',
        user,
        [state.dst.uuid, point.uuid],
        `${user.zone} offset ${state.dst.offsetMinutes} -> ${offset} min: first sign-in local ${hhmm(before)} -> ${hhmm(after)}, UTC ${utc(state.dst.t)} -> ${utc(point.t)}`,
      )
    }
    state.dst = { offsetMinutes: offset, uuid: point.uuid, t: point.t }
  }
  recordSuccess(state, point, s.device, s.endpoint, s.localDay)
}

function observeRhythm(
  e: Emitter,
  user: ScenarioUser,
  state: UserState,
  s: PlannedSession,
  point: SuccessPoint,
): void {
  const rhythm = user.habits.rhythm
  if (rhythm === 'regular' || state.rhythmLabelled) {
    return
  }
  const minute = localMinuteOfDay(user.zone, point.t)
  const fits =
    rhythm === 'night-shift'
      ? minute >= 1260 || minute < 360
      : rhythm === 'early-bird'
        ? minute < 390
        : weekdayOf(s.localDay) === 0 || weekdayOf(s.localDay) === 6
  if (!fits) {
    return
  }
  state.rhythmEvidence.push(point.uuid)
  if (state.rhythmEvidence.length >= 3) {
    state.rhythmLabelled = true
    const h = user.habits
    label(
      e,
      rhythm,
      user,
      state.rhythmEvidence,
      `${rhythm}: usual first sign-in ${hhmm(h.startMinute % 1440)} local (sd ${h.spreadMinutes} min), working days ${h.workDays.map((w, d) => (w ? 'SMTWTFS'[d] : '-')).join('')}`,
    )
  }
}
