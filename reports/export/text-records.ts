// How a piece of events becomes bytes: each row's JSON array text (`event-array-queries.ts`)
// parsed into a row, formatted as a record, and packed into UTF-8 bytes. The same code runs on the
// main thread and in the format threads (`format-worker.ts`); nothing here touches DuckDB.
import {
  cefEventFormatter,
  eventFormatter,
  isCefEventFormat,
  type TextFormat,
} from './formats/index.js'
import type { SyslogFraming } from './formats/syslog.js'
import { cefEventRow, fullEventRow } from './event-rows.js'
import { recordBytes } from './record-bytes.js'

/**
 * A piece of events (their JSON array texts) as one body chunk of records (undefined when the piece
 * is empty). CEF and syslog rows hold the CEF fields (`CEF_EVENT_FIELDS`), the others every field.
 * Rows are parsed, formatted and packed one at a time, so what a row allocates dies young.
 */
export function eventRecords(
  format: TextFormat,
  framing: SyslogFraming,
): (texts: readonly string[]) => Buffer | undefined {
  const bytes = recordBytes()
  if (isCefEventFormat(format)) {
    const oneEvent = cefEventFormatter(format, framing)
    return (texts) => {
      for (const text of texts) {
        bytes.add(oneEvent(cefEventRow(text)))
      }
      return bytes.take()
    }
  }
  const oneEvent = eventFormatter(format)
  return (texts) => {
    for (const text of texts) {
      bytes.add(oneEvent(fullEventRow(text)))
    }
    return bytes.take()
  }
}
