// The body of a page in a text format: findings a batch at a time; events a DuckDB chunk at a time
// (`event-array-queries.ts`), cut into pieces of 256 rows whose records are packed into one body
// chunk of bytes each, built on the main thread or, for a large page, by format threads (`format-pool.ts`) while the main thread reads
// on. Either way the body chunks come out in the page's order, each once.
import type { DuckDBConnection } from '@duckdb/node-api'
import type { ExportQueries, PageRange } from './export-queries.js'
import type { ExportStream } from './cursor.js'
import { CEF_EVENT_FIELDS } from './formats/cef.js'
import { findingFormatter, isCefEventFormat, needsRaw, type TextFormat } from './formats/index.js'
import type { SyslogFraming } from './formats/syslog.js'
import {
  EVENT_FIELDS,
  EVENT_FIELDS_WITH_RAW,
  eventChunks,
  type TextChunk,
} from './event-array-queries.js'
import { PIECES_PER_THREAD, type FormatPool } from './format-pool.js'
import { readAhead } from './read-ahead.js'
import { eventRecords } from './text-records.js'

export interface TextBodyOptions {
  stream: ExportStream
  format: TextFormat
  framing: SyslogFraming
  /** Format threads for the events, if the page is worth them. */
  pool?: FormatPool | undefined
}

/**
 * A piece, the unit formatted and yielded, ends at this many rows or this many characters of JSON
 * array text, whichever comes first. Its texts and records then stay under a few hundred KB, so
 * their buffers (and a format thread's messages) come from memory the allocator reuses: megabyte
 * buffers were fresh pages each time, and a fresh page costs a fault (on the benchmark's VM about
 * 5 ms a megabyte; README, Cost). It also bounds what a format thread holds at once.
 */
export const PIECE_ROWS = 256
export const PIECE_CHARS = 256 * 1024

/** The texts of each DuckDB chunk cut into pieces, each decoded while its chunk is current. */
async function* eventPieces(chunks: AsyncIterable<TextChunk>): AsyncGenerator<string[]> {
  for await (const chunk of chunks) {
    let piece: string[] = []
    let chars = 0
    for (let i = 0; i < chunk.length; i += 1) {
      const text = chunk.text(i)
      piece.push(text)
      chars += text.length
      if (piece.length === PIECE_ROWS || chars >= PIECE_CHARS) {
        yield piece
        piece = []
        chars = 0
      }
    }
    if (piece.length > 0) {
      yield piece
    }
  }
}

export async function* textBody(
  conn: DuckDBConnection,
  queries: ExportQueries,
  options: TextBodyOptions,
  range: PageRange,
): AsyncGenerator<string | Uint8Array> {
  const { format, framing, pool } = options
  if (options.stream === 'anomalies') {
    const oneFinding = findingFormatter(format, framing)
    let from = range.fromSeq
    for (const to of range.batchEnds) {
      yield (await queries.findingBatch(range.filter, from, to)).map(oneFinding).join('')
      from = to
    }
    return
  }
  // Each format reads the fields it needs, one JSON array per row.
  const fields = isCefEventFormat(format)
    ? CEF_EVENT_FIELDS
    : needsRaw(format)
      ? EVENT_FIELDS_WITH_RAW
      : EVENT_FIELDS
  const pieces = eventPieces(eventChunks(conn, fields, range))
  let work: (texts: string[]) => Promise<Buffer | undefined>
  let most: number
  if (pool === undefined) {
    const toBytes = eventRecords(format, framing)
    work = (texts) => Promise.resolve(toBytes(texts))
    most = PIECES_PER_THREAD
  } else {
    work = (texts) => pool.records(texts)
    // Each thread's waiting pieces, and as many again formatted here.
    most = PIECES_PER_THREAD * (pool.threads + 1)
  }
  for await (const bytes of readAhead(pieces, work, most)) {
    if (bytes !== undefined) {
      yield bytes
    }
  }
}
