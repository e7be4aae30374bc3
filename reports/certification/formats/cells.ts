// One table cell as every format writes it: dates as ISO-8601 UTC, lists joined, bigints as numbers.
export type Cell = string | number | boolean | null

export function toCell(v: unknown): Cell {
  if (v === null || v === undefined) {
    return null
  }
  if (v instanceof Date) {
    return v.toISOString()
  }
  if (typeof v === 'bigint') {
    return Number(v)
  }
  if (Array.isArray(v)) {
    return v.map((x) => String(toCell(x) ?? '')).join('; ')
  }
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
    return v
  }
  return JSON.stringify(v)
}

/** For JSON: dates as ISO strings, bigints as numbers, lists kept as lists. */
export function toJsonValue(v: unknown): unknown {
  if (Array.isArray(v)) {
    return v.map(toJsonValue)
  }
  return v instanceof Date || typeof v === 'bigint' ? toCell(v) : v
}
