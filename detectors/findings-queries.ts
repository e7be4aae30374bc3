// The findings table and the runner's watermarks. New findings are inserted; one whose id exists is
// left alone, so a re-run adds nothing and keeps its triage state.
import type { Database } from '../lib/db.js'
import type { Finding, FindingDraft, FindingStatus, Severity } from './types.js'

export interface StoredDraft extends FindingDraft {
  id: string
}

interface FindingRow {
  id: string
  detector: string
  severity: Severity
  score: number
  org: string
  partner_id: string | null
  user_id: string | null
  user_login: string | null
  occurred_at: Date
  event_ids: string[]
  summary: string
  details: string
  status: FindingStatus
  status_by: string | null
  status_at: Date | null
  status_comment: string | null
  created_at: Date
}

export interface FindingFilter {
  partnerId?: string
  detector?: string
  since?: Date
  limit?: number
}

/** Findings stored per INSERT statement. */
const STORE_CHUNK = 5000

const DRAFT_SHAPE = JSON.stringify([
  {
    n: 'INTEGER',
    id: 'VARCHAR',
    detector: 'VARCHAR',
    severity: 'VARCHAR',
    score: 'INTEGER',
    org: 'VARCHAR',
    partner: 'VARCHAR',
    user_id: 'VARCHAR',
    login: 'VARCHAR',
    occurred_at: 'VARCHAR',
    event_ids: ['VARCHAR'],
    summary: 'VARCHAR',
    details: 'VARCHAR',
  },
])

export function createFindingsQueries(db: Database) {
  return {
    async watermark(detector: string): Promise<bigint> {
      const row = await db.one<{ last_seq: bigint }>(
        'SELECT last_seq FROM detector_state WHERE detector = $d',
        { d: detector },
      )
      return row?.last_seq ?? 0n
    },

    async maxIngestSeq(): Promise<bigint> {
      const row = await db.one<{ s: bigint | null }>('SELECT max(ingest_seq) AS s FROM events')
      return row?.s ?? 0n
    },

    /** Inserts the findings not stored yet and moves the watermark, in one transaction. Returns how many were new. */
    async store(
      detector: string,
      findings: readonly StoredDraft[],
      untilSeq: bigint | undefined,
      now: Date,
    ): Promise<number> {
      return db.transaction(async () => {
        let added = 0
        // One statement per chunk: the drafts travel as one JSON array, unnested in DuckDB, new ids
        // only (a re-run adds nothing), numbered in the order the detector gave them.
        for (let i = 0; i < findings.length; i += STORE_CHUNK) {
          const chunk = findings.slice(i, i + STORE_CHUNK).map((f, n) => ({
            n,
            id: f.id,
            detector: f.detector,
            severity: f.severity,
            score: Math.max(0, Math.min(100, Math.round(f.score))),
            org: f.org,
            partner: f.partnerId,
            user_id: f.userId,
            login: f.userLogin,
            occurred_at: f.occurredAt.toISOString(),
            event_ids: f.eventIds,
            summary: f.summary,
            details: JSON.stringify(f.details),
          }))
          added += await db.changes(
            `INSERT INTO findings (id, finding_seq, detector, severity, score, org, partner_id, user_id, user_login,
               occurred_at, event_ids, summary, details, created_at)
             SELECT id, nextval('findings_seq'), detector, severity, score, org, partner, user_id, login,
               occurred_at::TIMESTAMPTZ, event_ids, summary, details::JSON, $now::TIMESTAMPTZ
             FROM (
               SELECT * FROM (SELECT unnest(from_json($rows, '${DRAFT_SHAPE}'), recursive := true))
               QUALIFY row_number() OVER (PARTITION BY id ORDER BY n) = 1
             ) r
             WHERE NOT EXISTS (SELECT 1 FROM findings f WHERE f.id = r.id)
             ORDER BY n`,
            { rows: JSON.stringify(chunk), now: now.toISOString() },
          )
        }
        if (untilSeq !== undefined) {
          await db.run(
            `INSERT INTO detector_state (detector, last_seq, last_run_at, findings) VALUES ($d, $seq, $now::TIMESTAMPTZ, $n)
             ON CONFLICT (detector) DO UPDATE SET last_seq = excluded.last_seq, last_run_at = excluded.last_run_at,
               findings = detector_state.findings + excluded.findings`,
            { d: detector, seq: untilSeq, now: now.toISOString(), n: added },
          )
        }
        return added
      })
    },

    async list(filter: FindingFilter): Promise<Finding[]> {
      const rows = await db.all<FindingRow>(
        `SELECT id, detector, severity, score, org, partner_id, user_id, user_login, occurred_at, event_ids, summary,
           details::VARCHAR AS details, status, status_by, status_at, status_comment, created_at
         FROM findings
         WHERE ($partner IS NULL OR partner_id = $partner)
           AND ($detector IS NULL OR detector = $detector)
           AND ($since IS NULL OR occurred_at >= $since::TIMESTAMPTZ)
         ORDER BY occurred_at DESC, id
         LIMIT $limit`,
        {
          partner: filter.partnerId ?? null,
          detector: filter.detector ?? null,
          since: filter.since?.toISOString() ?? null,
          limit: filter.limit ?? 1000,
        },
      )
      return rows.map(toFinding)
    },
  }
}

function toFinding(r: FindingRow): Finding {
  return {
    id: r.id,
    detector: r.detector,
    severity: r.severity,
    score: r.score,
    org: r.org,
    partnerId: r.partner_id,
    userId: r.user_id,
    userLogin: r.user_login,
    occurredAt: r.occurred_at,
    eventIds: [...r.event_ids],
    summary: r.summary,
    details: JSON.parse(r.details) as Record<string, unknown>,
    status: r.status,
    statusBy: r.status_by,
    statusAt: r.status_at,
    statusComment: r.status_comment,
    createdAt: r.created_at,
  }
}
