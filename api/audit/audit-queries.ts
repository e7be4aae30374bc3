// The audit_log table: one row per API request, written in batches, read back newest first.
import type { SqlRunner } from '../sql-runner.js'

export interface AuditEntry {
  at: Date
  tokenId: string | null
  tokenName: string | null
  role: string | null
  partnerId: string | null
  method: string
  route: string
  parameters: Record<string, unknown>
  status: number
  durationMs: number
  bytes: number
  ip: string | null
}

export interface StoredAuditEntry extends AuditEntry {
  id: number
}

export interface AuditFilter {
  /** Only rows with id below this (the page cursor). */
  beforeId?: number | undefined
  tokenName?: string | undefined
  since?: Date | undefined
  until?: Date | undefined
  limit: number
}

interface AuditRow {
  id: bigint
  at: Date
  token_id: string | null
  token_name: string | null
  role: string | null
  partner_id: string | null
  method: string
  route: string
  parameters: string
  status: number
  duration_ms: number
  bytes: bigint
  ip: string | null
}

const ROW_TYPE = JSON.stringify({
  at: 'VARCHAR',
  tokenId: 'VARCHAR',
  tokenName: 'VARCHAR',
  role: 'VARCHAR',
  partnerId: 'VARCHAR',
  method: 'VARCHAR',
  route: 'VARCHAR',
  parameters: 'JSON',
  status: 'INTEGER',
  durationMs: 'DOUBLE',
  bytes: 'BIGINT',
  ip: 'VARCHAR',
})

export function createAuditQueries(db: SqlRunner) {
  return {
    /** Inserts a batch as one statement (the rows travel as one bound JSON array). */
    async insert(entries: readonly AuditEntry[]): Promise<void> {
      if (entries.length === 0) {
        return
      }
      await db.run(
        `INSERT INTO audit_log (id, requested_at, token_id, token_name, role, partner_id, method, route, parameters,
           status, duration_ms, bytes, ip)
         SELECT nextval('audit_log_seq'), r.at::TIMESTAMPTZ, r.tokenId, r.tokenName, r.role, r.partnerId,
           r.method, r.route, r.parameters, r.status, r.durationMs, r.bytes, r.ip
         FROM (SELECT unnest(from_json($rows, '[${ROW_TYPE}]')) AS r)`,
        { rows: JSON.stringify(entries.map((e) => ({ ...e, at: e.at.toISOString() }))) },
      )
    },

    async list(filter: AuditFilter): Promise<StoredAuditEntry[]> {
      const rows = await db.all<AuditRow>(
        `SELECT id, requested_at AS at, token_id, token_name, role, partner_id, method, route, parameters::VARCHAR AS parameters,
           status, duration_ms, bytes, ip
         FROM audit_log
         WHERE ($before IS NULL OR id < $before)
           AND ($token IS NULL OR token_name = $token)
           AND ($since IS NULL OR requested_at >= $since::TIMESTAMPTZ)
           AND ($until IS NULL OR requested_at < $until::TIMESTAMPTZ)
         ORDER BY id DESC
         LIMIT $limit`,
        {
          before: filter.beforeId ?? null,
          token: filter.tokenName ?? null,
          since: filter.since?.toISOString() ?? null,
          until: filter.until?.toISOString() ?? null,
          limit: filter.limit,
        },
      )
      return rows.map((r) => ({
        id: Number(r.id),
        at: r.at,
        tokenId: r.token_id,
        tokenName: r.token_name,
        role: r.role,
        partnerId: r.partner_id,
        method: r.method,
        route: r.route,
        parameters: JSON.parse(r.parameters) as Record<string, unknown>,
        status: r.status,
        durationMs: r.duration_ms,
        bytes: Number(r.bytes),
        ip: r.ip,
      }))
    },
  }
}
