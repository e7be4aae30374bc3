// Findings as the API reads and triages them. Every query binds `$scope` (a partner-admin's partner,
// else NULL) as a condition of its own, so no filter, id or cursor reaches another partner's rows.
import type { FindingStatus, Severity } from '../../detectors/types.js'
import type { SqlRunner } from '../sql-runner.js'

export interface AnomalyFilter {
  scope: string | null
  partner: string | null
  detector: string | null
  severity: Severity | null
  status: FindingStatus | null
  /** A user id or login. */
  user: string | null
  since: Date | null
  until: Date | null
  /** The order (default newest): newest or oldest first by (occurred_at, id), or highest score first, then newest. */
  sort?: AnomalySort
  /** Keyset position in that order: rows strictly after this occurred_at (µs), id (and score). */
  after: { occurredUs: bigint; id: string; score?: number } | null
  limit: number
}

export type AnomalySort = 'newest' | 'oldest' | 'score'

/** The ORDER BY and the keyset condition of each sort: fixed SQL, the position bound as parameters. */
const ORDER: Record<AnomalySort, string> = {
  newest: 'occurred_at DESC, id DESC',
  oldest: 'occurred_at ASC, id ASC',
  score: 'score DESC, occurred_at DESC, id DESC',
}
const OLDER = `(epoch_us(occurred_at) < $afterUs OR (epoch_us(occurred_at) = $afterUs AND id < $afterId))`
const AFTER: Record<AnomalySort, string> = {
  newest: OLDER,
  oldest: `(epoch_us(occurred_at) > $afterUs OR (epoch_us(occurred_at) = $afterUs AND id > $afterId))`,
  score: `(score < $afterScore OR (score = $afterScore AND ${OLDER}))`,
}

export interface AnomalyRow {
  id: string
  finding_seq: bigint
  detector: string
  severity: Severity
  score: number
  org: string
  partner_id: string | null
  user_id: string | null
  user_login: string | null
  occurred_at: Date
  occurred_us: bigint
  event_ids: string[]
  summary: string
  details: string
  status: FindingStatus
  status_by: string | null
  status_at: Date | null
  status_comment: string | null
  created_at: Date
}

const COLUMNS = `id, finding_seq, detector, severity, score, org, partner_id, user_id, user_login, occurred_at,
  epoch_us(occurred_at) AS occurred_us, event_ids, summary, details::VARCHAR AS details, status, status_by,
  status_at, status_comment, created_at`

export function createAnomaliesQueries(db: SqlRunner) {
  return {
    /**
     * In the asked order (default newest first on (occurred_at, id)); `limit` rows at most. In two
     * steps: the page's keys from a scan of the narrow columns, then the page's rows by finding_seq, which rises with insertion so the
     * storage's zone maps skip most of the table. Reading every column of every match before the
     * top-N cost 5–10× more at 1M findings.
     */
    async list(f: AnomalyFilter): Promise<AnomalyRow[]> {
      const sort = f.sort ?? 'newest'
      const keyset = f.after
        ? {
            afterUs: f.after.occurredUs,
            afterId: f.after.id,
            ...(sort === 'score' ? { afterScore: f.after.score ?? null } : {}),
          }
        : {}
      const keys = await db.all<{ finding_seq: bigint }>(
        `SELECT finding_seq
         FROM findings
         WHERE ($scope IS NULL OR partner_id = $scope)
           AND ($partner IS NULL OR partner_id = $partner)
           AND ($detector IS NULL OR detector = $detector)
           AND ($severity IS NULL OR severity = $severity)
           AND ($status IS NULL OR status = $status)
           AND ($user IS NULL OR user_id = $user OR user_login = $user)
           AND ($since IS NULL OR occurred_at >= $since::TIMESTAMPTZ)
           AND ($until IS NULL OR occurred_at < $until::TIMESTAMPTZ)
           ${f.after ? `AND ${AFTER[sort]}` : ''}
         ORDER BY ${ORDER[sort]}
         LIMIT $limit`,
        {
          scope: f.scope,
          partner: f.partner,
          detector: f.detector,
          severity: f.severity,
          status: f.status,
          user: f.user,
          since: f.since?.toISOString() ?? null,
          until: f.until?.toISOString() ?? null,
          ...keyset,
          limit: f.limit,
        },
      )
      const seqs = keys.map((k) => k.finding_seq)
      if (seqs.length === 0) {
        return []
      }
      return db.all<AnomalyRow>(
        `SELECT ${COLUMNS}
         FROM findings
         WHERE finding_seq BETWEEN $lo AND $hi
           AND list_contains(from_json($seqs, '["BIGINT"]'), finding_seq)
           AND ($scope IS NULL OR partner_id = $scope)
         ORDER BY ${ORDER[sort]}`,
        {
          lo: seqs.reduce((a, b) => (a < b ? a : b)),
          hi: seqs.reduce((a, b) => (a > b ? a : b)),
          seqs: `[${seqs.join(',')}]`,
          scope: f.scope,
        },
      )
    },

    one(id: string, scope: string | null): Promise<AnomalyRow | undefined> {
      return db.one<AnomalyRow>(
        `SELECT ${COLUMNS} FROM findings WHERE id = $id AND ($scope IS NULL OR partner_id = $scope)`,
        { id, scope },
      )
    },

    /** Sets the finding's status and keeps the decision in finding_triage; false if out of reach. */
    async triage(t: {
      id: string
      scope: string | null
      status: FindingStatus
      comment: string
      by: string
      at: Date
    }): Promise<boolean> {
      const params = { id: t.id, scope: t.scope, status: t.status, comment: t.comment, by: t.by }
      const at = t.at.toISOString()
      const changed = await db.changes(
        `UPDATE findings SET status = $status, status_by = $by, status_at = $at::TIMESTAMPTZ,
           status_comment = $comment
         WHERE id = $id AND ($scope IS NULL OR partner_id = $scope)`,
        { ...params, at },
      )
      if (changed === 0) {
        return false
      }
      await db.run(
        `INSERT INTO finding_triage (finding_id, status, comment, by_token, decided_at)
         VALUES ($id, $status, $comment, $by, $at::TIMESTAMPTZ)`,
        { id: t.id, status: t.status, comment: t.comment, by: t.by, at },
      )
      return true
    },

    /** Changes whenever findings are added (a cheap check for the list cache). */
    async version(): Promise<string> {
      const row = await db.one<{ v: bigint | null; n: bigint }>(
        'SELECT max(finding_seq) AS v, count(*) AS n FROM findings',
      )
      return `${row?.v ?? 0n}:${row?.n ?? 0n}`
    },
  }
}
