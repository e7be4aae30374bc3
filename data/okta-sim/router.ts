// Matches a method and a normalised path against the route table.
import type { Route } from './types.js'

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'wrong-method' }
  | { kind: 'none' }

/** Collapses repeated slashes (the SDK sends `//api/v1/…` after a trailing-slash orgUrl). */
export function normalizePath(raw: string): string {
  const collapsed = raw.replace(/\/{2,}/g, '/')
  return collapsed.length > 1 && collapsed.endsWith('/') ? collapsed.slice(0, -1) : collapsed
}

export function createRouter(
  routes: readonly Route[],
): (method: string, path: string) => RouteMatch {
  const compiled = routes.map((route) => ({ route, segments: route.pattern.split('/') }))
  return (method, path) => {
    const parts = path.split('/')
    let pathKnown = false
    for (const { route, segments } of compiled) {
      const params = matchSegments(segments, parts)
      if (!params) {
        continue
      }
      if (route.method === method) {
        return { kind: 'found', route, params }
      }
      pathKnown = true
    }
    return pathKnown ? { kind: 'wrong-method' } : { kind: 'none' }
  }
}

function matchSegments(
  segments: readonly string[],
  parts: readonly string[],
): Record<string, string> | undefined {
  if (segments.length !== parts.length) {
    return undefined
  }
  const params: Record<string, string> = {}
  for (let i = 0; i < segments.length; i += 1) {
    const s = segments[i] ?? ''
    const p = parts[i] ?? ''
    if (s.startsWith(':')) {
      if (p === '') {
        return undefined
      }
      const value = safeDecode(p)
      if (value === undefined) {
        return undefined
      }
      params[s.slice(1)] = value
    } else if (s !== p) {
      return undefined
    }
  }
  return params
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment)
  } catch {
    return undefined
  }
}
