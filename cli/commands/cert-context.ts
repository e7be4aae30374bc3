// What the report and campaign commands share: the certification context from config, and an SDK
// client per org (built like ingest builds it) whose executor records Okta's answers.
import type { Config } from '../../lib/config.js'
import { systemClock } from '../../lib/clock.js'
import type { Database } from '../../lib/db.js'
import { UsageError } from '../../lib/errors.js'
import { createOktaClient } from '../../ingest/okta-client.js'
import { RecordingExecutor } from '../../reports/certification/okta-recorder.js'
import type { OktaFor } from '../../reports/certification/remediation.js'
import type { CertContext } from '../../reports/certification/types.js'

export function certContext(config: Readonly<Config>, db: Database): CertContext {
  return {
    db,
    partners: config.partners,
    settings: config.certification,
    clock: systemClock,
  }
}

export function oktaFor(config: Readonly<Config>): OktaFor {
  return (orgName) => {
    const org = config.orgs.find((o) => o.name === orgName)
    if (!org) {
      throw new UsageError(`org ${orgName} is not configured; remediation needs its credentials`)
    }
    const recorder = new RecordingExecutor()
    return {
      client: createOktaClient(org, {
        requestExecutor: recorder,
        userAgent: 'partnerwatch-remediation',
      }),
      recorder,
    }
  }
}

/** --as: who acts (a login); required where a decision or a change is recorded. */
export function actorFlag(value: string | undefined): string {
  if (value === undefined || value.trim() === '') {
    throw new UsageError('--as is required: the login of the person acting (recorded as evidence)')
  }
  return value.trim()
}
