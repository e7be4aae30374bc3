// `partnerwatch serve`: one process that owns the database — an ingest loop per org (each failing
// alone), the detectors after each ingest cycle, directory sync on its interval, and the API. On
// SIGTERM/SIGINT the ingest loops finish the page in flight (its cursor commits with its rows), the
// detectors finish their run, the API drains, and DuckDB closes.
import type { FastifyInstance } from 'fastify'
import type { Clock } from '../../lib/clock.js'
import type { Config } from '../../lib/config.js'
import { openDatabase, type Database } from '../../lib/db.js'
import { errorLine } from '../../lib/errors.js'
import { FAILED_PART, ingestOrg, type OrgIngestResult } from '../../ingest/org-ingest.js'
import { IngestStatusBoard } from '../../ingest/ingest-status.js'
import { buildApp, type ApiRoutes } from '../../api/app.js'
import type { ApiLoggerOptions } from '../../api/logger.js'
import { consoleRoutes, consoleSite } from '../../api/routes/console.js'
import { exportsRoutes } from '../../api/routes/exports.js'
import { certificationRoutes } from '../../api/routes/certification.js'
import { requestSpans } from '../../api/request-spans.js'
import type { CommandEntry } from '../command.js'
import { cliRoutes } from './cli-route.js'
import { startDetectionLoop } from './detect-loop.js'
import { newSecret, removeRuntimeNote, writeRuntimeNote } from './runtime-file.js'

/** During a long backfill, run the detectors at most this often (they also run when caught up). */
export const DETECT_DURING_BACKFILL_MS = 60_000

export interface ServiceOptions {
  config: Readonly<Config>
  clock: Clock
  signal: AbortSignal
  commands: () => Promise<readonly CommandEntry[]>
  logger: ApiLoggerOptions
  /** Extra route modules (exports, certification) mounted under /api/v1. */
  routes?: readonly ApiRoutes[]
  /** Listen here instead of config.server (the demo falls back to a free port). */
  port?: number
  /** Called once the API listens, every org's first cycle caught up (or failed) and detection ran. */
  onReady?: (ready: { url: string; db: Database; app: FastifyInstance }) => Promise<void> | void
  /** Called once the API listens (before ingest catches up). */
  onListening?: (url: string, db: Database) => Promise<void> | void
}

export async function runService(options: ServiceOptions): Promise<number> {
  const { config, clock, signal } = options
  const db = await openDatabase({
    path: config.databasePath,
    settings: { memory_limit: config.databaseMemoryLimit },
  })
  const secret = newSecret()
  const ingestStatus = new IngestStatusBoard(
    clock,
    config.orgs.map((o) => o.name),
  )
  let app: FastifyInstance | undefined
  let detectDb: Database | undefined
  try {
    app = await buildApp({
      db,
      config,
      clock,
      logger: options.logger,
      instrument: requestSpans,
      ingestStatus,
      site: consoleSite(),
      routes: [
        exportsRoutes,
        certificationRoutes,
        consoleRoutes(),
        ...(options.routes ?? []),
        cliRoutes({ secret, config, db, commands: options.commands }),
      ],
    })
    const log = app.log
    const address = await app.listen({
      host: config.server.host,
      port: options.port ?? config.server.port,
    })
    const url = address.replace('[::1]', 'localhost')
    writeRuntimeNote(config.databasePath, { url, pid: process.pid, secret })
    await options.onListening?.(url, db)

    detectDb = await db.session()
    const detection = startDetectionLoop({ db: detectDb, clock, config, log })
    detection.request()

    const stopIngest = new AbortController()
    const stop = (): void => stopIngest.abort()
    signal.addEventListener('abort', stop, { once: true })
    let lastDetectRequest = clock.now().getTime()
    const firstCycles = config.orgs.map((org) => {
      let done: () => void = () => undefined
      const promise = new Promise<void>((resolve) => (done = resolve))
      return { org: org.name, promise, done }
    })
    const ingests = config.orgs.map(async (org, i): Promise<OrgIngestResult> => {
      const first = firstCycles[i]
      const result = await ingestOrg({
        db,
        clock,
        config,
        org,
        mode: {
          kind: 'poll',
          once: false,
          pollIntervalMs: config.ingest.pollIntervalSeconds * 1000,
          bootstrapDays: config.ingest.sinceDays,
        },
        directory: true,
        signal: stopIngest.signal,
        onPage: (page) => {
          ingestStatus.progress(org.name)
          const now = clock.now().getTime()
          if (page.stored > 0 && now - lastDetectRequest >= DETECT_DURING_BACKFILL_MS) {
            lastDetectRequest = now
            detection.request()
          }
        },
        onCycle: async () => {
          ingestStatus.caughtUp(org.name)
          lastDetectRequest = clock.now().getTime()
          detection.request()
          first?.done()
        },
        onDirectory: (d) =>
          log.info(
            { org: org.name, users: d.counts.users, elapsedMs: d.elapsedMs },
            'directory synced',
          ),
        onRetry: (name, e) => log.warn({ org: name, ...e }, `okta request ${e.kind}`),
        onFailure: (name, f) => {
          ingestStatus.failed(name, f)
          log.error(
            {
              org: name,
              part: f.part,
              failures: f.failures,
              retryInMs: f.retryInMs,
              err: errorLine(f.error),
            },
            `${FAILED_PART[f.part]} of org ${name} failed; trying again in ${Math.round(f.retryInMs / 1000)} s`,
          )
        },
      })
      first?.done()
      if (result.error) {
        ingestStatus.stopped(org.name, result.error)
        log.error(
          { org: org.name, err: errorLine(result.error) },
          `ingest of org ${org.name} stopped`,
        )
      }
      return result
    })

    void Promise.all(firstCycles.map((f) => f.promise)).then(async () => {
      await detection.idle()
      if (!signal.aborted && app) {
        await options.onReady?.({ url, db, app })
      }
    })

    await new Promise<void>((resolve) => {
      if (signal.aborted) {
        resolve()
      }
      signal.addEventListener('abort', () => resolve(), { once: true })
    })
    log.info('stopping: finishing the page in flight')
    stop()
    const results = await Promise.all(ingests)
    await detection.close()
    await app.close()
    app = undefined
    log.info(
      {
        orgs: results.map((r) => ({ org: r.org, requests: r.requests, failed: Boolean(r.error) })),
      },
      'stopped',
    )
    return 0
  } finally {
    await app?.close()
    detectDb?.closeSync()
    removeRuntimeNote(config.databasePath)
    db.closeSync()
  }
}
