// IBM QRadar LEEF 2.0 (reference §3.2) with the declared delimiter `^`. LEEF has no escaping, so a
// value loses the delimiter, CR and LF (each becomes a space), and a header field loses `|` too.
// `devTime` is epoch ms (13 digits: no devTimeFormat needed); the uuid is the custom `externalId`.
import type { EventRow, FindingRow } from '../rows.js'
import { findingSeverityId, leefSeverity, oktaSeverityId } from './severity.js'
import { outcomeWord } from './fields.js'

export const LEEF_DELIMITER = '^'

export function leefHeaderClean(value: string): string {
  return value.replace(/[|^\r\n]/g, ' ')
}

export function leefValueClean(value: string): string {
  return value.replace(/[\^\r\n]/g, ' ')
}

export type LeefPair = readonly [key: string, value: string | number | null | undefined]

export function leefLine(
  header: readonly [vendor: string, product: string, version: string, eventId: string],
  pairs: readonly LeefPair[],
): string {
  const attrs: string[] = []
  for (const [key, value] of pairs) {
    if (value !== null && value !== undefined && value !== '') {
      attrs.push(`${key}=${leefValueClean(String(value))}`)
    }
  }
  return `LEEF:2.0|${header.map(leefHeaderClean).join('|')}|${LEEF_DELIMITER}|${attrs.join(LEEF_DELIMITER)}`
}

export function leefEvent(r: EventRow): string {
  return leefLine(
    ['Okta', 'System Log', '1', (r.eventType ?? 'unknown').slice(0, 255)],
    [
      ['devTime', r.publishedMs],
      ['externalId', r.uuid],
      ['cat', r.eventType],
      ['sev', leefSeverity(oktaSeverityId(r.severity))],
      ['outcome', outcomeWord(r.outcomeResult)],
      ['reason', r.outcomeReason],
      ['usrName', r.actorLogin?.slice(0, 255)],
      ['accountName', r.actorName?.slice(0, 255)],
      ['userId', r.actorId],
      ['src', r.clientIp],
      ['targetUser', r.targetUserLogin],
      ['targetUserId', r.targetUserId],
      ['userAgent', r.userAgent],
      ['msg', r.displayMessage],
      ['partnerId', r.partnerId],
      ['oktaOrg', r.org],
      ['sessionId', r.sessionId],
      ['transactionId', r.transactionId],
      ['ingestSeq', r.seq.toString()],
    ],
  )
}

export function leefFinding(f: FindingRow): string {
  return leefLine(
    ['partnerwatch', 'partnerwatch', '1', f.detector.slice(0, 255)],
    [
      ['devTime', f.occurredMs],
      ['externalId', f.id],
      ['cat', f.detector],
      ['sev', leefSeverity(findingSeverityId(f.severity))],
      ['usrName', f.userLogin?.slice(0, 255)],
      ['userId', f.userId],
      ['msg', f.summary],
      ['score', f.score],
      ['status', f.status],
      ['partnerId', f.partnerId],
      ['oktaOrg', f.org],
      ['evidenceEventIds', f.eventIds.join(',')],
      ['findingSeq', f.seq.toString()],
    ],
  )
}
