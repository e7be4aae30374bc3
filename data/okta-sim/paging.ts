// Link-header paging shared by every list endpoint: absolute `self` and `next` URLs on the server's
// own host, sent as separate `link` header lines, and `after`-cursor pages of directory lists.
import { validationFailed } from './errors.js'
import type { SimRequest, SimResponse } from './types.js'

/** Query text with spaces as %20, as Okta writes its links (URLSearchParams would write `+`). */
function queryText(query: URLSearchParams): string {
  return query.toString().replace(/\+/g, '%20')
}

export function selfUrl(req: SimRequest): string {
  const search = queryText(req.query)
  return `${req.baseUrl}${req.path}${search ? `?${search}` : ''}`
}

/** The request's URL with `since` and `after` dropped and `after` set to the cursor. */
export function nextUrl(req: SimRequest, after: string): string {
  const query = new URLSearchParams(req.query)
  query.delete('since')
  query.delete('after')
  query.set('after', after)
  return `${req.baseUrl}${req.path}?${queryText(query)}`
}

export function linkHeaders(req: SimRequest, after: string | undefined): string[] {
  const links = [`<${selfUrl(req)}>; rel="self"`]
  if (after !== undefined) {
    links.push(`<${nextUrl(req, after)}>; rel="next"`)
  }
  return links
}

/** A JSON array answer with its link headers. */
export function listResponse(req: SimRequest, items: readonly unknown[], after?: string) {
  return {
    status: 200,
    body: JSON.stringify(items),
    headers: { link: linkHeaders(req, after) },
  } satisfies SimResponse
}

/**
 * The `limit` parameter: absent → fallback; not a whole number → 400 E0000001; above max →
 * clamped to max (directory lists) or 400 (when `rejectAboveMax`, as /logs does).
 */
export function readLimit(
  query: URLSearchParams,
  fallback: number,
  max: number,
  rejectAboveMax = false,
): number {
  const raw = query.get('limit')
  if (raw === null || raw === '') {
    return fallback
  }
  if (!/^\d+$/.test(raw)) {
    throw validationFailed(`limit: must be a whole number between 0 and ${max}`)
  }
  const n = Number(raw)
  if (n > max && rejectAboveMax) {
    throw validationFailed(`limit: must be between 0 and ${max}`)
  }
  return Math.min(n, max)
}

/**
 * One page of a list sorted by a unique string key, starting after the `after` key. `next` is the
 * cursor for the following page, present only while items remain.
 */
export function pageAfter<T>(
  items: readonly T[],
  key: (item: T) => string,
  after: string | null,
  limit: number,
): { page: T[]; next: string | undefined } {
  const sorted = [...items].sort((a, b) => compareKeys(key(a), key(b)))
  const start = after === null ? 0 : sorted.findIndex((item) => compareKeys(key(item), after) > 0)
  const rest = start < 0 ? [] : sorted.slice(start)
  const page = rest.slice(0, limit)
  const last = page[page.length - 1]
  return { page, next: rest.length > page.length && last !== undefined ? key(last) : undefined }
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** The standard directory list: `limit` + `after` paging over items keyed by id. */
export function pagedList<T>(
  req: SimRequest,
  items: readonly T[],
  key: (item: T) => string,
  limits: { fallback: number; max: number },
  render: (item: T) => unknown,
): SimResponse {
  const limit = readLimit(req.query, limits.fallback, limits.max)
  const { page, next } = pageAfter(items, key, req.query.get('after'), limit)
  return listResponse(req, page.map(render), next)
}
