// Everything one org needs to be ingested: its own client, request executor (rate budget, retries)
// and cursor; several orgs run side by side, each failing alone. A polling loop (`serve`, `ingest`
// without --once) outlives failures: anything but refused credentials or a bad window is reported
// and the pull resumes from its stored cursor after a growing pause, so an Okta outage longer than
// the request retries, or a failed write, does not stop an org for good.
import { setTimeout as sleep } from 'node:timers/promises'
import type { Database } from '../lib/db.js'
import { counters } from '../lib/telemetry.js'
import type { Clock } from '../lib/clock.js'
import type { Config, ResolvedOrg } from '../lib/config.js'
import { createOktaClient } from './okta-client.js'
import { PacingExecutor, type PacingOptions, type RetryEvent } from './pacing-executor.js'
import { createEventStoreQueries } from './event-store-queries.js'
import {
  newPullSummary,
  pullSystemLog,
  type PageProgress,
  type PullMode,
  type PullSummary,
} from './log-pull.js'
import { syncDirectory } from './directory/sync.js'
import type { DirectorySyncSummary } from './directory/types.js'
import { ConfigInvalid, InvalidWindow, OktaAuthFailed, UsageError } from '../lib/errors.js'

/** A polling loop's first pause after a failure; it doubles with each failure in a row. */
export const RESUME_FIRST_MS = 30_000
/** The longest pause between a polling loop's attempts. */
export const RESUME_MAX_MS = 15 * 60_000

/** What retrying cannot mend: bad credentials (retrying them only locks accounts), a bad request. */
function isFatal(err: Error): boolean {
  return (
    err instanceof OktaAuthFailed ||
    err instanceof InvalidWindow ||
    err instanceof UsageError ||
    err instanceof ConfigInvalid
  )
}

/** How a failure's part is named in the lines that report it. */
export const FAILED_PART: Readonly<Record<IngestFailure['part'], string>> = {
  log: 'System Log pull',
  directory: 'directory sync',
}

export interface IngestFailure {
  /** What failed: the System Log pull or the directory sync. */
  part: 'log' | 'directory'
  error: Error
  /** Failures in a row so far. */
  failures: number
  /** When the failed part is tried again. */
  retryInMs: number
}

export interface OrgIngestOptions {
  db: Database
  clock: Clock
  config: Pick<Config, 'ingest'> & Partial<Pick<Config, 'partners' | 'internalDomains'>>
  org: ResolvedOrg
  mode: PullMode
  /** Sync the directory too: once after a --once pull, else at start and every ingest.directorySyncMinutes. */
  directory?: boolean
  signal?: AbortSignal
  onPage?: (progress: PageProgress) => void
  /** Executor overrides (backoff base, jitter source), e.g. for tests. */
  executor?: Partial<Pick<PacingOptions, 'baseBackoffMs' | 'maxBackoffMs' | 'random'>>
  onDirectory?: (summary: DirectorySyncSummary) => void
  /** Called each time a polling cycle has caught up (after a due directory sync), before the wait. */
  onCycle?: () => Promise<void>
  onRetry?: (org: string, event: RetryEvent & { kind: 'retry' | 'pace' }) => void
  /** A polling loop failed and will try again (a one-shot pull returns the error instead). */
  onFailure?: (org: string, failure: IngestFailure) => void
  /** Pauses after failures, for tests (default RESUME_FIRST_MS, RESUME_MAX_MS). */
  resume?: { firstMs: number; maxMs: number }
}

export interface OrgIngestResult {
  org: string
  summary?: PullSummary
  directory?: DirectorySyncSummary
  error?: Error
  requests: number
  retries: number
  rateLimited: number
}

export async function ingestOrg(options: OrgIngestOptions): Promise<OrgIngestResult> {
  const { db, clock, config, org, mode, signal } = options
  const executor = new PacingExecutor({
    share: config.ingest.rateLimitShare,
    maxRetries: config.ingest.maxRetries,
    requestTimeoutMs: config.ingest.requestTimeoutMs,
    ...(signal ? { signal } : {}),
    ...options.executor,
  })
  executor.on('retry', (e: RetryEvent) => {
    counters.retries.add(1, { org: org.name })
    if (/\b429\b/.test(e.reason)) {
      counters.rateLimited.add(1, { org: org.name })
    }
    options.onRetry?.(org.name, { ...e, kind: 'retry' })
  })
  executor.on('pace', (e: RetryEvent) => {
    counters.rateLimited.add(1, { org: org.name })
    options.onRetry?.(org.name, { ...e, kind: 'pace' })
  })
  const client = createOktaClient(org, { requestExecutor: executor })
  const store = await createEventStoreQueries(db, clock)
  let directory: DirectorySyncSummary | undefined
  let nextSyncMs = Number.NEGATIVE_INFINITY
  const looping = mode.kind === 'poll' && !mode.once
  const resume = options.resume ?? { firstMs: RESUME_FIRST_MS, maxMs: RESUME_MAX_MS }
  let logFailures = 0
  const pauseAfter = (failures: number): number =>
    Math.min(resume.maxMs, resume.firstMs * 2 ** (failures - 1))
  let directoryFailures = 0
  const syncDue = async (force: boolean): Promise<void> => {
    const now = clock.now().getTime()
    const everyMs = config.ingest.directorySyncMinutes * 60_000
    if (!options.directory || (!force && now < nextSyncMs)) {
      return
    }
    nextSyncMs = now + everyMs
    try {
      directory = await syncDirectory({
        db,
        client,
        org,
        partners: config.partners ?? [],
        clock,
        ...(config.internalDomains ? { internalDomains: config.internalDomains } : {}),
      })
    } catch (err) {
      // A polling loop keeps pulling the System Log and tries the directory again after the same
      // growing pause as the log's, at most its interval (the failure is recorded with the sync,
      // directory/sync.ts); a one-shot run reports it.
      const error = asError(err)
      if (!looping || isFatal(error) || signal?.aborted) {
        throw error
      }
      directoryFailures += 1
      const retryInMs = Math.min(everyMs, pauseAfter(directoryFailures))
      nextSyncMs = now + retryInMs
      options.onFailure?.(org.name, {
        part: 'directory',
        error,
        failures: directoryFailures,
        retryInMs,
      })
      return
    }
    directoryFailures = 0
    options.onDirectory?.(directory)
  }
  const result = (summary?: PullSummary, error?: Error): OrgIngestResult => ({
    org: org.name,
    ...(summary ? { summary } : {}),
    ...(directory ? { directory } : {}),
    ...(error ? { error } : {}),
    requests: executor.stats.requests,
    retries: executor.stats.retries,
    rateLimited: executor.stats.rateLimited,
  })
  const summary = newPullSummary(org.name)
  let resuming = false
  const pull = async (): Promise<PullSummary> =>
    pullSystemLog({
      client,
      org,
      store,
      clock,
      mode,
      ...(signal ? { signal } : {}),
      ...(options.onPage ? { onPage: options.onPage } : {}),
      into: summary,
      resume: resuming,
      onCaughtUp: async () => {
        logFailures = 0
        await syncDue(false)
        await options.onCycle?.()
      },
    })
  try {
    if (!looping) {
      await pull()
      if (!signal?.aborted) {
        await syncDue(true)
      }
      return result(summary)
    }
    await syncDue(true)
    for (;;) {
      try {
        return result(await pull())
      } catch (err) {
        const error = asError(err)
        if (signal?.aborted || isFatal(error)) {
          throw error
        }
        // Taken up again from the stored cursor: what the failed transaction held was rolled back.
        resuming = true
        logFailures += 1
        const retryInMs = pauseAfter(logFailures)
        options.onFailure?.(org.name, { part: 'log', error, failures: logFailures, retryInMs })
        await sleep(retryInMs, undefined, signal ? { signal } : undefined).catch(() => undefined)
        if (signal?.aborted) {
          return result(summary)
        }
      }
    }
  } catch (err) {
    if (signal?.aborted) {
      return result(summary, undefined)
    }
    // What was committed before the failure, if anything.
    return result(summary.pages > 0 ? summary : undefined, asError(err))
  }
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err))
}
