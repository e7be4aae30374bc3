// The bulk formats for analysts. Arrow: an IPC stream written a batch at a time (the schema message
// once, then one record-batch message per DuckDB batch, then the end-of-stream marker), so memory
// holds one batch whatever the page size. Parquet: DuckDB's own COPY … TO of the page's rows into a
// temporary file (storage order, small row groups: see bulkSelect), streamed back and deleted.
import { createReadStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  Bool,
  Field,
  Float64,
  Int64,
  Schema,
  Table,
  tableToIPC,
  Utf8,
  vectorFromArray,
  type DataType,
  type Vector,
} from 'apache-arrow'
import type { DuckDBConnection } from '@duckdb/node-api'
import { StoreError } from '../../lib/errors.js'
import type { ExportStream } from './cursor.js'
import { boundParams, bulkSelect, type ExportQueries, type PageRange } from './export-queries.js'
import type { EventRow, FindingRow } from './rows.js'

type ColumnKind = 'utf8' | 'float64' | 'int64' | 'bool' | 'json'

const EVENT_ARROW: readonly (readonly [keyof EventRow, ColumnKind])[] = [
  ['seq', 'int64'],
  ['uuid', 'utf8'],
  ['org', 'utf8'],
  ['publishedMs', 'float64'],
  ['ingestedMs', 'float64'],
  ['eventType', 'utf8'],
  ['severity', 'utf8'],
  ['displayMessage', 'utf8'],
  ['outcomeResult', 'utf8'],
  ['outcomeReason', 'utf8'],
  ['actorId', 'utf8'],
  ['actorLogin', 'utf8'],
  ['actorName', 'utf8'],
  ['actorType', 'utf8'],
  ['clientIp', 'utf8'],
  ['userAgent', 'utf8'],
  ['city', 'utf8'],
  ['state', 'utf8'],
  ['country', 'utf8'],
  ['lat', 'float64'],
  ['lon', 'float64'],
  ['asNumber', 'float64'],
  ['asOrg', 'utf8'],
  ['sessionId', 'utf8'],
  ['transactionId', 'utf8'],
  ['targetUserId', 'utf8'],
  ['targetUserLogin', 'utf8'],
  ['partnerId', 'utf8'],
  ['raw', 'utf8'],
]

const FINDING_ARROW: readonly (readonly [keyof FindingRow, ColumnKind])[] = [
  ['seq', 'int64'],
  ['id', 'utf8'],
  ['detector', 'utf8'],
  ['severity', 'utf8'],
  ['score', 'float64'],
  ['org', 'utf8'],
  ['partnerId', 'utf8'],
  ['userId', 'utf8'],
  ['userLogin', 'utf8'],
  ['occurredMs', 'float64'],
  ['createdMs', 'float64'],
  ['eventIds', 'json'],
  ['summary', 'utf8'],
  ['details', 'utf8'],
  ['status', 'utf8'],
]

function arrowType(kind: ColumnKind): DataType {
  switch (kind) {
    case 'int64':
      return new Int64()
    case 'float64':
      return new Float64()
    case 'bool':
      return new Bool()
    default:
      return new Utf8()
  }
}

function arrowSchema(columns: readonly (readonly [string, ColumnKind])[]): Schema {
  return new Schema(columns.map(([name, kind]) => new Field(name, arrowType(kind), true)))
}

function batchTable<R extends object>(
  schema: Schema,
  columns: readonly (readonly [keyof R & string, ColumnKind])[],
  rows: readonly R[],
): Table {
  const vectors: Record<string, Vector> = {}
  for (const [name, kind] of columns) {
    const values = rows.map((r) => {
      const v = r[name] as unknown
      return kind === 'json' ? JSON.stringify(v) : v
    })
    vectors[name] = vectorFromArray(values, arrowType(kind))
  }
  const table = new Table(vectors)
  return new Table(schema, table.batches)
}

/** Bytes of the end-of-stream marker: continuation token 0xFFFFFFFF then a zero length. */
const EOS_BYTES = 8

export async function* arrowBody(
  queries: ExportQueries,
  stream: ExportStream,
  range: PageRange,
): AsyncGenerator<Uint8Array> {
  const columns = stream === 'events' ? EVENT_ARROW : FINDING_ARROW
  const schema = arrowSchema(columns)
  const head = tableToIPC(new Table(schema), 'stream')
  const schemaBytes = head.subarray(0, head.byteLength - EOS_BYTES)
  yield schemaBytes
  let from = range.fromSeq
  for (const to of range.batchEnds) {
    const table =
      stream === 'events'
        ? batchTable(schema, EVENT_ARROW, await queries.eventBatch(range.filter, from, to, true))
        : batchTable(schema, FINDING_ARROW, await queries.findingBatch(range.filter, from, to))
    if (table.numRows > 0) {
      const bytes = tableToIPC(table, 'stream')
      yield bytes.subarray(schemaBytes.byteLength, bytes.byteLength - EOS_BYTES)
    }
    from = to
  }
  yield head.subarray(head.byteLength - EOS_BYTES)
}

export async function* parquetBody(
  conn: DuckDBConnection,
  stream: ExportStream,
  range: PageRange,
): AsyncGenerator<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'partnerwatch-export-'))
  try {
    const file = join(dir, `${stream}.parquet`)
    await copyToParquet(conn, stream, range, file)
    for await (const chunk of createReadStream(file)) {
      yield chunk as Uint8Array
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/**
 * Rows per Parquet row group. DuckDB's writer holds a row group per thread in its pool; with its
 * default (122,880 rows of ~2 KB raw events) 1M events failed even with a 512 MB pool; with 16,384
 * they fit in 512 MB with 2 threads (README, Cost).
 */
const PARQUET_ROW_GROUP_ROWS = 16_384

/** DuckDB writes the page's rows to `file` (a path of ours, never a user's) as Parquet. */
export async function copyToParquet(
  conn: DuckDBConnection,
  stream: ExportStream,
  range: PageRange,
  file: string,
): Promise<void> {
  const path = file.replace(/'/g, "''")
  try {
    await conn.run(
      `COPY (${bulkSelect(stream)}) TO '${path}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${PARQUET_ROW_GROUP_ROWS})`,
      boundParams(range.filter, { from: range.fromSeq, to: range.toSeq }),
    )
  } catch (err) {
    const text = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? ''
    throw new StoreError(`parquet export failed: ${text}`, { cause: err })
  }
}
