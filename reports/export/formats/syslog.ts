// RFC 5424 syslog around a CEF payload (reference §3.6): `<PRI>1 TIMESTAMP HOSTNAME APP-NAME - MSGID
// [SD] BOM MSG`. Facility authpriv (10). The structured data element carries the record's stable id
// and sequence number; its values escape `"`, `\` and `]` (line breaks become spaces). Framing: one message per line (`lf`), or
// RFC 6587 octet counting with the length in UTF-8 bytes. SD-ID `partnerwatch@32473` uses the
// documentation enterprise number of RFC 5612; a deployment with its own PEN should change it.
import type { FindingRow } from '../rows.js'
import { cefEvent, cefFinding, type CefEventRow } from './cef.js'
import {
  findingSeverityId,
  oktaSeverityId,
  syslogSeverity,
  type OcsfSeverityId,
} from './severity.js'
import { isoMs } from './fields.js'

export const SYSLOG_FACILITY_AUTHPRIV = 10
export const SYSLOG_SD_ID = 'partnerwatch@32473'
export const SYSLOG_APP_NAME = 'partnerwatch'
const BOM = '\uFEFF'

export type SyslogFraming = 'lf' | 'octet-counting'

/** Escapes `"`, `\` and `]`; a line break (legal in RFC 5424, fatal to LF framing) becomes a space. */
export function sdValueEscape(value: string): string {
  return value.replace(/["\\\]]/g, (c) => `\\${c}`).replace(/\r\n|[\r\n]/g, ' ')
}

/**
 * A header field, at most `max` long, or the NILVALUE `-`. RFC 5424 allows any printable US-ASCII;
 * only letters, digits and `. _ : @ / + -` are kept, since common parsers trip on `\`, `"`, `[`, `]`.
 */
export function headerToken(value: string | null, max: number): string {
  const clean = (value ?? '').replace(/[^A-Za-z0-9._:@/+-]/g, '').slice(0, max)
  return clean === '' ? '-' : clean
}

function message(
  severityId: OcsfSeverityId,
  timeMs: number,
  host: string,
  msgId: string | null,
  sd: readonly (readonly [string, string | null])[],
  payload: string,
): string {
  const pri = SYSLOG_FACILITY_AUTHPRIV * 8 + syslogSeverity(severityId)
  const params = sd
    .filter((p): p is readonly [string, string] => p[1] !== null)
    .map(([k, v]) => ` ${k}="${sdValueEscape(v)}"`)
    .join('')
  return `<${pri}>1 ${isoMs(timeMs)} ${headerToken(host, 255)} ${SYSLOG_APP_NAME} - ${headerToken(msgId, 32)} [${SYSLOG_SD_ID}${params}] ${BOM}${payload}`
}

export function frame(msg: string, framing: SyslogFraming): string {
  return framing === 'lf' ? `${msg}\n` : `${Buffer.byteLength(msg, 'utf8')} ${msg}`
}

/** An event's message (its CEF record as the payload); reads the CEF fields only. */
export function syslogEvent(r: CefEventRow): string {
  return message(
    oktaSeverityId(r.severity),
    r.publishedMs,
    r.org,
    r.eventType,
    [
      ['uid', r.uuid],
      ['seq', r.seq.toString()],
      ['org', r.org],
      ['partner', r.partnerId],
    ],
    cefEvent(r),
  )
}

export function syslogFinding(f: FindingRow): string {
  return message(
    findingSeverityId(f.severity),
    f.occurredMs,
    f.org,
    f.detector,
    [
      ['uid', f.id],
      ['seq', f.seq.toString()],
      ['org', f.org],
      ['partner', f.partnerId],
    ],
    cefFinding(f),
  )
}
