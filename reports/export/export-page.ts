// One page of an export stream, for the CLI and the HTTP route alike: which rows (fixed up front, so
// the next cursor and the count are known before the body is sent), and the body as an async
// iterable of chunks read from DuckDB a bounded batch at a time. The page reads on its own
// connection inside one read transaction (one consistent snapshot), which it closes when the body
// has been iterated to the end or abandoned (`return()`).
import { availableParallelism } from 'node:os'
import { Type, type Static } from '@sinclair/typebox'
import type { DuckDBConnection } from '@duckdb/node-api'
import type { Database } from '../../lib/db.js'
import { CursorExpired, CursorInvalid, UsageError } from '../../lib/errors.js'
import {
  encodeCursor,
  EXPORT_STREAMS,
  MAX_CURSOR_LENGTH,
  normaliseFilters,
  resumeState,
  type CursorState,
  type ExportStream,
} from './cursor.js'
import { createExportQueries, type ExportQueries, type StreamFilter } from './export-queries.js'
import {
  CONTENT_TYPES,
  EXPORT_FORMATS,
  isBulkFormat,
  isCefEventFormat,
  type ExportFormat,
} from './formats/index.js'
import type { SyslogFraming } from './formats/syslog.js'
import { arrowBody, parquetBody } from './bulk.js'
import { formatPool, type FormatPool } from './format-pool.js'
import { textBody } from './text-body.js'

/** Rows read from DuckDB per batch: memory holds one batch (and its text) at a time. Measured: 8192 costs
 * about half the CPU per row of 2048 (each query has a fixed planning and scan set-up cost). */
export const DEFAULT_BATCH_ROWS = 8192
/**
 * CEF and syslog events read 21 fields (an array of ~470 bytes a row), so a longer batch still
 * fits the export's pool, and each query's fixed cost is paid a quarter as often: 25 % less CPU for
 * the whole export (250k events: 5.1–5.6 → 3.9–4.1 CPU-s; README, Cost).
 */
export const CEF_BATCH_ROWS = 32_768
/**
 * An events page of at least this many rows in a text format is formatted by format threads as
 * well as the main thread (`format-pool.ts`): starting one costs a few hundred ms of CPU, which a
 * page this size repays (README, Cost). HTTP pages (at most `API_MAX_LIMIT`) never use them.
 */
export const FORMAT_THREADS_MIN_ROWS = 50_000
/**
 * One format thread per core beyond the main thread's: the main thread reads DuckDB, decodes the
 * texts and formats whatever the threads cannot take, and DuckDB's own threads scan. On the 2-core
 * benchmark machine a second thread cost more than it gave (README, Cost).
 */
export const DEFAULT_FORMAT_THREADS = availableParallelism() - 1
/** More format threads than this is a mistake, not a faster export. */
export const MAX_FORMAT_THREADS = 64
/** The page size a SIEM may ask for over HTTP (reference §4.5). */
export const API_MAX_LIMIT = 1000
export const API_DEFAULT_LIMIT = 100
/** The largest page anyone may ask for (the CLI and bulk formats). */
export const MAX_LIMIT = 100_000_000

/** The query parameters of `GET /api/v1/exports/{stream}`, for the route to reuse. */
export const ExportQuerySchema = Type.Object(
  {
    format: Type.Union(
      EXPORT_FORMATS.map((f) => Type.Literal(f)),
      { description: 'record format' },
    ),
    after: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: MAX_CURSOR_LENGTH,
        pattern: '^[A-Za-z0-9_-]+$',
        description: 'opaque cursor from the previous page (exclusive)',
      }),
    ),
    limit: Type.Integer({
      minimum: 1,
      maximum: API_MAX_LIMIT,
      default: API_DEFAULT_LIMIT,
      description: 'records per page',
    }),
    partner: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    eventType: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
        maxItems: 100,
        description: 'event types (events) or detector ids (anomalies); repeat to list several',
      }),
    ),
    since: Type.Optional(
      Type.String({
        format: 'date-time',
        description: 'bootstrap: only records whose event time is at or after this instant',
      }),
    ),
    framing: Type.Optional(
      Type.Union([Type.Literal('lf'), Type.Literal('octet-counting')], {
        description: 'syslog framing: one message per line, or RFC 6587 octet counting',
      }),
    ),
  },
  { additionalProperties: false },
)
export type ExportQuery = Static<typeof ExportQuerySchema>

export interface ExportPageOptions {
  stream: ExportStream
  format: ExportFormat
  /** The cursor of the previous page; absent = from the beginning. */
  after?: string | undefined
  limit: number
  partner?: string | undefined
  /** Event types for `events`, detector ids for `anomalies`. */
  eventTypes?: readonly string[] | undefined
  since?: Date | undefined
  /** A partner admin's partner: enforced in the SQL, whatever the filters or the cursor say. */
  partnerScope?: string | undefined
  framing?: SyslogFraming | undefined
  batchRows?: number | undefined
  /**
   * Format threads for an events page of `FORMAT_THREADS_MIN_ROWS` or more in a text format:
   * default `DEFAULT_FORMAT_THREADS` (one per core but one); 0 formats on the main thread only.
   */
  formatThreads?: number | undefined
  /** Started format threads to use whatever the page's size (kept open; for tests and callers
   * that export many pages). Their format and framing must be the page's. */
  formatPool?: FormatPool | undefined
}

export interface ExportPage {
  /** The body: text chunks (whole records) or, for arrow/parquet, bytes. */
  records: AsyncIterable<string | Uint8Array>
  count: number
  /** Resume here; equal to the request's cursor position when the page is empty. */
  nextCursor: string
  hasMore: boolean
  contentType: string
}

export async function exportPage(db: Database, options: ExportPageOptions): Promise<ExportPage> {
  const { stream, format } = options
  checkOptions(options)
  const filters = normaliseFilters(options)
  const state = resumeState(stream, options.after, filters, {
    partner: options.partner !== undefined,
    eventTypes: options.eventTypes !== undefined,
    since: options.since !== undefined,
  })
  const filter: StreamFilter = {
    partner: state.partner,
    scope: options.partnerScope ?? null,
    types: state.eventTypes,
    sinceIso: state.sinceIso,
  }
  const framing = options.framing ?? 'lf'
  // Started first, so the threads load while DuckDB fixes the page.
  const ownPool = startFormatPool(options, framing)
  const conn = await db.connect()
  let handedOver = false
  try {
    await conn.run('BEGIN TRANSACTION')
    const queries = createExportQueries(conn)
    await checkPosition(queries, state)
    const batch =
      options.batchRows ??
      (stream === 'events' && !isBulkFormat(format) && isCefEventFormat(format)
        ? CEF_BATCH_ROWS
        : DEFAULT_BATCH_ROWS)
    const bounds = await queries.pageBounds(stream, filter, state.afterSeq, options.limit, batch)
    const lastSeq = bounds.lastSeq ?? state.afterSeq
    const next: CursorState = { ...state, afterSeq: lastSeq }
    const page = { count: bounds.count, nextCursor: encodeCursor(next), hasMore: bounds.hasMore }
    const contentType = CONTENT_TYPES[format]
    const range = { filter, fromSeq: state.afterSeq, toSeq: lastSeq, batchEnds: bounds.batchEnds }
    let body: AsyncIterable<string | Uint8Array>
    if (format === 'parquet') {
      body = parquetBody(conn, stream, range)
    } else if (format === 'arrow') {
      body = arrowBody(queries, stream, range)
    } else if (bounds.count === 0) {
      body = (async function* () {})()
    } else {
      const usePool =
        options.formatPool ?? (bounds.count >= FORMAT_THREADS_MIN_ROWS ? ownPool : undefined)
      body = textBody(conn, queries, { stream, format, framing, pool: usePool }, range)
    }
    handedOver = true
    return { ...page, contentType, records: closing(conn, body, ownPool) }
  } finally {
    if (!handedOver) {
      release(conn, ownPool)
    }
  }
}

/** Format threads of the page's own, when it may be large enough for them (closed with the body). */
function startFormatPool(
  options: ExportPageOptions,
  framing: SyslogFraming,
): FormatPool | undefined {
  const { format } = options
  const threads = options.formatThreads ?? DEFAULT_FORMAT_THREADS
  if (
    options.formatPool !== undefined ||
    options.stream !== 'events' ||
    isBulkFormat(format) ||
    threads < 1 ||
    options.limit < FORMAT_THREADS_MIN_ROWS
  ) {
    return undefined
  }
  return formatPool(threads, format, framing)
}

/**
 * Ends the read transaction and closes the connection (and stops the page's own format threads)
 * once the body is done or abandoned.
 */
async function* closing<T>(
  conn: DuckDBConnection,
  body: AsyncIterable<T>,
  pool: FormatPool | undefined,
): AsyncGenerator<T> {
  try {
    yield* body
  } finally {
    release(conn, pool)
  }
}

function release(conn: DuckDBConnection, pool: FormatPool | undefined): void {
  pool?.close()
  conn
    .run('COMMIT')
    .catch(() => undefined)
    .finally(() => conn.closeSync())
}

/**
 * A cursor must point at a row the stream has (or had): one past the newest row came from another
 * store or was altered; one before the oldest stored row means the rows after it were purged
 * (retention), so resuming would silently skip them.
 */
async function checkPosition(queries: ExportQueries, state: CursorState): Promise<void> {
  if (state.afterSeq === 0n) {
    return
  }
  const { oldest, newest } = await queries.seqRange(state.stream)
  if (newest !== null && state.afterSeq > newest) {
    throw new CursorInvalid(
      `it points past the end of the ${state.stream} stream (another database, or altered)`,
    )
  }
  if (oldest === null || state.afterSeq < oldest) {
    throw new CursorExpired(
      `the ${state.stream} it follows were purged (retention); start again without a cursor, with since= for the bootstrap`,
      oldest ?? undefined,
    )
  }
}

function checkOptions(options: ExportPageOptions): void {
  if (!(EXPORT_STREAMS as readonly string[]).includes(options.stream)) {
    throw new UsageError(`stream must be one of ${EXPORT_STREAMS.join(', ')}`)
  }
  if (!(EXPORT_FORMATS as readonly string[]).includes(options.format)) {
    throw new UsageError(`format must be one of ${EXPORT_FORMATS.join(', ')}`)
  }
  if (!Number.isInteger(options.limit) || options.limit < 1 || options.limit > MAX_LIMIT) {
    throw new UsageError(`limit must be a whole number from 1 to ${MAX_LIMIT}`)
  }
  if (
    options.formatThreads !== undefined &&
    (!Number.isInteger(options.formatThreads) ||
      options.formatThreads < 0 ||
      options.formatThreads > MAX_FORMAT_THREADS)
  ) {
    throw new UsageError(`formatThreads must be a whole number from 0 to ${MAX_FORMAT_THREADS}`)
  }
  const pool = options.formatPool
  if (pool && (pool.format !== options.format || pool.framing !== (options.framing ?? 'lf'))) {
    throw new UsageError(
      `formatPool formats ${pool.format} (${pool.framing}), not this page's format`,
    )
  }
  if (options.since && Number.isNaN(options.since.getTime())) {
    throw new UsageError('since must be a valid instant')
  }
}
