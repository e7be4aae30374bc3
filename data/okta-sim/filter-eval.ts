// Evaluates a parsed SCIM filter against a JSON object. A dotted path descends objects and fans out
// over arrays (`target.id eq "…"` matches when any target has that id). String comparisons ignore
// case; ordering operators compare ISO instants as instants, numbers as numbers.
import type { CompareOp, FilterNode, FilterValue } from './filter.js'

export function matchesFilter(node: FilterNode, subject: unknown): boolean {
  switch (node.kind) {
    case 'and':
      return matchesFilter(node.left, subject) && matchesFilter(node.right, subject)
    case 'or':
      return matchesFilter(node.left, subject) || matchesFilter(node.right, subject)
    case 'not':
      return !matchesFilter(node.operand, subject)
    case 'present':
      return valuesAt(subject, node.path).some((v) => v !== null && v !== undefined && v !== '')
    case 'compare': {
      const values = valuesAt(subject, node.path)
      if (node.op === 'ne') {
        return !values.some((v) => compare(v, 'eq', node.value))
      }
      return values.some((v) => compare(v, node.op, node.value))
    }
  }
}

/** The leaf values at a dotted path; arrays on the way are flattened. */
export function valuesAt(subject: unknown, path: string): unknown[] {
  let current: unknown[] = [subject]
  for (const key of path.split('.')) {
    const next: unknown[] = []
    for (const value of current) {
      const items = Array.isArray(value) ? value : [value]
      for (const item of items) {
        if (typeof item === 'object' && item !== null && key in item) {
          next.push((item as Record<string, unknown>)[key])
        }
      }
    }
    current = next
  }
  return current.flatMap((v) => (Array.isArray(v) ? v : [v]))
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/

function compare(actual: unknown, op: CompareOp, expected: FilterValue): boolean {
  if (expected === null) {
    return op === 'eq' && actual === null
  }
  if (typeof expected === 'boolean') {
    return op === 'eq' && actual === expected
  }
  if (typeof expected === 'number') {
    return typeof actual === 'number' && ordered(actual - expected, op)
  }
  if (typeof actual !== 'string' && typeof actual !== 'number' && typeof actual !== 'boolean') {
    return false
  }
  const a = String(actual).toLowerCase()
  const e = expected.toLowerCase()
  switch (op) {
    case 'co':
      return a.includes(e)
    case 'sw':
      return a.startsWith(e)
    case 'ew':
      return a.endsWith(e)
    case 'eq':
    case 'ne':
      return a === e
    default:
      if (ISO_INSTANT.test(a.toUpperCase()) && ISO_INSTANT.test(e.toUpperCase())) {
        return ordered(Date.parse(a.toUpperCase()) - Date.parse(e.toUpperCase()), op)
      }
      return ordered(a < e ? -1 : a > e ? 1 : 0, op)
  }
}

function ordered(diff: number, op: CompareOp): boolean {
  switch (op) {
    case 'gt':
      return diff > 0
    case 'ge':
      return diff >= 0
    case 'lt':
      return diff < 0
    case 'le':
      return diff <= 0
    case 'eq':
      return diff === 0
    case 'ne':
      return diff !== 0
    default:
      return false
  }
}
