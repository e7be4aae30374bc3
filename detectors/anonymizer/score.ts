// Anonymiser, the pure half: the first successful sign-in of a user through Tor, a commercial VPN or
// an anonymising proxy in the learning window (later ones are the user's habit, not news); a
// privacy relay such as iCloud Private Relay is reported once as low. Severity: Tor high, VPN or
// proxy medium, each raised by a device the user never used and by Okta's own threat verdict.
import { inCidrs } from '../impossible-travel/network.js'
import { severityOf, type DetectorContext, type FindingDraft } from '../types.js'
import { classify, parseTunnels, type AnonymizerKind } from './classify.js'
import { learningDays, type AnonymizerCandidate } from './queries.js'

export const DETECTOR_ID = 'anonymizer'

export const BASE_SCORE: Readonly<Record<AnonymizerKind, number>> = {
  tor: 70,
  vpn: 50,
  proxy: 50,
  relay: 15,
}
export const ESCALATION_POINTS: Readonly<Record<string, number>> = {
  newDevice: 15,
  threatSuspected: 15,
}
/** Earlier sign-ins needed before "new device" is judged from history rather than Okta's verdict. */
export const MIN_BASELINE_SIGN_INS = 5
const positive = (behaviors: string | null, name: string): boolean =>
  new RegExp(`\\b${name}=POSITIVE\\b`).test(behaviors ?? '')

export function score(
  candidates: readonly AnonymizerCandidate[],
  ctx: DetectorContext,
): FindingDraft[] {
  const egressCidrs = ctx.partners.flatMap((p) => p.knownEgress.cidrs)
  const egressAsns = new Set(ctx.partners.flatMap((p) => p.knownEgress.asns))
  const days = learningDays(ctx.config)
  const out: FindingDraft[] = []
  for (const c of candidates) {
    if ((c.asNumber !== null && egressAsns.has(c.asNumber)) || inCidrs(c.ip, egressCidrs)) {
      continue
    }
    const kind = classify(c)
    if (kind === null) {
      continue
    }
    const before = kind === 'relay' ? c.priorRelayed : c.priorAnonymized
    if (before > 0) {
      continue
    }
    const escalatedBy: string[] = []
    if (kind !== 'relay') {
      const baseline = c.priorSignIns >= MIN_BASELINE_SIGN_INS
      const known =
        (c.dtHash !== null && c.priorDtHashes.includes(c.dtHash)) ||
        (c.userAgent !== null && c.priorUserAgents.includes(c.userAgent))
      if (baseline ? !known : positive(c.behaviors, 'New Device')) {
        escalatedBy.push('newDevice')
      }
      if (c.threatSuspected) {
        escalatedBy.push('threatSuspected')
      }
    }
    const total = Math.min(
      100,
      BASE_SCORE[kind] + escalatedBy.reduce((s, k) => s + (ESCALATION_POINTS[k] ?? 0), 0),
    )
    const severity = severityOf(total)
    const tunnels = parseTunnels(c.tunnels)
    const service = tunnels.find((t) => t.operator)?.operator ?? c.isp ?? c.asOrg ?? 'unknown'
    const who = c.userLogin ?? c.userId
    const what = {
      tor: 'Tor',
      vpn: 'an anonymising VPN',
      proxy: 'an anonymising proxy',
      relay: 'a privacy relay',
    }[kind]
    out.push({
      detector: DETECTOR_ID,
      severity,
      score: total,
      org: c.org,
      partnerId: c.partnerId,
      userId: c.userId,
      userLogin: c.userLogin,
      occurredAt: c.published,
      eventIds: [c.uuid],
      summary: `${who} signed in through ${what} (${service}, AS${c.asNumber ?? '?'}) for the first time in ${days} days${escalatedBy.length > 0 ? `: ${escalatedBy.join(', ')}` : ''}`,
      details: {
        kind,
        service,
        network: {
          ip: c.ip,
          city: c.city,
          country: c.country,
          asn: c.asNumber,
          asOrg: c.asOrg,
          isp: c.isp,
          domain: c.domain,
          isProxy: c.isProxy,
          tunnels,
        },
        learningDays: days,
        priorSignIns: c.priorSignIns,
        priorAnonymized: c.priorAnonymized,
        priorRelayed: c.priorRelayed,
        device: { dtHash: c.dtHash, userAgent: c.userAgent },
        escalatedBy,
      },
    })
  }
  return out
}
