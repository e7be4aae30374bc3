// startOktaSim: a simulated Okta org on 127.0.0.1 serving a scenario folder (events.ndjson and
// directory.json) with Okta's API rules, so the real @okta/okta-sdk-nodejs can talk to it.
import { createServer, type Server } from 'node:http'
import { open } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { systemClock, type Clock } from '../../lib/clock.js'
import { SCENARIO_FILES, type OktaLogEvent, type OktaUser } from '../scenario/types.js'
import { Authenticator } from './auth.js'
import { DirectoryState } from './directory-state.js'
import { indexEventFile } from './event-index.js'
import { EventStore } from './event-store.js'
import { faultLookup } from './faults.js'
import { assignPersistence } from './persistence.js'
import { createPipeline } from './pipeline.js'
import { DEFAULT_RATE_LIMITS, RateLimiter } from './rate-limit.js'
import { allRoutes } from './routes.js'
import { createRouter } from './router.js'
import { adminPrincipal, checkOptions, type OktaSimOptions } from './sim-options.js'
import { visibleEvents, type VisibleEvent } from './visible-events.js'
import type { SimContext } from './types.js'

export type { OktaSimOptions } from './sim-options.js'
export type { Family } from './types.js'
export type { FaultAction, FaultPlan } from './faults.js'
export type { VisibleEvent } from './visible-events.js'

export interface OktaSim {
  /** `http://127.0.0.1:PORT`, the orgUrl to give the SDK. */
  url: string
  port: number
  /** The SSWS API token the sim accepts. */
  token: string
  clock: Clock
  /** Requests received so far (every request counts, faulted ones included). */
  readonly requestCount: number
  /** How the events file was indexed. */
  stats: { events: number; lateEvents: number; indexMs: number; reordered: boolean }
  /** Uuids of every event sent in a complete /logs response so far. */
  servedUuids(): Set<string>
  /** Every event visible now (persisted, inside 90-day retention), in polling order. */
  visibleEvents(): Promise<VisibleEvent[]>
  /**
   * Adds a live event to the log, visible from `persistedAt` (default: now by the sim's clock). A
   * `persistedAt` before a cursor already handed out is never seen by that poller (a lost event).
   */
  appendEvent(event: OktaLogEvent, options?: { persistedAt?: Date }): void
  /** The current state of a user (lifecycle calls change it), by id or login. */
  getUser(idOrLogin: string): OktaUser | undefined
  close(): Promise<void>
}

export async function startOktaSim(options: OktaSimOptions): Promise<OktaSim> {
  checkOptions(options)
  const faults = faultLookup(options.faults)
  const clock = options.clock ?? systemClock
  const token = options.token ?? 'sim-token'
  const eventsPath = join(options.scenarioDir, SCENARIO_FILES.events)
  const started = performance.now()
  const index = await indexEventFile(eventsPath)
  const indexMs = Math.round(performance.now() - started)
  const directory = await DirectoryState.load(join(options.scenarioDir, SCENARIO_FILES.directory))
  const startMs = clock.now().getTime()
  const persistence = assignPersistence(index.publishedMs, {
    startMs,
    seed: options.seed ?? 1,
    lateFraction: options.lateFraction ?? 0,
    lateDelayMs: [
      (options.lateDelaySeconds?.[0] ?? 2) * 1000,
      (options.lateDelaySeconds?.[1] ?? 10) * 1000,
    ],
  })
  const fh = await open(eventsPath, 'r')
  const events = new EventStore(index, persistence, fh)
  const ctx: SimContext = {
    clock,
    events,
    directory,
    maxScan: options.maxScan ?? 50_000,
    appendEvent(event, persistedAt) {
      const publishedMs = Date.parse(event.published)
      if (typeof event.uuid !== 'string' || !Number.isFinite(publishedMs)) {
        throw new TypeError('appendEvent: the event needs a uuid and an ISO published instant')
      }
      events.append(JSON.stringify(event), publishedMs, (persistedAt ?? clock.now()).getTime())
    },
  }
  const admin = adminPrincipal(directory)
  const auth = new Authenticator(token, admin)
  const served = new Set<string>()
  const closing = new AbortController()
  let requestCount = 0
  const server: Server = createServer(
    createPipeline({
      clock,
      faults,
      auth,
      limiter: new RateLimiter({ ...DEFAULT_RATE_LIMITS, ...options.rateLimits }),
      route: createRouter(allRoutes(options.oauth, auth)),
      ctx,
      countRequest: () => ++requestCount,
      onServed: (uuids) => uuids.forEach((u) => served.add(u)),
      onError: options.onError ?? (() => undefined),
      signal: closing.signal,
    }),
  )
  await listen(server, options.port ?? 0)
  const port = (server.address() as AddressInfo).port
  let closed: Promise<void> | undefined
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    token,
    clock,
    get requestCount() {
      return requestCount
    },
    stats: {
      events: index.count,
      lateEvents: persistence.lateCount,
      indexMs,
      reordered: index.reordered,
    },
    servedUuids: () => new Set(served),
    visibleEvents: () => visibleEvents(events, clock.now().getTime()),
    appendEvent: (event, opts) => ctx.appendEvent(event, opts?.persistedAt),
    getUser: (idOrLogin) => {
      const user = directory.findUser(idOrLogin)
      return user && structuredClone(user)
    },
    close() {
      closed ??= (async () => {
        closing.abort()
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeAllConnections()
        })
        await fh.close()
      })()
      return closed
    },
  }
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
}
