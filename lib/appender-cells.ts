// One cell of a DuckDB appender row, by the column's kind: NULL for null, else the value converted
// the way the column stores it. Used by every writer that appends (the directory snapshots, the
// event store's stage), so a value is converted the same way wherever it is appended.
import { dateValue, timestampTZValue, type DuckDBAppender } from '@duckdb/node-api'

export type ColumnKind =
  'varchar' | 'json' | 'timestamptz' | 'date' | 'boolean' | 'integer' | 'bigint'
export type CellValue = string | number | boolean | Date | null

export function appendCell(appender: DuckDBAppender, kind: ColumnKind, value: CellValue): void {
  if (value === null) {
    appender.appendNull()
    return
  }
  switch (kind) {
    case 'varchar':
    case 'json':
      appender.appendVarchar(String(value))
      return
    case 'boolean':
      appender.appendBoolean(value === true)
      return
    case 'integer':
      appender.appendInteger(Number(value))
      return
    case 'bigint':
      appender.appendBigInt(BigInt(Number(value)))
      return
    case 'timestamptz':
      appender.appendTimestampTZ(timestampTZValue(BigInt(toDate(value).getTime()) * 1000n))
      return
    case 'date':
      appender.appendDate(dateValue(Math.floor(toDate(value).getTime() / 86_400_000)))
      return
  }
}

function toDate(value: Exclude<CellValue, null>): Date {
  if (value instanceof Date) {
    return value
  }
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? new Date(`${value}T00:00:00Z`)
    : new Date(String(value))
}
