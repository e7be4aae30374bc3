// Hash routes (#/queue, #/findings/:id, #/partners/:id, #/users/:id, #/certification[/:id],
// #/audit, #/exports): no server routes needed.
import { useEffect, useState } from 'preact/hooks'

export type Route =
  | { page: 'queue'; partner?: string }
  | { page: 'finding'; id: string }
  | { page: 'partners' }
  | { page: 'partner'; id: string }
  | { page: 'user'; id: string }
  | { page: 'campaigns' }
  | { page: 'campaign'; id: string }
  | { page: 'audit' }
  | { page: 'exports' }

export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#/, '').split('?')
  const [, page, id] = path.split('/')
  const value = id ? decodeURIComponent(id) : ''
  if (page === 'findings' && value) {
    return { page: 'finding', id: value }
  }
  if (page === 'partners') {
    return value ? { page: 'partner', id: value } : { page: 'partners' }
  }
  if (page === 'users' && value) {
    return { page: 'user', id: value }
  }
  if (page === 'certification') {
    return value ? { page: 'campaign', id: value } : { page: 'campaigns' }
  }
  if (page === 'audit' || page === 'exports') {
    return { page }
  }
  const partner = new URLSearchParams(search).get('partner')
  return partner ? { page: 'queue', partner } : { page: 'queue' }
}

export function href(route: Route): string {
  switch (route.page) {
    case 'queue':
      return route.partner ? `#/queue?partner=${encodeURIComponent(route.partner)}` : '#/queue'
    case 'finding':
      return `#/findings/${encodeURIComponent(route.id)}`
    case 'partners':
      return '#/partners'
    case 'partner':
      return `#/partners/${encodeURIComponent(route.id)}`
    case 'user':
      return `#/users/${encodeURIComponent(route.id)}`
    case 'campaigns':
      return '#/certification'
    case 'campaign':
      return `#/certification/${encodeURIComponent(route.id)}`
    case 'audit':
      return '#/audit'
    case 'exports':
      return '#/exports'
  }
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash))
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash))
    addEventListener('hashchange', onChange)
    return () => removeEventListener('hashchange', onChange)
  }, [])
  return route
}
