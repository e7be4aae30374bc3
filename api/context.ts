// What every route module is given: the API's store, the config, the clock and the settings. Route
// modules mounted later (exports, certification) receive the same object.
import type { Clock } from '../lib/clock.js'
import type { Config } from '../lib/config.js'
import type { Database } from '../lib/db.js'
import type { Authenticator } from './auth/authenticate.js'
import type { ApiStore } from './store.js'
import type { IngestStatusBoard } from '../ingest/ingest-status.js'

export interface ApiSettings {
  /** Requests per token (per IP when there is none) per minute. */
  rateLimitPerMinute: number
  /** Largest request body, bytes. */
  bodyLimitBytes: number
  /** How long a list page may be served from cache before the findings version is checked again; 0: no cache. */
  listCacheMs: number
  /** DuckDB connections for API reads. */
  readConnections: number
}

export const DEFAULT_API_SETTINGS: ApiSettings = {
  rateLimitPerMinute: 600,
  bodyLimitBytes: 64 * 1024,
  listCacheMs: 1000,
  readConnections: 2,
}

export interface ApiContext {
  /** The database handle (for modules that need its primary connection, e.g. streaming exports). */
  db: Database
  /** The API's own connections: reads spread over a few, writes one at a time. */
  store: ApiStore
  config: Readonly<Config>
  clock: Clock
  settings: ApiSettings
  authenticator: Authenticator
  /** The configured partners' ids. */
  partnerIds: readonly string[]
  /** This process's ingest loops (`serve`), for /readyz; absent when it runs none. */
  ingestStatus?: Pick<IngestStatusBoard, 'get' | 'names'>
}
