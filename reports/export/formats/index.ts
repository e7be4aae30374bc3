// The export formats: how one row becomes one record, per stream, and what the body is called.
// Text formats write one record per line (syslog with octet counting: one frame per record); the
// bulk formats (Arrow IPC stream, Parquet) are built in bulk.ts.
import type { EventRow, FindingRow } from '../rows.js'
import { cefEvent, cefFinding, type CefEventRow } from './cef.js'
import { ecsEvent, ecsFinding } from './ecs.js'
import { findingJson } from './finding-json.js'
import { hecEvent, hecFinding } from './hec.js'
import { leefEvent, leefFinding } from './leef.js'
import { ocsfFinding } from './ocsf.js'
import { ocsfEvent } from './ocsf-event.js'
import { frame, syslogEvent, syslogFinding, type SyslogFraming } from './syslog.js'

export const TEXT_FORMATS = ['ndjson', 'cef', 'leef', 'ocsf', 'ecs', 'hec', 'syslog'] as const
export const BULK_FORMATS = ['arrow', 'parquet'] as const
export const EXPORT_FORMATS = [...TEXT_FORMATS, ...BULK_FORMATS] as const
export type TextFormat = (typeof TEXT_FORMATS)[number]
export type BulkFormat = (typeof BULK_FORMATS)[number]
export type ExportFormat = TextFormat | BulkFormat

export const CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  ndjson: 'application/x-ndjson',
  cef: 'text/plain; charset=utf-8',
  leef: 'text/plain; charset=utf-8',
  ocsf: 'application/x-ndjson',
  ecs: 'application/x-ndjson',
  hec: 'application/x-ndjson',
  syslog: 'text/plain; charset=utf-8',
  arrow: 'application/vnd.apache.arrow.stream',
  parquet: 'application/vnd.apache.parquet',
}

export function isBulkFormat(format: ExportFormat): format is BulkFormat {
  return (BULK_FORMATS as readonly string[]).includes(format)
}

/** Whether the format passes the stored raw event through (so the query must read `raw`). */
export function needsRaw(format: ExportFormat): boolean {
  return format === 'ndjson' || format === 'hec' || isBulkFormat(format)
}

/** Event formats that read the whole row; CEF and syslog read the CEF fields only. */
export type JsEventFormat = Exclude<TextFormat, 'cef' | 'syslog'>
export type CefEventFormat = Extract<TextFormat, 'cef' | 'syslog'>

export function isCefEventFormat(format: TextFormat): format is CefEventFormat {
  return format === 'cef' || format === 'syslog'
}

const EVENT_RECORD: Readonly<Record<JsEventFormat, (r: EventRow) => string>> = {
  ndjson: (r) => r.raw,
  leef: leefEvent,
  ocsf: ocsfEvent,
  ecs: ecsEvent,
  hec: hecEvent,
}

const FINDING_RECORD: Readonly<Record<Exclude<TextFormat, 'syslog'>, (f: FindingRow) => string>> = {
  ndjson: (f) => JSON.stringify(findingJson(f)),
  cef: cefFinding,
  leef: leefFinding,
  ocsf: ocsfFinding,
  ecs: ecsFinding,
  hec: hecFinding,
}

/** One event as its record, as a line. */
export function eventFormatter(format: JsEventFormat): (r: EventRow) => string {
  const record = EVENT_RECORD[format]
  return (r) => `${record(r)}\n`
}

/** One event as a CEF line or a framed syslog message, from the CEF fields. */
export function cefEventFormatter(
  format: CefEventFormat,
  framing: SyslogFraming,
): (r: CefEventRow) => string {
  return format === 'cef' ? (r) => `${cefEvent(r)}\n` : (r) => frame(syslogEvent(r), framing)
}

export function findingFormatter(
  format: TextFormat,
  framing: SyslogFraming,
): (f: FindingRow) => string {
  if (format === 'syslog') {
    return (f) => frame(syslogFinding(f), framing)
  }
  const record = FINDING_RECORD[format]
  return (f) => `${record(f)}\n`
}
