// The `search`, `filter` and `q` parameters of directory lists.
import { SimHttpError } from './errors.js'
import { FilterSyntaxError, parseFilter, type FilterNode } from './filter.js'
import { matchesFilter } from './filter-eval.js'

/** Okta answers a search it cannot read with E0000031; the cause says what was wrong. */
export function readSearch(query: URLSearchParams): FilterNode | undefined {
  const search = query.get('search')
  const filter = query.get('filter')
  const nodes: FilterNode[] = []
  for (const text of [search, filter]) {
    if (text === null || text.trim() === '') {
      continue
    }
    try {
      nodes.push(parseFilter(text))
    } catch (err) {
      if (err instanceof FilterSyntaxError) {
        throw new SimHttpError(400, 'E0000031', 'Invalid search criteria.', [err.message])
      }
      throw err
    }
  }
  const [first, second] = nodes
  if (!first) {
    return undefined
  }
  return second ? { kind: 'and', left: first, right: second } : first
}

export function applySearch<T>(items: readonly T[], node: FilterNode | undefined): T[] {
  return node ? items.filter((item) => matchesFilter(node, item)) : [...items]
}

/** `q`: a case-insensitive prefix of any of the given fields. */
export function prefixMatch(q: string, fields: readonly (string | null | undefined)[]): boolean {
  const needle = q.toLowerCase()
  return fields.some((f) => typeof f === 'string' && f.toLowerCase().startsWith(needle))
}
