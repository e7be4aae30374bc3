// The shapes shared by the server, its routes and the test helpers.
import type { IncomingHttpHeaders } from 'node:http'
import type { Clock } from '../../lib/clock.js'
import type { OktaLogEvent } from '../scenario/types.js'
import type { DirectoryState } from './directory-state.js'
import type { EventStore } from './event-store.js'

/** Rate-limit buckets, one per endpoint family (okta-api.md §2). */
export type Family = 'logs' | 'users' | 'groups' | 'apps' | 'idps' | 'other'

export const FAMILIES: readonly Family[] = ['logs', 'users', 'groups', 'apps', 'idps', 'other']

/** Who a request acts as: the admin behind the API token (or the OAuth service app). */
export interface Principal {
  id: string
  type: 'User' | 'PublicClientApp'
  alternateId: string
  displayName: string
  /** OAuth scopes granted; undefined for an SSWS token (which may do everything). */
  scopes?: readonly string[]
  tokenId: string
}

export interface SimRequest {
  method: string
  /** Normalised: repeated slashes collapsed, no trailing slash. */
  path: string
  query: URLSearchParams
  /** Values of the `:name` segments of the matched route. */
  params: Readonly<Record<string, string>>
  headers: IncomingHttpHeaders
  body: string
  /** `http://host:port` as the client addressed the server, for absolute links. */
  baseUrl: string
  now: Date
  principal: Principal
  /** The X-Okta-Request-Id this request is answered with. */
  requestId: string
}

export interface SimResponse {
  status: number
  body?: string
  headers?: Readonly<Record<string, string | readonly string[]>>
  /** Uuids of the events in the body; recorded as served once the body is fully sent. */
  servedUuids?: readonly string[]
}

/** What routes work on. */
export interface SimContext {
  clock: Clock
  events: EventStore
  directory: DirectoryState
  /** Adds an event to the log, visible from `persistedAt` (default: now). */
  appendEvent(event: OktaLogEvent, persistedAt?: Date): void
  /** The most events one /logs request examines before it answers with what it found. */
  maxScan: number
}

export interface Route {
  method: 'GET' | 'POST' | 'DELETE'
  /** Segments; `:name` captures one segment. */
  pattern: string
  /** Needed when the caller is an OAuth service app. */
  scope?: string
  handle(req: SimRequest, ctx: SimContext): Promise<SimResponse> | SimResponse
}
