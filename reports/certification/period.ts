// A certification period: a calendar quarter written `2026-Q4`, as UTC instants.
import { InputInvalid } from '../../lib/errors.js'

export const PERIOD_PATTERN = '^\\d{4}-Q[1-4]$'

export interface Period {
  label: string
  start: Date
  endExclusive: Date
}

/** `2026-Q4` → 2026-10-01T00:00Z … 2027-01-01T00:00Z (exclusive). */
export function parsePeriod(label: string, where = 'period'): Period {
  const m = /^(\d{4})-Q([1-4])$/.exec(label)
  if (!m) {
    throw new InputInvalid(where, `must be a quarter such as 2026-Q4, got ${JSON.stringify(label)}`)
  }
  const year = Number(m[1])
  const quarter = Number(m[2])
  const start = new Date(Date.UTC(year, (quarter - 1) * 3, 1))
  const endExclusive = new Date(Date.UTC(year, quarter * 3, 1))
  return { label, start, endExclusive }
}

/** The quarter after `label`: `2026-Q4` → `2027-Q1`. */
export function nextPeriod(label: string): string {
  const p = parsePeriod(label)
  const year = p.endExclusive.getUTCFullYear()
  const quarter = Math.floor(p.endExclusive.getUTCMonth() / 3) + 1
  return `${year}-Q${quarter}`
}
