// Events for the text formats, read a batch at a time as one JSON array per row (`json_array`, values
// by position): one value crosses into JavaScript per row, and an array is about half the text of an
// object with its keys, so DuckDB writes and V8 parses less. A format reads only the fields it uses
// (CEF and syslog 21 of 44). One prepared statement serves every batch of a page, and the next batch
// runs in DuckDB's threads while the current one is formatted in JavaScript.
import type { DuckDBConnection, DuckDBDataChunk, DuckDBPreparedStatement } from '@duckdb/node-api'
import { StoreError } from '../../lib/errors.js'
import { boundParams, EVENT_FROM, EVENT_WHERE, type PageRange } from './export-queries.js'
import type { EventField } from './event-rows.js'

/** Each field's SQL over `e` (the event, with its first User `tu` and UserGroup `tg` targets) and `u`. */
const EVENT_SQL: Readonly<Record<EventField, string>> = {
  // Text, so that a sequence number past 2^53 survives JSON.parse.
  seq: 'e.ingest_seq::VARCHAR',
  uuid: 'e.uuid',
  org: 'e.org',
  publishedMs: 'epoch_ms(e.published)',
  ingestedMs: 'epoch_ms(e.ingested_at)',
  eventType: 'e.event_type',
  severity: 'e.severity',
  displayMessage: 'e.display_message',
  outcomeResult: 'e.outcome_result',
  outcomeReason: 'e.outcome_reason',
  actorId: 'e.actor_id',
  actorLogin: 'e.actor_login',
  actorName: 'e.actor_name',
  actorType: 'e.actor_type',
  clientIp: 'e.client_ip',
  clientZone: 'e.client_zone',
  clientDevice: 'e.client_device',
  userAgent: 'e.user_agent',
  os: 'e.os',
  browser: 'e.browser',
  city: 'e.city',
  state: 'e.state',
  country: 'e.country',
  postalCode: 'e.postal_code',
  lat: 'e.lat',
  lon: 'e.lon',
  asNumber: 'e.as_number::DOUBLE',
  asOrg: 'e.as_org',
  isp: 'e.isp',
  domain: 'e.domain',
  isProxy: 'e.is_proxy',
  sessionId: 'e.session_id',
  transactionId: 'e.transaction_id',
  transactionType: 'e.transaction_type',
  requestId: 'e.request_id',
  requestUri: 'e.request_uri',
  riskLevel: 'e.risk_level',
  targetUserId: 'e.target_user_id',
  targetUserLogin: 'e.target_user_login',
  targetUserName: 'e.tu.display_name',
  targetGroupId: 'e.tg.id',
  targetGroupName: 'e.tg.display_name',
  partnerId: 'u.partner_id',
  raw: 'e.raw',
}

/** Every field but `raw` (the formats that build their own record). */
export const EVENT_FIELDS = (Object.keys(EVENT_SQL) as EventField[]).filter((f) => f !== 'raw')
/** Every field, `raw` included (NDJSON and HEC pass the event through). */
export const EVENT_FIELDS_WITH_RAW = Object.keys(EVENT_SQL) as EventField[]

/** The batch SELECT for `fields`: one JSON array per row, ascending sequence. */
export function eventArraySql(fields: readonly EventField[]): string {
  return `SELECT json_array(${fields.map((f) => EVENT_SQL[f]).join(', ')})::VARCHAR AS j ${EVENT_FROM}
    WHERE e.ingest_seq > $from AND e.ingest_seq <= $to AND ${EVENT_WHERE}
    ORDER BY e.ingest_seq`
}

/** Up to one DuckDB chunk (2048 rows) of JSON array texts, decoded only when asked for, and only
 * until the next chunk is asked for (its memory is freed then). */
export interface TextChunk {
  readonly length: number
  text(index: number): string
}

/**
 * The page's events as JSON array texts of `fields` (for `eventRow`), read a batch at a time
 * (batches end at `range.batchEnds`) and handed over a DuckDB chunk at a time; `fields` must hold
 * `seq`. The caller decodes, parses and formats one row at a time, so what a chunk allocates dies
 * young (at a million events the garbage collector was half the time when whole batches of parsed
 * rows were alive at once). The statement is prepared once; the next batch runs in DuckDB while the
 * current one is formatted. The statement is destroyed when the iteration ends or is abandoned.
 */
export async function* eventChunks(
  conn: DuckDBConnection,
  fields: readonly EventField[],
  range: PageRange,
): AsyncGenerator<TextChunk> {
  if (!fields.includes('seq')) {
    throw new TypeError('eventChunks: fields must include seq')
  }
  let statement: DuckDBPreparedStatement
  try {
    statement = await conn.prepare(eventArraySql(fields))
  } catch (err) {
    throw storeError(err)
  }
  const run = async (from: bigint, to: bigint): Promise<DuckDBDataChunk[]> => {
    try {
      statement.bind(boundParams(range.filter, { from, to }))
      // Streamed and read to the end at once: DuckDB frees the query's own memory as soon as the
      // last chunk is out, where a materialized result would hold it until V8 collects the wrapper.
      return await (await statement.stream()).fetchAllChunks()
    } catch (err) {
      throw storeError(err)
    }
  }
  let pending: Promise<DuckDBDataChunk[]> | undefined
  try {
    for (let i = 0; i < range.batchEnds.length; i += 1) {
      const from = i === 0 ? range.fromSeq : (range.batchEnds[i - 1] as bigint)
      const chunks = await (pending ?? run(from, range.batchEnds[i] as bigint))
      const next = range.batchEnds[i + 1]
      // The next batch runs in DuckDB's threads while this one is formatted here.
      pending = next === undefined ? undefined : run(range.batchEnds[i] as bigint, next)
      // A rejection before it is awaited must not be reported as unhandled.
      pending?.catch(() => undefined)
      for (const chunk of chunks) {
        yield textChunk(chunk)
        // The caller is done with it: free its strings now rather than when V8 collects the
        // wrapper (DuckDB's native memory is invisible to V8, so that could be much later).
        chunk.reset()
      }
    }
  } finally {
    await pending?.catch(() => undefined)
    statement.destroySync()
  }
}

/**
 * A vector keeps every item it has decoded for as long as it lives; read through short slices, the
 * decoded texts die young instead of being promoted with a chunk-long cache.
 */
const SLICE_ROWS = 256

function textChunk(chunk: DuckDBDataChunk): TextChunk {
  const length = chunk.rowCount
  const vector = chunk.getColumnVector(0)
  let start = 0
  let slice = vector.slice(0, 0)
  return {
    length,
    text(index) {
      if (index < start || index >= start + slice.itemCount) {
        start = index - (index % SLICE_ROWS)
        slice = vector.slice(start, Math.min(SLICE_ROWS, length - start))
      }
      return String(slice.getItem(index - start))
    },
  }
}

function storeError(err: unknown): StoreError {
  const text = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? ''
  return new StoreError(`export query failed: ${text}`, { cause: err })
}
