// Okta's own threat verdicts, the pure half. A successful sign-in Okta flagged `threatSuspected`:
// high, critical with a ThreatInsight event in log mode (ALLOW) from the same address just before.
// Risk HIGH alone: medium (Okta's risk engine weighs a new device and place; other detectors say
// more). A ThreatInsight event with no flagged sign-in: by its highest detection level when Okta
// let it through, low when Okta already denied or rate-limited it (as Panther does).
import { severityOf, type DetectorContext, type FindingDraft } from '../types.js'
import type { FlaggedSignIn, ThreatEvent, ThreatOnly, ThreatCandidate } from './queries.js'

export const DETECTOR_ID = 'okta-threat'

export const SCORES = {
  signInThreatWithThreatInsight: 90,
  signInThreat: 75,
  signInRiskHigh: 55,
  threatAllowedHigh: 70,
  threatAllowed: 50,
  threatBlocked: 20,
} as const

/** The highest level in `threatDetections` (`{"Password Spray":"HIGH", …}`), or null. */
export function highestDetection(detections: string | null): string | null {
  const levels = ['LOW', 'MEDIUM', 'HIGH']
  let best = -1
  for (const m of (detections ?? '').matchAll(/\b(LOW|MEDIUM|HIGH)\b/g)) {
    best = Math.max(best, levels.indexOf(m[1] ?? ''))
  }
  return best >= 0 ? (levels[best] ?? null) : null
}

const allowed = (t: ThreatEvent): boolean =>
  !['DENY', 'RATE_LIMIT', 'FAILURE'].includes((t.outcome ?? '').toUpperCase())

function threatDetails(t: ThreatEvent | null): Record<string, unknown> | null {
  return t
    ? {
        uuid: t.uuid,
        at: t.published.toISOString(),
        outcome: t.outcome,
        reason: t.reason,
        detections: t.detections,
        highest: highestDetection(t.detections),
        ip: t.ip,
      }
    : null
}

function signIn(c: FlaggedSignIn): FindingDraft {
  const withThreat = c.threat !== null && allowed(c.threat)
  const total = c.threatSuspected
    ? withThreat
      ? SCORES.signInThreatWithThreatInsight
      : SCORES.signInThreat
    : SCORES.signInRiskHigh
  const verdicts = [
    ...(c.threatSuspected ? ['threatSuspected'] : []),
    ...((c.riskLevel ?? '').toUpperCase() === 'HIGH'
      ? [`risk HIGH (${c.riskReasons ?? 'no reason given'})`]
      : []),
    ...(c.threat
      ? [`ThreatInsight ${c.threat.outcome ?? ''}: ${c.threat.reason ?? ''}`.trim()]
      : []),
  ]
  const who = c.userLogin ?? c.userId
  return {
    detector: DETECTOR_ID,
    severity: severityOf(total),
    score: total,
    org: c.org,
    partnerId: c.partnerId,
    userId: c.userId,
    userLogin: c.userLogin,
    occurredAt: c.published,
    eventIds: c.threat ? [c.threat.uuid, c.uuid] : [c.uuid],
    summary: `${who} signed in from ${c.ip ?? 'an unknown address'} (${c.city ?? c.country ?? 'unknown'}) that Okta flagged: ${verdicts.join('; ')}`,
    details: {
      threatSuspected: c.threatSuspected,
      riskLevel: c.riskLevel,
      riskReasons: c.riskReasons,
      behaviors: c.behaviors,
      threatInsight: threatDetails(c.threat),
      network: { ip: c.ip, city: c.city, country: c.country, asn: c.asNumber, asOrg: c.asOrg },
    },
  }
}

function threatOnly(c: ThreatOnly): FindingDraft {
  const t = c.threat
  const highest = highestDetection(t.detections)
  const total = !allowed(t)
    ? SCORES.threatBlocked
    : highest === 'HIGH'
      ? SCORES.threatAllowedHigh
      : SCORES.threatAllowed
  const as = c.userLogin ?? c.userId
  return {
    detector: DETECTOR_ID,
    severity: severityOf(total),
    score: total,
    org: c.org,
    partnerId: c.partnerId,
    userId: c.userId,
    userLogin: c.userLogin,
    occurredAt: t.published,
    eventIds: [t.uuid],
    summary: `ThreatInsight ${allowed(t) ? 'let through' : 'blocked'} ${t.ip ?? 'an address'}: ${t.reason ?? 'suspicious actor'}${as ? ` (acting as ${as})` : ''}${c.eventsToday > 1 ? `, ${c.eventsToday} events today` : ''}`,
    details: {
      threatInsight: threatDetails(t),
      allowed: allowed(t),
      tiedBy: c.tiedBy,
      eventsToday: c.eventsToday,
    },
  }
}

export function score(
  candidates: readonly ThreatCandidate[],
  _ctx: DetectorContext,
): FindingDraft[] {
  return candidates.map((c) => (c.kind === 'sign-in' ? signIn(c) : threatOnly(c)))
}
