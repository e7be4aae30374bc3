// Readiness facts: the database answers, and per org the last System Log page stored, the newest
// event, and the last directory sync (attempted and succeeded).
import type { SqlRunner } from '../sql-runner.js'

export interface OrgIngestRow {
  org: string
  cursor_updated_at: Date | null
  pages: bigint | null
  newest_event: Date | null
  last_sync_at: Date | null
  last_sync_status: string | null
  last_good_sync_at: Date | null
}

export function createHealthQueries(db: SqlRunner) {
  return {
    async ping(): Promise<boolean> {
      const row = await db.one<{ ok: number }>('SELECT 1 AS ok')
      return row?.ok === 1
    },

    orgs(): Promise<OrgIngestRow[]> {
      return db.all<OrgIngestRow>(
        `WITH orgs AS (SELECT org FROM ingest_cursors UNION SELECT org FROM directory_syncs),
         latest AS (SELECT org, max(published) AS newest_event FROM events GROUP BY org),
         syncs AS (SELECT org, arg_max(status, started_at) AS last_status, max(started_at) AS last_at,
                     max(finished_at) FILTER (WHERE status = 'succeeded') AS last_good
                   FROM directory_syncs GROUP BY org)
         SELECT o.org, c.updated_at AS cursor_updated_at, c.pages, l.newest_event,
           s.last_at AS last_sync_at, s.last_status AS last_sync_status, s.last_good AS last_good_sync_at
         FROM orgs o
         LEFT JOIN ingest_cursors c ON c.org = o.org
         LEFT JOIN latest l ON l.org = o.org
         LEFT JOIN syncs s ON s.org = o.org
         ORDER BY o.org`,
      )
    },
  }
}
