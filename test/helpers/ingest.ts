// Ingest through the real SDK against a simulated org: a resolved org for a sim, and one pull run.
import type { Clock } from '../../lib/clock.js'
import type { Database } from '../../lib/db.js'
import type { ResolvedOrg } from '../../lib/config.js'
import type { OktaSim } from '../../data/okta-sim/server.js'
import { ingestOrg, type OrgIngestResult } from '../../ingest/org-ingest.js'
import type { PullMode } from '../../ingest/log-pull.js'

export function simOrg(sim: OktaSim, name = 'hub'): ResolvedOrg {
  return { name, url: sim.url, role: 'hub', credentials: { kind: 'ssws', token: sim.token } }
}

export const testIngestConfig = {
  ingest: {
    pollIntervalSeconds: 30,
    rateLimitShare: 0.5,
    sinceDays: 7,
    directorySyncMinutes: 60,
    requestTimeoutMs: 1000,
    maxRetries: 8,
  },
}

export const once: PullMode = { kind: 'poll', once: true, pollIntervalMs: 10, bootstrapDays: 7 }

export async function ingestOnce(
  db: Database,
  sim: OktaSim,
  clock: Clock,
  org = simOrg(sim),
  mode = once,
): Promise<OrgIngestResult> {
  const result = await ingestOrg({
    db,
    clock,
    config: testIngestConfig,
    org,
    mode,
    executor: { baseBackoffMs: 20 },
  })
  if (result.error) {
    throw result.error
  }
  return result
}

export async function storedUuids(db: Database, org?: string): Promise<string[]> {
  const rows = await db.all<{ uuid: string }>(
    org
      ? 'SELECT uuid FROM events WHERE org = $org ORDER BY uuid'
      : 'SELECT uuid FROM events ORDER BY uuid',
    org ? { org } : undefined,
  )
  return rows.map((r) => r.uuid)
}
