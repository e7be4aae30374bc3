// Dormant account reactivated, the pure half: a success after at least the partner's
// `dormantAfterDays` of silence. Medium on its own (people come back from leave); escalated when it
// comes from a device and a network the account never used before it went quiet, or through an
// anonymiser, since a forgotten account is what credential stuffing finds.
import { severityOf, type DetectorContext, type FindingDraft } from '../types.js'
import type { DormantCandidate } from './queries.js'

export const DETECTOR_ID = 'dormant-reactivated'

export const SCORE_BASE = 50
export const ESCALATION_POINTS: Readonly<Record<string, number>> = {
  newDevice: 15,
  newNetwork: 15,
  anonymizer: 10,
  longDormant: 5,
}
/** Silence this many times the threshold adds `longDormant`. */
export const LONG_DORMANT_FACTOR = 2
const MS_PER_DAY = 86_400_000

const positive = (behaviors: string | null, name: string): boolean =>
  new RegExp(`\\b${name}=POSITIVE\\b`).test(behaviors ?? '')

export function score(
  candidates: readonly DormantCandidate[],
  _ctx: DetectorContext,
): FindingDraft[] {
  const out: FindingDraft[] = []
  for (const c of candidates) {
    const since = c.last?.published ?? laterOf(c.storeStart, c.accountSince)
    const days = Math.floor((c.published.getTime() - since.getTime()) / MS_PER_DAY)
    if (days < c.dormantAfterDays) {
      continue
    }
    const cur = c.current
    const known = c.priorDtHashes.length + c.priorUserAgents.length > 0
    const knownDevice =
      (cur.dtHash !== null && c.priorDtHashes.includes(cur.dtHash)) ||
      (cur.userAgent !== null && c.priorUserAgents.includes(cur.userAgent))
    const escalatedBy: string[] = []
    if (known ? !knownDevice : positive(cur.behaviors, 'New Device')) {
      escalatedBy.push('newDevice')
    }
    if (
      c.priorAsns.length > 0
        ? cur.asNumber !== null && !c.priorAsns.includes(cur.asNumber)
        : positive(cur.behaviors, 'New IP')
    ) {
      escalatedBy.push('newNetwork')
    }
    if (cur.isProxy) {
      escalatedBy.push('anonymizer')
    }
    if (days >= LONG_DORMANT_FACTOR * c.dormantAfterDays) {
      escalatedBy.push('longDormant')
    }
    const total = Math.min(
      100,
      SCORE_BASE + escalatedBy.reduce((s, k) => s + (ESCALATION_POINTS[k] ?? 0), 0),
    )
    const severity = severityOf(total)
    const who = c.userLogin ?? c.userId
    const where = cur.city ?? cur.country ?? cur.ip ?? 'unknown'
    out.push({
      detector: DETECTOR_ID,
      severity,
      score: total,
      org: c.org,
      partnerId: c.partnerId,
      userId: c.userId,
      userLogin: c.userLogin,
      occurredAt: c.published,
      eventIds: c.last ? [c.last.uuid, c.uuid] : [c.uuid],
      summary: `${who} signed in from ${where} after ${days} days without activity (dormant after ${c.dormantAfterDays})${escalatedBy.length > 0 ? `: ${escalatedBy.join(', ')}` : ''}`,
      details: {
        silentDays: days,
        dormantAfterDays: c.dormantAfterDays,
        lastActivity: c.last
          ? { uuid: c.last.uuid, at: c.last.published.toISOString(), eventType: c.last.eventType }
          : null,
        silentSince: c.last ? 'last activity' : 'start of the stored log or activation',
        network: {
          ip: cur.ip,
          city: cur.city,
          country: cur.country,
          asn: cur.asNumber,
          asOrg: cur.asOrg,
        },
        device: { dtHash: cur.dtHash, userAgent: cur.userAgent },
        baseline: {
          devices: c.priorDtHashes.length,
          userAgents: c.priorUserAgents.length,
          asns: c.priorAsns,
        },
        escalatedBy,
      },
    })
  }
  return out
}

function laterOf(a: Date, b: Date | null): Date {
  return b !== null && b.getTime() > a.getTime() ? b : a
}
