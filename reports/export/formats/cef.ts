// ArcSight CEF (reference §3.1). Header fields escape `\` and `|` and never hold a line break;
// extension values escape `\` and `=` and write CR/LF as `\r`/`\n`, pipes left as they are. Keys are
// fixed here. The last pair is always the sequence number (digits), so a trailing space that a
// parser would trim never ends the line.
import type { EventRow, FindingRow } from '../rows.js'
import { outcomeWord, isIpv4 } from './fields.js'
import { cefSeverity, findingSeverityId, oktaSeverityId } from './severity.js'

export const CEF_VENDOR = 'Okta'
export const CEF_PRODUCT = 'System Log'
export const CEF_FINDING_VENDOR = 'partnerwatch'
export const CEF_FINDING_PRODUCT = 'partnerwatch'
export const CEF_DEVICE_VERSION = '1'

const HEADER_SPECIAL = /[\\|\r\n]/
const VALUE_SPECIAL = /[\\=\r\n]/

export function cefHeaderEscape(value: string): string {
  if (!HEADER_SPECIAL.test(value)) {
    return value
  }
  return value.replace(/[\\|]/g, (c) => `\\${c}`).replace(/\r\n|[\r\n]/g, ' ')
}

export function cefValueEscape(value: string): string {
  if (!VALUE_SPECIAL.test(value)) {
    return value
  }
  return value.replace(/[\\=\r\n]/g, (c) =>
    c === '\\' ? '\\\\' : c === '=' ? '\\=' : c === '\r' ? '\\r' : '\\n',
  )
}

export type CefPair = readonly [key: string, value: string | number | null | undefined]

/** ` key=value` (the value escaped), or '' when the value is null, undefined or empty. */
function pair(key: string, value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') {
    return ''
  }
  return ` ${key}=${typeof value === 'number' ? value : cefValueEscape(value)}`
}

export function cefLine(
  header: readonly [
    vendor: string,
    product: string,
    version: string,
    classId: string,
    name: string,
  ],
  severity: number,
  pairs: readonly CefPair[],
): string {
  let ext = ''
  for (const [key, value] of pairs) {
    ext += pair(key, value)
  }
  return `CEF:0|${header.map(cefHeaderEscape).join('|')}|${severity}|${ext.slice(1)}`
}

/** The event fields a CEF (and syslog) record reads. */
export const CEF_EVENT_FIELDS = [
  'seq',
  'uuid',
  'org',
  'publishedMs',
  'eventType',
  'severity',
  'displayMessage',
  'outcomeResult',
  'outcomeReason',
  'actorId',
  'actorLogin',
  'clientIp',
  'userAgent',
  'city',
  'state',
  'country',
  'sessionId',
  'transactionId',
  'targetUserId',
  'targetUserLogin',
  'partnerId',
] as const satisfies readonly (keyof EventRow)[]

export type CefEventRow = Pick<EventRow, (typeof CEF_EVENT_FIELDS)[number]>

const label = (name: string, value: string | null): string | null =>
  value === null || value === '' ? null : name

const EVENT_HEADER = `CEF:0|${[CEF_VENDOR, CEF_PRODUCT, CEF_DEVICE_VERSION].map(cefHeaderEscape).join('|')}|`

/** Built by concatenation, not through `cefLine`: at a million events a row's cost is what counts. */
export function cefEvent(r: CefEventRow): string {
  const eventType = r.eventType ?? 'unknown'
  const ip = r.clientIp
  const v4 = ip !== null && isIpv4(ip)
  const place =
    r.city !== null || r.country !== null
      ? [r.city, r.state, r.country].filter((p) => p !== null).join(', ')
      : null
  return (
    `${EVENT_HEADER}${cefHeaderEscape(eventType)}|${cefHeaderEscape(r.displayMessage ?? eventType)}|` +
    `${cefSeverity(oktaSeverityId(r.severity))}|rt=${r.publishedMs}` +
    pair('externalId', r.uuid) +
    pair('act', r.eventType) +
    pair('outcome', outcomeWord(r.outcomeResult)) +
    pair('reason', r.outcomeReason) +
    pair('suser', r.actorLogin) +
    pair('suid', r.actorId) +
    (v4 ? pair('src', ip) : pair('c6a1', ip) + pair('c6a1Label', label('clientIp', ip))) +
    pair('duser', r.targetUserLogin) +
    pair('duid', r.targetUserId) +
    pair('requestClientApplication', r.userAgent) +
    pair('msg', r.displayMessage) +
    pair('cs1Label', label('partnerId', r.partnerId)) +
    pair('cs1', r.partnerId) +
    ' cs2Label=oktaOrg' +
    pair('cs2', r.org) +
    pair('cs3Label', label('externalSessionId', r.sessionId)) +
    pair('cs3', r.sessionId) +
    pair('cs4Label', label('transactionId', r.transactionId)) +
    pair('cs4', r.transactionId) +
    pair('cs5Label', label('location', place)) +
    pair('cs5', place) +
    ` cn1Label=ingestSeq cn1=${r.seq}`
  )
}

export function cefFinding(f: FindingRow): string {
  return cefLine(
    [CEF_FINDING_VENDOR, CEF_FINDING_PRODUCT, CEF_DEVICE_VERSION, f.detector, f.summary],
    cefSeverity(findingSeverityId(f.severity)),
    [
      ['rt', f.occurredMs],
      ['externalId', f.id],
      ['cat', f.detector],
      ['suser', f.userLogin],
      ['suid', f.userId],
      ['msg', f.summary],
      ['cs1Label', f.partnerId === null ? null : 'partnerId'],
      ['cs1', f.partnerId],
      ['cs2Label', 'oktaOrg'],
      ['cs2', f.org],
      ['cs3Label', 'status'],
      ['cs3', f.status],
      ['cs4Label', 'evidenceEventIds'],
      ['cs4', f.eventIds.join(',')],
      ['cn2Label', 'score'],
      ['cn2', f.score],
      ['cn1Label', 'findingSeq'],
      ['cn1', f.seq.toString()],
    ],
  )
}
