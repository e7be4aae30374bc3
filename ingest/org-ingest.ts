// Everything one org needs to be ingested: its own client, request executor (rate budget, retries)
// and cursor; several orgs run side by side, each failing alone.
import type { Database } from '../lib/db.js'
import { counters } from '../lib/telemetry.js'
import type { Clock } from '../lib/clock.js'
import type { Config, ResolvedOrg } from '../lib/config.js'
import { createOktaClient } from './okta-client.js'
import { PacingExecutor, type PacingOptions, type RetryEvent } from './pacing-executor.js'
import { createEventStoreQueries } from './event-store-queries.js'
import { pullSystemLog, type PageProgress, type PullMode, type PullSummary } from './log-pull.js'
import { syncDirectory } from './directory/sync.js'
import type { DirectorySyncSummary } from './directory/types.js'

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
  let lastSyncMs = Number.NEGATIVE_INFINITY
  const syncDue = async (force: boolean): Promise<void> => {
    const now = clock.now().getTime()
    if (
      !options.directory ||
      (!force && now - lastSyncMs < config.ingest.directorySyncMinutes * 60_000)
    ) {
      return
    }
    lastSyncMs = now
    directory = await syncDirectory({
      db,
      client,
      org,
      partners: config.partners ?? [],
      clock,
      ...(config.internalDomains ? { internalDomains: config.internalDomains } : {}),
    })
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
  try {
    const looping = mode.kind === 'poll' && !mode.once
    if (looping) {
      await syncDue(true)
    }
    const summary = await pullSystemLog({
      client,
      org,
      store,
      clock,
      mode,
      ...(signal ? { signal } : {}),
      ...(options.onPage ? { onPage: options.onPage } : {}),
      onCaughtUp: async () => {
        await syncDue(false)
        await options.onCycle?.()
      },
    })
    if (!looping && !signal?.aborted) {
      await syncDue(true)
    }
    return result(summary)
  } catch (err) {
    if (signal?.aborted) {
      return result(undefined, undefined)
    }
    return result(undefined, err instanceof Error ? err : new Error(String(err)))
  }
}
