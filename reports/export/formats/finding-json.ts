// A finding as plain JSON: the NDJSON record of the findings stream and the HEC event body.
import type { FindingRow } from '../rows.js'
import { isoMs } from './fields.js'

export function findingJson(f: FindingRow): Record<string, unknown> {
  return {
    id: f.id,
    findingSeq: f.seq.toString(),
    detector: f.detector,
    severity: f.severity,
    score: f.score,
    org: f.org,
    partnerId: f.partnerId,
    userId: f.userId,
    userLogin: f.userLogin,
    occurredAt: isoMs(f.occurredMs),
    createdAt: isoMs(f.createdMs),
    eventIds: f.eventIds,
    summary: f.summary,
    details: JSON.parse(f.details) as unknown,
    status: f.status,
    statusAt: f.statusAtMs === null ? null : isoMs(f.statusAtMs),
  }
}
