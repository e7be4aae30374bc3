// Access after deactivation, the pure half. A success while the account is deactivated is critical
// (Okta should have refused it: a session that survived, a token, or a log the directory
// contradicts); while suspended, high. Failures are low: someone is still trying the account.
import type { DetectorContext, FindingDraft, Severity } from '../types.js'
import type { BlockedCandidate } from './queries.js'

export const DETECTOR_ID = 'deactivated-access'

export const SCORES: Readonly<Record<string, { score: number; severity: Severity }>> = {
  'success:deactivate': { score: 95, severity: 'critical' },
  'success:suspend': { score: 80, severity: 'high' },
  'failure:deactivate': { score: 25, severity: 'low' },
  'failure:suspend': { score: 20, severity: 'low' },
}

function hoursBetween(a: Date, b: Date): number {
  return Math.round(((b.getTime() - a.getTime()) / 3.6e6) * 10) / 10
}

export function score(
  candidates: readonly BlockedCandidate[],
  _ctx: DetectorContext,
): FindingDraft[] {
  const out: FindingDraft[] = []
  for (const c of candidates) {
    const action = c.block.action === 'suspend' ? 'suspend' : 'deactivate'
    const level = SCORES[`${c.kind}:${action}`]
    if (!level) {
      continue
    }
    const hours = hoursBetween(c.block.at, c.published)
    const who = c.userLogin ?? c.userId
    const state = action === 'suspend' ? 'suspended' : 'deactivated'
    const since = `${state} ${hours < 48 ? `${hours} h` : `${Math.floor(hours / 24)} days`} earlier`
    const summary =
      c.kind === 'success'
        ? `${who} succeeded (${c.eventType}) while ${state}: ${since}, no reactivation since`
        : `${who} failed to sign in ${c.groupEvents} time${c.groupEvents === 1 ? '' : 's'} today while ${state} (${since}): probing a closed account`
    out.push({
      detector: DETECTOR_ID,
      severity: level.severity,
      score: level.score,
      org: c.org,
      partnerId: c.partnerId,
      userId: c.userId,
      userLogin: c.userLogin,
      occurredAt: c.published,
      eventIds: c.block.uuid ? [c.block.uuid, c.uuid] : [c.uuid],
      summary,
      details: {
        outcome: c.kind,
        eventType: c.eventType,
        sessionId: c.sessionId,
        blockedBy: {
          action,
          at: c.block.at.toISOString(),
          by: c.block.by,
          evidence: c.block.uuid ? 'system log' : 'directory status',
        },
        hoursSinceBlock: hours,
        groupEvents: c.groupEvents,
        network: { ip: c.ip, city: c.city, country: c.country, asn: c.asNumber },
        userAgent: c.userAgent,
      },
    })
  }
  return out
}
