// The SQL of the exports. A page is fixed first from the sequence column alone (which rows, the last
// one, whether more follow); its rows are then read a bounded batch at a time in ascending sequence,
// so memory stays flat whatever the page size. Partner scope and filters are bound parameters in
// every statement: the scope is ANDed with any partner filter, so nothing can widen it.
import { type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api'
import { StoreError } from '../../lib/errors.js'
import type { ExportStream } from './cursor.js'
import type { EventRow, FindingRow } from './rows.js'

/** What narrows a stream: all optional, all bound. `types` is event types, or detector ids for anomalies. */
export interface StreamFilter {
  partner: string | null
  /** A partner admin's partner: always ANDed, whatever else is asked. */
  scope: string | null
  types: readonly string[]
  sinceIso: string | null
}

/** The rows of one page: fromSeq < seq ≤ toSeq, through the filter, read in batches ending at `batchEnds`. */
export interface PageRange {
  filter: StreamFilter
  fromSeq: bigint
  toSeq: bigint
  batchEnds: readonly bigint[]
}

export interface PageBounds {
  count: number
  lastSeq: bigint | null
  hasMore: boolean
  /** The last sequence number of each batch, ascending; the last one is `lastSeq`. */
  batchEnds: bigint[]
}

export interface SeqRange {
  oldest: bigint | null
  newest: bigint | null
}

// The first User and UserGroup targets, picked once per row (and only for rows with targets: the
// lambdas are the costliest part of the select).
const TARGETS = `(SELECT e.*,
    CASE WHEN len(e.targets) > 0 THEN list_filter(e.targets, t -> t.type = 'User')[1] END AS tu,
    CASE WHEN len(e.targets) > 0 THEN list_filter(e.targets, t -> t.type = 'UserGroup')[1] END AS tg
  FROM events e) e`
export const EVENT_FROM = `FROM ${TARGETS} LEFT JOIN dir_users u ON u.org = e.org AND u.id = e.actor_id`
/** Without the partner join: for the sequence scan of a page that no partner narrows. */
const EVENT_FROM_UNJOINED = `FROM events e`
const EVENT_WHERE_UNJOINED = `(len(from_json($types::VARCHAR, '["VARCHAR"]')) = 0 OR list_contains(from_json($types::VARCHAR, '["VARCHAR"]'), e.event_type))
  AND ($since::VARCHAR IS NULL OR e.published >= $since::TIMESTAMPTZ)
  AND $partner::VARCHAR IS NULL AND $scope::VARCHAR IS NULL`
export const EVENT_WHERE = `($partner::VARCHAR IS NULL OR u.partner_id = $partner)
  AND ($scope::VARCHAR IS NULL OR u.partner_id = $scope)
  AND (len(from_json($types::VARCHAR, '["VARCHAR"]')) = 0 OR list_contains(from_json($types::VARCHAR, '["VARCHAR"]'), e.event_type))
  AND ($since::VARCHAR IS NULL OR e.published >= $since::TIMESTAMPTZ)`

const FINDING_FROM = `FROM findings f`
const FINDING_WHERE = `($partner::VARCHAR IS NULL OR f.partner_id = $partner)
  AND ($scope::VARCHAR IS NULL OR f.partner_id = $scope)
  AND (len(from_json($types::VARCHAR, '["VARCHAR"]')) = 0 OR list_contains(from_json($types::VARCHAR, '["VARCHAR"]'), f.detector))
  AND ($since::VARCHAR IS NULL OR f.occurred_at >= $since::TIMESTAMPTZ)`

const SOURCES = {
  events: {
    seq: 'e.ingest_seq',
    from: EVENT_FROM,
    where: EVENT_WHERE,
    table: 'events',
    col: 'ingest_seq',
  },
  anomalies: {
    seq: 'f.finding_seq',
    from: FINDING_FROM,
    where: FINDING_WHERE,
    table: 'findings',
    col: 'finding_seq',
  },
} as const

const ms = (col: string): string => `epoch_ms(${col})::DOUBLE`

/** The event columns every format reads; `raw` is added only when a format passes it through. */
export function eventColumns(withRaw: boolean): string {
  return `e.ingest_seq AS seq, e.uuid, e.org, ${ms('e.published')} AS "publishedMs",
    ${ms('e.ingested_at')} AS "ingestedMs", e.event_type AS "eventType", e.severity,
    e.display_message AS "displayMessage", e.outcome_result AS "outcomeResult",
    e.outcome_reason AS "outcomeReason", e.actor_id AS "actorId", e.actor_login AS "actorLogin",
    e.actor_name AS "actorName", e.actor_type AS "actorType", e.client_ip AS "clientIp",
    e.client_zone AS "clientZone", e.client_device AS "clientDevice", e.user_agent AS "userAgent",
    e.os, e.browser, e.city, e.state, e.country, e.postal_code AS "postalCode", e.lat, e.lon,
    e.as_number::DOUBLE AS "asNumber", e.as_org AS "asOrg", e.isp, e.domain, e.is_proxy AS "isProxy",
    e.session_id AS "sessionId", e.transaction_id AS "transactionId",
    e.transaction_type AS "transactionType", e.request_id AS "requestId",
    e.request_uri AS "requestUri", e.risk_level AS "riskLevel",
    e.target_user_id AS "targetUserId", e.target_user_login AS "targetUserLogin",
    e.tu.display_name AS "targetUserName",
    e.tg.id AS "targetGroupId", e.tg.display_name AS "targetGroupName",
    u.partner_id AS "partnerId", ${withRaw ? 'e.raw' : "''"} AS raw`
}

const FINDING_COLUMNS = `f.finding_seq AS seq, f.id, f.detector, f.severity, f.score, f.org,
  f.partner_id AS "partnerId", f.user_id AS "userId", f.user_login AS "userLogin",
  ${ms('f.occurred_at')} AS "occurredMs", ${ms('f.created_at')} AS "createdMs",
  f.event_ids AS "eventIds", f.summary, f.details::VARCHAR AS details, f.status,
  ${ms('f.status_at')} AS "statusAtMs"`

function params(
  filter: StreamFilter,
  extra: Record<string, DuckDBValue>,
): Record<string, DuckDBValue> {
  return {
    partner: filter.partner,
    scope: filter.scope,
    // A list goes in as JSON text: an empty bound list has no item type for DuckDB.
    types: JSON.stringify(filter.types),
    since: filter.sinceIso,
    ...extra,
  }
}

async function all<T>(
  conn: DuckDBConnection,
  sql: string,
  values: Record<string, DuckDBValue>,
): Promise<T[]> {
  try {
    return (await conn.runAndReadAll(sql, values)).getRowObjectsJS() as T[]
  } catch (err) {
    throw storeError(err)
  }
}

function storeError(err: unknown): StoreError {
  const text = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? ''
  return new StoreError(`export query failed: ${text}`, { cause: err })
}

export function createExportQueries(conn: DuckDBConnection) {
  return {
    /** The oldest and newest sequence numbers stored in a stream, whatever the filters. */
    async seqRange(stream: ExportStream): Promise<SeqRange> {
      const { table, col } = SOURCES[stream]
      const rows = await all<{ oldest: bigint | null; newest: bigint | null }>(
        conn,
        `SELECT min(${col}) AS oldest, max(${col}) AS newest FROM ${table}`,
        {},
      )
      return { oldest: rows[0]?.oldest ?? null, newest: rows[0]?.newest ?? null }
    },

    /**
     * Which rows a page holds, reading the sequence column (and what filters need) only: the count,
     * the last one, whether more follow, and where each batch of `batch` rows ends.
     */
    async pageBounds(
      stream: ExportStream,
      filter: StreamFilter,
      afterSeq: bigint,
      limit: number,
      batch: number,
    ): Promise<PageBounds> {
      const s = SOURCES[stream]
      const unjoined = stream === 'events' && filter.partner === null && filter.scope === null
      const from = unjoined ? EVENT_FROM_UNJOINED : s.from
      const where = unjoined ? EVENT_WHERE_UNJOINED : s.where
      const rows = await all<{
        n: bigint
        last: bigint | null
        more: boolean
        ends: bigint[] | null
      }>(
        conn,
        `WITH page AS (
           SELECT ${s.seq} AS seq ${from}
           WHERE ${s.seq} > $after AND ${where}
           ORDER BY ${s.seq} LIMIT $limitPlusOne
         ),
         numbered AS (SELECT seq, row_number() OVER (ORDER BY seq) AS i FROM page)
         SELECT count(*) FILTER (WHERE i <= $limit) AS n, max(seq) FILTER (WHERE i <= $limit) AS last,
           count(*) > $limit AS more,
           list(seq ORDER BY seq) FILTER (WHERE i <= $limit AND i % $batch = 0) AS ends
         FROM numbered`,
        params(filter, { after: afterSeq, limit, limitPlusOne: limit + 1, batch }),
      )
      const r = rows[0]
      const lastSeq = r?.last ?? null
      const ends = [...(r?.ends ?? [])]
      if (lastSeq !== null && ends.at(-1) !== lastSeq) {
        ends.push(lastSeq)
      }
      return { count: Number(r?.n ?? 0n), lastSeq, hasMore: r?.more ?? false, batchEnds: ends }
    },

    /** The events with fromSeq < seq ≤ toSeq that pass the filter, ascending (one batch). */
    async eventBatch(
      filter: StreamFilter,
      fromSeq: bigint,
      toSeq: bigint,
      withRaw: boolean,
    ): Promise<EventRow[]> {
      const rows = await jsonRows<EventRow>(
        conn,
        `SELECT ${eventColumns(withRaw)} ${EVENT_FROM}
         WHERE e.ingest_seq > $from AND e.ingest_seq <= $to AND ${EVENT_WHERE}`,
        params(filter, { from: fromSeq, to: toSeq }),
      )
      return rows
    },

    findingBatch(filter: StreamFilter, fromSeq: bigint, toSeq: bigint): Promise<FindingRow[]> {
      return jsonRows<FindingRow>(
        conn,
        `SELECT ${FINDING_COLUMNS} ${FINDING_FROM}
         WHERE f.finding_seq > $from AND f.finding_seq <= $to AND ${FINDING_WHERE}`,
        params(filter, { from: fromSeq, to: toSeq }),
      )
    },
  }
}

/**
 * Runs `select` and reads each row as one JSON text built by DuckDB (ascending `seq`), read
 * column-wise: one value crosses into JavaScript per row instead of one per cell, which is many
 * times faster. `seq` comes back as a bigint; times are epoch ms numbers.
 */
async function jsonRows<T extends { seq: bigint }>(
  conn: DuckDBConnection,
  select: string,
  values: Record<string, DuckDBValue>,
): Promise<T[]> {
  let texts: DuckDBValue[]
  try {
    const reader = await conn.runAndReadAll(
      `SELECT to_json(x)::VARCHAR AS j FROM (${select}) x ORDER BY x.seq`,
      values,
    )
    texts = reader.getColumns()[0] ?? []
  } catch (err) {
    throw storeError(err)
  }
  return texts.map((text) => {
    const r = JSON.parse(String(text)) as Omit<T, 'seq'> & { seq: number }
    return { ...r, seq: BigInt(r.seq) } as T
  })
}

export type ExportQueries = ReturnType<typeof createExportQueries>

/**
 * The SELECT of a page's rows for Parquet: the page's filter, in storage order (no ORDER BY).
 * Rows are appended as they are ingested, so that is ascending `seq` but for rows of one commit
 * that DuckDB's threads numbered out of step. Sorting a page of wide rows (the raw event is ~2 KB)
 * ran DuckDB out of its pool from 250k events even with 512 MB (README, Cost).
 */
export function bulkSelect(stream: ExportStream): string {
  if (stream === 'events') {
    return `SELECT ${eventColumns(true)} ${EVENT_FROM}
      WHERE e.ingest_seq > $from AND e.ingest_seq <= $to AND ${EVENT_WHERE}`
  }
  return `SELECT ${FINDING_COLUMNS} ${FINDING_FROM}
    WHERE f.finding_seq > $from AND f.finding_seq <= $to AND ${FINDING_WHERE}`
}

export { params as boundParams }
