// What new-country, new-asn and new-device share once the history is read: the learning gate,
// what makes a device or a network "known", Okta's own verdict as a second opinion, and one way of
// turning escalations into a score, a severity and a finding.
import type { PartnerConfig } from '../../lib/config.js'
import { severityOf, type DetectorContext, type FindingDraft } from '../types.js'
import {
  DEFAULT_MIN_DAYS,
  DEFAULT_MIN_SIGN_INS,
  TOOLING_UA,
  inCidrs,
  isHostingNetwork,
  networkOf,
  oktaBehavior,
  settingNumber,
  type NoveltyCandidate,
  type SignInFacts,
} from '../sign-in-history.js'

/** Points added to a detector's base score by each corroborating signal. */
export const ESCALATION_POINTS: Readonly<Record<string, number>> = {
  hostingAsn: 15,
  toolingUserAgent: 15,
  threatSuspected: 15,
  riskHigh: 10,
  newCountry: 10,
  newAsn: 5,
  newDevice: 5,
  newBrowserFamily: 8,
  oktaAgrees: 5,
}
/** Points taken off by what makes the sign-in familiar. */
export const DE_ESCALATION_POINTS: Readonly<Record<string, number>> = {
  partnerCountry: 15,
  oktaDisagrees: 5,
}
/** Other users of the same partner seen in a country that make it a partner country. */
export const PARTNER_COUNTRY_MIN_USERS = 2
export interface Gate {
  learned: boolean
  minSignIns: number
  minDays: number
}

/** Whether the user has enough history for anything to be new (the learning gate). */
export function gate(c: NoveltyCandidate, ctx: DetectorContext): Gate {
  const minSignIns = settingNumber(ctx.config, 'minSignIns', DEFAULT_MIN_SIGN_INS)
  const minDays = settingNumber(ctx.config, 'minDays', DEFAULT_MIN_DAYS)
  return {
    learned: c.history.signIns >= minSignIns && c.history.days >= minDays,
    minSignIns,
    minDays,
  }
}

export const uaFamily = (s: SignInFacts): string => `${s.browser ?? '?'}|${s.os ?? '?'}`

/** The same browser as before: its device token or fingerprint, or (without either) its family. */
export function knownDevice(c: NoveltyCandidate): boolean {
  const { signIn: s, history: h } = c
  if (s.dtHash !== null || s.fingerprint !== null) {
    return (
      (s.dtHash !== null && h.dtHashes.includes(s.dtHash)) ||
      (s.fingerprint !== null && h.fingerprints.includes(s.fingerprint))
    )
  }
  return h.uaFamilies.includes(uaFamily(s))
}

export function knownNetwork(c: NoveltyCandidate): boolean {
  const net = networkOf(c.signIn.ip)
  return net !== null && c.history.networks.includes(net)
}

/** A partner's own VPN / proxy egress (any partner): a network, never a place or a stranger. */
export function viaKnownEgress(s: SignInFacts, partners: readonly PartnerConfig[]): boolean {
  return partners.some(
    (p) =>
      (s.asNumber !== null && p.knownEgress.asns.includes(s.asNumber)) ||
      inCidrs(s.ip, p.knownEgress.cidrs),
  )
}

/** An anonymiser or tunnel hides where the person is: the anonymizer detector's business. */
export function anonymised(s: SignInFacts): boolean {
  return s.isProxy || !['', '[]', 'null'].includes(s.tunnels ?? '')
}

/**
 * A phone or tablet in a country the user signs in from, not on a hosting network: the commonest
 * benign first sighting (someone signs in on their own phone for the first time). Reported only when
 * Okta, whose device-token memory outlives our history window, also calls the device new.
 */
export function ownPhoneAtHome(c: NoveltyCandidate): boolean {
  const s = c.signIn
  const mobile =
    ['mobile', 'tablet'].includes((s.clientDevice ?? '').toLowerCase()) ||
    /^(ios|android)/i.test(s.os ?? '')
  return (
    mobile &&
    s.country !== null &&
    c.history.countries.includes(s.country) &&
    !isHostingNetwork(s) &&
    !TOOLING_UA.test(s.userAgent ?? '') &&
    oktaBehavior(s.behaviors, 'New Device') !== 'POSITIVE'
  )
}

/** Signals every novelty detector weighs beside its own dimension. */
export function commonEscalations(s: SignInFacts): string[] {
  const out: string[] = []
  if (isHostingNetwork(s)) {
    out.push('hostingAsn')
  }
  if (TOOLING_UA.test(s.userAgent ?? '')) {
    out.push('toolingUserAgent')
  }
  if (s.threatSuspected) {
    out.push('threatSuspected')
  }
  if ((s.riskLevel ?? '').toUpperCase() === 'HIGH') {
    out.push('riskHigh')
  }
  return out
}

/** Okta's verdict on `name` as agreement (+) or disagreement (−); UNKNOWN or absent says nothing. */
export function oktaOpinion(s: SignInFacts, name: string, esc: string[], de: string[]): string {
  const v = oktaBehavior(s.behaviors, name) ?? 'ABSENT'
  if (v === 'POSITIVE') {
    esc.push('oktaAgrees')
  } else if (v === 'NEGATIVE') {
    de.push('oktaDisagrees')
  }
  return v
}

export interface NoveltyFindingInput {
  detector: string
  base: number
  candidate: NoveltyCandidate
  escalatedBy: string[]
  suppressedBy: string[]
  summary: string
  details: Record<string, unknown>
}

export function noveltyFinding(i: NoveltyFindingInput): FindingDraft {
  const s = i.candidate.signIn
  const raw =
    i.base +
    i.escalatedBy.reduce((t, k) => t + (ESCALATION_POINTS[k] ?? 0), 0) -
    i.suppressedBy.reduce((t, k) => t + (DE_ESCALATION_POINTS[k] ?? 0), 0)
  const score = Math.max(1, Math.min(100, raw))
  const severity = severityOf(score)
  return {
    detector: i.detector,
    severity,
    score,
    org: s.org,
    partnerId: s.partnerId,
    userId: s.userId,
    userLogin: s.userLogin,
    occurredAt: s.published,
    eventIds: [s.uuid],
    summary: i.summary,
    details: {
      signIn: {
        uuid: s.uuid,
        at: s.published.toISOString(),
        ip: s.ip,
        city: s.city,
        country: s.country,
        asn: s.asNumber,
        asOrg: s.asOrg,
        browser: s.browser,
        os: s.os,
        dtHash: s.dtHash,
      },
      ...i.details,
      baseline: {
        priorSignIns: i.candidate.history.signIns,
        priorDays: i.candidate.history.days,
      },
      escalatedBy: i.escalatedBy,
      suppressedBy: i.suppressedBy,
    },
  }
}
