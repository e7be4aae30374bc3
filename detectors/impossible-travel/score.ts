// Impossible travel, the pure half: accuracy-adjusted distance and speed between a sign-in and the
// user's previous usable one, suppressions (known egress, anonymisers, same IP or network, a mobile
// carrier's own gateways), then severity from what corroborates it or makes it familiar.
import { severityOf, type DetectorContext, type FindingDraft } from '../types.js'
import {
  DEFAULT_SPEED_KMH,
  MIN_EFFECTIVE_KM,
  MIN_HOURS,
  type SignInPoint,
  type TravelCandidate,
} from './queries.js'
import { settingNumber } from '../sign-in-common.js'
import { errorRadiusKm, haversineKm, inCidrs, isHosting, isMobile, networkOf } from './network.js'

export * from './network.js'
export { DEFAULT_SPEED_KMH, MIN_EFFECTIVE_KM, MIN_HOURS } from './queries.js'

export const DETECTOR_ID = 'impossible-travel'

/** A place within this distance of one the user signed in from before is "learned travel". */
export const LEARNED_RADIUS_KM = 100
/** Other users of the partner at the destination that make it a partner location. */
export const PARTNER_PLACE_MIN_USERS = 2
/** Earlier sign-ins needed before "new device / new ASN" mean anything. */
export const MIN_BASELINE_SIGN_INS = 5

export const SCORE_BASE = 50
/** Score per unit of (speed / limit − 1), capped at SCORE_SPEED_MAX. */
export const SCORE_PER_SPEED_RATIO = 10
export const SCORE_SPEED_MAX = 15
export const ESCALATION_POINTS: Readonly<Record<string, number>> = {
  newDevice: 8,
  newAsn: 8,
  hostingAsn: 12,
  threatSuspected: 15,
  riskHigh: 10,
  velocityPositive: 5,
  failedMfaBefore: 12,
  newCountry: 5,
}
export const DE_ESCALATION_POINTS: Readonly<Record<string, number>> = {
  learnedLocation: 25,
  partnerLocation: 10,
  sameDevice: 15,
}
/** Score at or above which each severity starts. */
function behaviorPositive(behaviors: string | null, name: string): boolean {
  return new RegExp(`\\b${name}=POSITIVE\\b`).test(behaviors ?? '')
}

function place(p: SignInPoint): Record<string, unknown> {
  return {
    uuid: p.uuid,
    at: p.published.toISOString(),
    city: p.city,
    state: p.state,
    country: p.country,
    lat: p.lat,
    lon: p.lon,
    ip: p.ip,
    asn: p.asNumber,
    asOrg: p.asOrg,
    device: p.clientDevice,
    mobile: isMobile(p),
  }
}

const round1 = (x: number) => Math.round(x * 10) / 10

function duration(hours: number): string {
  const minutes = Math.round(hours * 60)
  return minutes < 60
    ? `${minutes} min`
    : `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}`
}

export function score(
  candidates: readonly TravelCandidate[],
  ctx: DetectorContext,
): FindingDraft[] {
  const speedLimit = settingNumber(ctx.config, 'speedKmh', DEFAULT_SPEED_KMH)
  const minKm = settingNumber(ctx.config, 'minEffectiveKm', MIN_EFFECTIVE_KM)
  const egressAsns = new Set(ctx.partners.flatMap((p) => p.knownEgress.asns))
  const egressCidrs = ctx.partners.flatMap((p) => p.knownEgress.cidrs)
  const out: FindingDraft[] = []
  for (const c of candidates) {
    const cur = c.current
    const prev = c.previous
    if (!Number.isFinite(cur.lat) || !Number.isFinite(prev.lat)) {
      continue
    }
    // Never a reference point nor an alert: the same checks the SQL makes, kept here so the score
    // stands alone (and catches IPv6 egress blocks the SQL does not parse).
    const unusable = [cur, prev].some(
      (p) =>
        (p.asNumber !== null && egressAsns.has(p.asNumber)) ||
        inCidrs(p.ip, egressCidrs) ||
        p.isProxy ||
        !['', '[]', 'null'].includes(p.tunnels ?? ''),
    )
    if (unusable) {
      continue
    }
    if (cur.ip !== null && cur.ip === prev.ip) {
      continue
    }
    const net = networkOf(cur.ip)
    if (net !== null && net === networkOf(prev.ip)) {
      continue
    }
    // A carrier's gateways anywhere in its footprint are one network for geolocation purposes.
    if (
      cur.asNumber !== null &&
      cur.asNumber === prev.asNumber &&
      (isMobile(cur) || isMobile(prev)) &&
      cur.country === prev.country
    ) {
      continue
    }
    const km = haversineKm(prev, cur)
    const radiusCur = errorRadiusKm(cur)
    const radiusPrev = errorRadiusKm(prev)
    const effectiveKm = Math.max(0, km - radiusCur - radiusPrev)
    if (effectiveKm < minKm) {
      continue
    }
    const hours = Math.max(MIN_HOURS, (cur.published.getTime() - prev.published.getTime()) / 3.6e6)
    const kmh = effectiveKm / hours
    if (kmh <= speedLimit) {
      continue
    }

    const escalatedBy: string[] = []
    const suppressedBy: string[] = []
    const baseline = c.priorSignIns >= MIN_BASELINE_SIGN_INS
    const knownDevice =
      (cur.dtHash !== null && c.priorDtHashes.includes(cur.dtHash)) ||
      (cur.userAgent !== null && c.priorUserAgents.includes(cur.userAgent))
    if (baseline ? !knownDevice : behaviorPositive(cur.behaviors, 'New Device')) {
      escalatedBy.push('newDevice')
    }
    if (cur.asNumber !== null && baseline && !c.priorAsns.includes(cur.asNumber)) {
      escalatedBy.push('newAsn')
    }
    if (isHosting(cur)) {
      escalatedBy.push('hostingAsn')
    }
    if (cur.threatSuspected) {
      escalatedBy.push('threatSuspected')
    }
    if ((cur.riskLevel ?? '').toUpperCase() === 'HIGH') {
      escalatedBy.push('riskHigh')
    }
    if (behaviorPositive(cur.behaviors, 'Velocity')) {
      escalatedBy.push('velocityPositive')
    }
    if (c.failedMfaBefore > 0) {
      escalatedBy.push('failedMfaBefore')
    }
    if (
      (baseline && !c.priorPlaces.some((p) => p.country === cur.country)) ||
      (!baseline && behaviorPositive(cur.behaviors, 'New Country'))
    ) {
      escalatedBy.push('newCountry')
    }

    const learned = c.priorPlaces.some((p) => haversineKm(p, cur) <= LEARNED_RADIUS_KM)
    if (learned) {
      suppressedBy.push('learnedLocation')
    }
    if (c.partnerUsersAtDestination >= PARTNER_PLACE_MIN_USERS) {
      suppressedBy.push('partnerLocation')
    }
    if (cur.dtHash !== null && cur.dtHash === prev.dtHash) {
      suppressedBy.push('sameDevice')
    }

    const speedPoints = Math.min(
      SCORE_SPEED_MAX,
      Math.round(SCORE_PER_SPEED_RATIO * (kmh / speedLimit - 1)),
    )
    const raw =
      SCORE_BASE +
      speedPoints +
      escalatedBy.reduce((s, k) => s + (ESCALATION_POINTS[k] ?? 0), 0) -
      suppressedBy.reduce((s, k) => s + (DE_ESCALATION_POINTS[k] ?? 0), 0)
    const total = Math.max(1, Math.min(100, raw))
    const severity = severityOf(total)
    const who = c.userLogin ?? c.userId
    const from = prev.city ?? prev.country ?? prev.ip ?? 'unknown'
    const to = cur.city ?? cur.country ?? cur.ip ?? 'unknown'
    out.push({
      detector: DETECTOR_ID,
      severity,
      score: total,
      org: c.org,
      partnerId: c.partnerId,
      userId: c.userId,
      userLogin: c.userLogin,
      occurredAt: cur.published,
      eventIds: [prev.uuid, cur.uuid],
      summary: `${who} signed in from ${to} ${duration(hours)} after ${from}: ${Math.round(km).toLocaleString('en-US')} km at ${Math.round(kmh).toLocaleString('en-US')} km/h (limit ${speedLimit})`,
      details: {
        from: place(prev),
        to: place(cur),
        km: Math.round(km),
        effectiveKm: Math.round(effectiveKm),
        hours: Math.round(hours * 1000) / 1000,
        kmh: Math.round(kmh),
        thresholdKmh: speedLimit,
        minEffectiveKm: minKm,
        adjustments: {
          fromRadiusKm: radiusPrev,
          toRadiusKm: radiusCur,
          minHours: round1(MIN_HOURS * 60) + ' min',
        },
        baseline: {
          priorSignIns: c.priorSignIns,
          minSignIns: MIN_BASELINE_SIGN_INS,
          partnerUsersAtDestination: c.partnerUsersAtDestination,
          failedMfaBefore: c.failedMfaBefore,
        },
        okta: { threatSuspected: cur.threatSuspected, riskLevel: cur.riskLevel },
        escalatedBy,
        suppressedBy,
      },
    })
  }
  return out
}
