// ArcSight CEF (reference §3.1). Header fields escape `\` and `|` and never hold a line break;
// extension values escape `\` and `=` and write CR/LF as `\r`/`\n`, pipes left as they are. Keys are
// fixed here. The last pair is always the sequence number (digits), so a trailing space that a
// parser would trim never ends the line. Events use the same layout, built in SQL (cef-queries.ts).
import type { FindingRow } from '../rows.js'
import { cefSeverity, findingSeverityId } from './severity.js'

export const CEF_VENDOR = 'Okta'
export const CEF_PRODUCT = 'System Log'
export const CEF_FINDING_VENDOR = 'partnerwatch'
export const CEF_FINDING_PRODUCT = 'partnerwatch'
export const CEF_DEVICE_VERSION = '1'

export function cefHeaderEscape(value: string): string {
  return value.replace(/[\\|]/g, (c) => `\\${c}`).replace(/\r\n|[\r\n]/g, ' ')
}

export function cefValueEscape(value: string): string {
  return value.replace(/[\\=\r\n]/g, (c) =>
    c === '\\' ? '\\\\' : c === '=' ? '\\=' : c === '\r' ? '\\r' : '\\n',
  )
}

export type CefPair = readonly [key: string, value: string | number | null | undefined]

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
  let line = `CEF:0|${header.map(cefHeaderEscape).join('|')}|${severity}|`
  let first = true
  for (const [key, value] of pairs) {
    if (value === null || value === undefined || value === '') {
      continue
    }
    line += `${first ? '' : ' '}${key}=${cefValueEscape(String(value))}`
    first = false
  }
  return line
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
