// How each org's ingest loop in this process is doing, for /readyz: the database only says when a
// page was last stored, not whether the loop is still trying, waiting out a failure, or stopped
// (bad credentials), and an org that never stored a page is not in it at all.
import type { Clock } from '../lib/clock.js'
import { errorLine } from '../lib/errors.js'
import type { IngestFailure } from './org-ingest.js'

export type IngestState = 'running' | 'retrying' | 'stopped'

export interface OrgIngestStatus {
  org: string
  state: IngestState
  /** System Log failures in a row (0 once a cycle has caught up again). */
  failures: number
  lastError: string | null
  lastFailureAt: Date | null
  /** When a retrying loop tries again. */
  retryAt: Date | null
}

export class IngestStatusBoard {
  private readonly orgs = new Map<string, OrgIngestStatus>()

  private readonly clock: Clock

  constructor(clock: Clock, orgs: readonly string[]) {
    this.clock = clock
    for (const org of orgs) {
      this.orgs.set(org, {
        org,
        state: 'running',
        failures: 0,
        lastError: null,
        lastFailureAt: null,
        retryAt: null,
      })
    }
  }

  /** Pages are flowing again after a failure (its count stays until a cycle catches up). */
  progress(org: string): void {
    if (this.orgs.get(org)?.state === 'retrying') {
      this.update(org, { state: 'running', retryAt: null })
    }
  }

  /** A cycle caught up: the loop is well again (the last error stays, with its time). */
  caughtUp(org: string): void {
    this.update(org, { state: 'running', failures: 0, retryAt: null })
  }

  /** A failure the loop will retry; directory failures are in the directory's own sync records. */
  failed(org: string, failure: IngestFailure): void {
    if (failure.part !== 'log') {
      return
    }
    const now = this.clock.now().getTime()
    this.update(org, {
      state: 'retrying',
      failures: failure.failures,
      lastError: errorLine(failure.error),
      lastFailureAt: new Date(now),
      retryAt: new Date(now + failure.retryInMs),
    })
  }

  /** The loop ended with an error it does not retry. */
  stopped(org: string, error: Error): void {
    this.update(org, {
      state: 'stopped',
      lastError: errorLine(error),
      lastFailureAt: this.clock.now(),
      retryAt: null,
    })
  }

  get(org: string): OrgIngestStatus | undefined {
    const status = this.orgs.get(org)
    return status ? { ...status } : undefined
  }

  names(): string[] {
    return [...this.orgs.keys()]
  }

  private update(org: string, change: Partial<OrgIngestStatus>): void {
    const status = this.orgs.get(org)
    if (status) {
      Object.assign(status, change)
    }
  }
}
