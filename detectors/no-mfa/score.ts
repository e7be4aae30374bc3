// No MFA, the pure half: a session of a partner that requires MFA, completed without a strong
// factor. Okta users: no `auth_via_mfa`/`verify` success other than the password (OIE logs the
// password as a factor too) — or only a weak one (SMS, voice, email, security question).
// Federated users: the IdP's assertion decides (amr / AuthnContextClassRef); with no claim visible
// MFA is presumed done at the partner IdP unless `federatedWithoutClaim: "flag"`, and an Okta
// factor in the same sign-in always counts.
import type { DetectorContext, FindingDraft } from '../types.js'
import { TOOLING_UA, isHostingNetwork } from '../sign-in-common.js'
import { severityOf } from '../types.js'
import {
  PASSWORD_FACTORS,
  WEAK_FACTORS,
  type FactorEvidence,
  type SessionCandidate,
} from './queries.js'

export const DETECTOR_ID = 'no-mfa'
export const NONE_SCORE = 70
export const WEAK_SCORE = 50
export const ESCALATION_POINTS: Readonly<Record<string, number>> = {
  toolingUserAgent: 10,
  hostingAsn: 10,
  legacyAuthnApi: 5,
}

const PASSWORD = new RegExp(`^(${PASSWORD_FACTORS})$`, 'i')
const WEAK = new RegExp(`^(${WEAK_FACTORS})$`, 'i')
/** RFC 8176 amr values that prove more than a password. */
const STRONG_AMR = /\b(mfa|otp|hwk|swk|sc|fpt|face|iris|retina|vbm|pop|pin|user|bio)\b/i
const STRONG_ACR =
  /(MultiFactor|MobileTwoFactor|TimeSyncToken|Smartcard|X509|phishing|phr|mfa|TLSClient)/i

export type Verdict = 'strong' | 'weak' | 'none' | 'unknown'

/** What an Okta factor event proves. */
export function factorStrength(f: FactorEvidence): Verdict {
  const kind = f.factor ?? f.credentialType ?? ''
  if (PASSWORD.test(kind)) {
    return 'none'
  }
  return WEAK.test(kind) ? 'weak' : 'strong'
}

/** What an IdP assertion proves: `unknown` when it carries no claim. */
export function assertionStrength(f: FactorEvidence): Verdict {
  if (f.amr) {
    return STRONG_AMR.test(f.amr)
      ? 'strong'
      : /\b(sms|tel|kba|otp_sms)\b/i.test(f.amr)
        ? 'weak'
        : 'none'
  }
  if (f.acr) {
    return STRONG_ACR.test(f.acr) ? 'strong' : 'none'
  }
  return 'unknown'
}

const RANK: Record<Verdict, number> = { none: 0, unknown: 1, weak: 2, strong: 3 }
const best = (vs: Verdict[]): Verdict =>
  vs.reduce<Verdict>((b, v) => (RANK[v] > RANK[b] ? v : b), 'none')

export function score(sessions: readonly SessionCandidate[], ctx: DetectorContext): FindingDraft[] {
  const flagUnknown = ctx.config.federatedWithoutClaim === 'flag'
  const out: FindingDraft[] = []
  for (const s of sessions) {
    const federated = s.authProvider === 'FEDERATION' || s.credentialType === 'ASSERTION'
    const okta = s.factors
      .filter((f) => f.eventType.endsWith('auth_via_mfa') || f.eventType.endsWith('.verify'))
      .map(factorStrength)
    const idp = s.factors
      .filter((f) => f.eventType.includes('auth_via_IDP') || f.eventType.includes('inbound_SAML'))
      .map(assertionStrength)
    let verdict = best(okta)
    if (federated && verdict !== 'strong') {
      const asserted = idp.length > 0 ? best(idp) : 'unknown'
      verdict = best([verdict, asserted === 'unknown' && flagUnknown ? 'none' : asserted])
    }
    if (verdict === 'strong' || verdict === 'unknown') {
      continue
    }
    out.push(finding(s, verdict, federated))
  }
  return out
}

function finding(s: SessionCandidate, verdict: 'weak' | 'none', federated: boolean): FindingDraft {
  const escalatedBy: string[] = []
  if (TOOLING_UA.test(s.userAgent ?? '')) {
    escalatedBy.push('toolingUserAgent')
  }
  if (isHostingNetwork(s)) {
    escalatedBy.push('hostingAsn')
  }
  if ((s.requestUri ?? '').startsWith('/api/v1/authn') || (s.sessionId ?? '').startsWith('102')) {
    escalatedBy.push('legacyAuthnApi')
  }
  const base = verdict === 'none' ? NONE_SCORE : WEAK_SCORE
  const total = Math.min(
    100,
    base + escalatedBy.reduce((t, k) => t + (ESCALATION_POINTS[k] ?? 0), 0),
  )
  const who = s.userLogin ?? s.userId
  const how = federated ? 'the partner IdP asserted' : 'Okta verified'
  const assertions = s.factors
    .filter((f) => f.amr !== null || f.acr !== null)
    .map((f) => ({ uuid: f.uuid, amr: f.amr, acr: f.acr }))
  return {
    detector: DETECTOR_ID,
    severity: severityOf(total),
    score: total,
    org: s.org,
    partnerId: s.partnerId,
    userId: s.userId,
    userLogin: s.userLogin,
    occurredAt: s.published,
    eventIds: [...s.factors.map((f) => f.uuid), s.uuid],
    summary: `${who} started a session without ${verdict === 'weak' ? 'a strong' : 'any second'} factor (${how} ${verdict === 'weak' ? 'only a weak factor' : 'no factor beyond the password'}); partner ${s.partnerId} requires MFA`,
    details: {
      verdict,
      federated,
      requireMfa: true,
      factors: s.factors.map((f) => ({
        uuid: f.uuid,
        eventType: f.eventType,
        factor: f.factor ?? f.credentialType,
      })),
      assertions,
      sessionId: s.sessionId,
      ip: s.ip,
      userAgent: s.userAgent,
      escalatedBy,
    },
  }
}
