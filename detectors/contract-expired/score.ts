// Contract expired, the pure half: a partner user signed in after their contract ended. Which end
// applies (the earlier of the partner's and the user's own), how many days past it, and the
// severity: high, critical once a month has passed (offboarding has plainly been missed).
import type { DetectorContext, FindingDraft, Severity } from '../types.js'
import { graceDays, type ContractCandidate } from './queries.js'

export const DETECTOR_ID = 'contract-expired'

export const SCORE_BASE = 75
/** Days past the end after which the finding is critical. */
export const CRITICAL_AFTER_DAYS = 30
export const SCORE_CRITICAL = 90

const MS_PER_DAY = 86_400_000

function dayNumber(isoDate: string): number {
  return Math.floor(Date.parse(`${isoDate}T00:00:00Z`) / MS_PER_DAY)
}

/** The contract end that applies: the earlier of the partner's and the user's own. */
export function effectiveEnd(
  c: Pick<ContractCandidate, 'userContractEnd' | 'partnerContractEnd'>,
): { end: string; source: 'partner' | 'user' } | null {
  const { userContractEnd: user, partnerContractEnd: partner } = c
  if (user && (!partner || user <= partner)) {
    return { end: user, source: 'user' }
  }
  return partner ? { end: partner, source: 'partner' } : null
}

export function score(
  candidates: readonly ContractCandidate[],
  ctx: DetectorContext,
): FindingDraft[] {
  const grace = graceDays(ctx.config)
  const out: FindingDraft[] = []
  for (const c of candidates) {
    const applies = effectiveEnd(c)
    if (!applies || !/^\d{4}-\d{2}-\d{2}$/.test(c.localDate)) {
      continue
    }
    const daysAfter = dayNumber(c.localDate) - dayNumber(applies.end)
    if (!(daysAfter > grace)) {
      continue
    }
    const critical = daysAfter > CRITICAL_AFTER_DAYS
    const severity: Severity = critical ? 'critical' : 'high'
    const who = c.userLogin ?? c.userId
    const whose =
      applies.source === 'partner' ? `partner ${c.partnerId}'s contract` : 'own contract'
    out.push({
      detector: DETECTOR_ID,
      severity,
      score: critical ? SCORE_CRITICAL : SCORE_BASE,
      org: c.org,
      partnerId: c.partnerId,
      userId: c.userId,
      userLogin: c.userLogin,
      occurredAt: c.published,
      eventIds: [c.uuid],
      summary: `${who} signed in on ${c.localDate}, ${daysAfter} day${daysAfter === 1 ? '' : 's'} after the ${whose} ended (${applies.end})`,
      details: {
        contractEnd: applies.end,
        contractEndSource: applies.source,
        userContractEnd: c.userContractEnd,
        partnerContractEnd: c.partnerContractEnd,
        localDate: c.localDate,
        daysAfterEnd: daysAfter,
        graceDays: grace,
        criticalAfterDays: CRITICAL_AFTER_DAYS,
        directoryStatus: c.directoryStatus,
        network: { ip: c.ip, city: c.city, country: c.country, asn: c.asNumber, asOrg: c.asOrg },
      },
    })
  }
  return out
}
