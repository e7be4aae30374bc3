// Reads Okta System Log exports: NDJSON (one event per line, Log Streaming style) or a JSON array,
// either of them gzipped, streamed in batches. Every line or element comes out with its position, so
// each one is either stored or quarantined with where it was; blank lines are counted, not lost.
import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { createGunzip } from 'node:zlib'
import { isUtf8 } from 'node:buffer'
import { StringDecoder } from 'node:string_decoder'
import type { Readable } from 'node:stream'
import { JsonArraySplitter, type SplitElement } from './json-array-splitter.js'
import type { RawEvent } from './event-store-queries.js'
import { readEventKeys } from './event-keys.js'
import { LineArena } from './line-arena.js'
import { EVENTS_PER_TURN, nextTurn } from './event-loop-turns.js'
import { MAX_EVENT_BYTES, OVERSIZED_KEPT_BYTES, oversizedReason } from './batch-bounds.js'
import { UnfinishedLine } from './unfinished-line.js'

export interface FileBatch {
  events: RawEvent[]
  /** Blank lines passed over in this batch (NDJSON only). */
  blank: number
  /**
   * Lets the reader reuse the memory of this batch's lines: call it once they are stored (they are
   * copied into DuckDB by then) and nothing reads them any more. Not calling it only costs memory.
   */
  release?: () => void
}

/**
 * The batch a reader is filling, with the arena its events' bytes go to: `cut` hands the batch over
 * with the release of its blocks, so no block is shared by two batches (line-arena.ts).
 */
class BatchBuilder {
  readonly arena = new LineArena()
  events: RawEvent[] = []
  blank = 0
  /** Raw text in `events`. */
  bytes = 0

  private readonly limits: BatchLimits

  constructor(limits: BatchLimits) {
    this.limits = limits
  }

  push(event: RawEvent): void {
    this.events.push(event)
    this.bytes += event.raw.length
  }

  /** The batch has `limits.events` events, or `limits.bytes` of raw text. */
  get full(): boolean {
    return this.events.length >= this.limits.events || this.bytes >= this.limits.bytes
  }

  cut(): FileBatch {
    const batch = { events: this.events, blank: this.blank, release: this.arena.seal() }
    this.events = []
    this.blank = 0
    this.bytes = 0
    return batch
  }
}

/** Where a batch is cut: at this many events, or once it holds this much raw text. */
export interface BatchLimits {
  events: number
  bytes: number
}

export type FileFormat = 'ndjson' | 'json-array'

export interface FileShape {
  gzip: boolean
  format: FileFormat
  /**
   * How many bytes of text the file holds: its size, or for a gzip file the uncompressed size its
   * trailer gives (ISIZE, modulo 4 GiB; for several concatenated members only the last one's),
   * whichever is larger. An estimate for sizing transactions, never trusted for anything else.
   */
  textBytes: number
}

/**
 * Looks at the first bytes (gzip magic, then whether the decompressed text starts with `[`) and, for
 * gzip, the last four.
 */
export async function detectFileShape(path: string): Promise<FileShape> {
  const handle = await open(path, 'r')
  let gzip: boolean
  let textBytes: number
  try {
    const { size } = await handle.stat()
    const head = Buffer.alloc(2)
    const { bytesRead } = await handle.read(head, 0, 2, 0)
    gzip = bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b
    textBytes = size
    if (gzip && size >= 18) {
      const trailer = Buffer.alloc(4)
      await handle.read(trailer, 0, 4, size - 4)
      textBytes = Math.max(size, trailer.readUInt32LE(0))
    }
  } finally {
    await handle.close()
  }
  const first = await firstNonSpaceByte(openStream(path, gzip))
  return { gzip, format: first === 0x5b ? 'json-array' : 'ndjson', textBytes }
}

export async function* readEventFile(
  path: string,
  /** Events per batch, or where to cut a batch (events, raw text). */
  batch: number | BatchLimits,
  /** What detectFileShape said of the file, if the caller already asked. */
  known?: FileShape,
): AsyncGenerator<FileBatch> {
  const shape = known ?? (await detectFileShape(path))
  const stream = openStream(path, shape.gzip)
  const limits = typeof batch === 'number' ? { events: batch, bytes: Infinity } : batch
  if (shape.format === 'ndjson') {
    yield* readNdjson(stream, limits)
  } else {
    yield* readJsonArray(stream, limits)
  }
}

function openStream(path: string, gzip: boolean): Readable {
  const file = createReadStream(path, { highWaterMark: 1 << 20 })
  return gzip ? file.pipe(createGunzip()) : file
}

async function firstNonSpaceByte(stream: Readable): Promise<number | undefined> {
  try {
    for await (const chunk of stream) {
      for (const b of chunk as Buffer) {
        if (
          b !== 0x20 &&
          b !== 0x0a &&
          b !== 0x0d &&
          b !== 0x09 &&
          b !== 0xef &&
          b !== 0xbb &&
          b !== 0xbf
        ) {
          return b
        }
      }
    }
    return undefined
  } finally {
    stream.destroy()
  }
}

async function* readNdjson(stream: Readable, limits: BatchLimits): AsyncGenerator<FileBatch> {
  const batch = new BatchBuilder(limits)
  const rest = new UnfinishedLine()
  let line = 0
  // One line's bytes, without a BOM on line 1 or a CR at the end. Valid UTF-8 is kept as bytes (a
  // copy in the arena) and its text lives only while its keys are read; invalid UTF-8 is quarantined
  // as decoded (with replacement characters), never silently repaired.
  const add = (bytes: Buffer): void => {
    line += 1
    let start = 0
    let end = bytes.length
    if (line === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      start = 3
    }
    if (end > start && bytes[end - 1] === 0x0d) {
      end -= 1
    }
    const body = bytes.subarray(start, end)
    const text = body.toString('utf8')
    if (text.trim() === '') {
      batch.blank += 1
      return
    }
    const position = `line ${line}`
    batch.push(
      isUtf8(body)
        ? { position, raw: batch.arena.copy(body), keys: readEventKeys(text) }
        : { position, raw: text, reason: 'not valid UTF-8' },
    )
  }
  // A line longer than MAX_EVENT_BYTES is quarantined as the store would, keeping only its start:
  // its middle is not held (a 200 MB line took 212 s and 1.7 GB, then failed, when the pieces of an
  // unfinished line were joined again at every read).
  const endLine = (tail: Buffer): void => {
    const whole = rest.take(tail)
    if (whole === undefined) {
      line += 1
      batch.push({
        position: `line ${line}`,
        raw: rest.kept(),
        reason: oversizedReason(rest.bytes),
      })
    } else {
      add(whole)
    }
    rest.clear()
  }
  for await (const chunk of stream) {
    const buf = chunk as Buffer
    let start = 0
    for (let n = 1; ; n++) {
      const nl = buf.indexOf(0x0a, start)
      if (nl === -1) {
        break
      }
      if (rest.bytes > 0) {
        endLine(buf.subarray(start, nl))
      } else {
        add(buf.subarray(start, nl))
      }
      start = nl + 1
      if (batch.full) {
        yield batch.cut()
      }
      if (n % EVENTS_PER_TURN === 0) {
        await nextTurn()
      }
    }
    if (start < buf.length) {
      rest.push(buf.subarray(start))
    }
  }
  if (rest.bytes > 0) {
    endLine(Buffer.alloc(0))
  }
  if (batch.events.length > 0 || batch.blank > 0) {
    yield batch.cut()
  }
}

async function* readJsonArray(stream: Readable, limits: BatchLimits): AsyncGenerator<FileBatch> {
  // An element over MAX_EVENT_BYTES is quarantined by its start, as the store would: its middle is
  // not held (a 200 MB element took 101 s and 2.0 GB when the splitter kept it whole).
  const splitter = new JsonArraySplitter({
    maxElement: MAX_EVENT_BYTES,
    keep: OVERSIZED_KEPT_BYTES,
  })
  const decoder = new StringDecoder('utf8')
  // Each element's text lives only while its keys are read; its batch keeps its bytes, so batches
  // are cut element by element.
  const batch = new BatchBuilder(limits)
  let element = 0
  let failed: string | undefined
  /** The elements `text` completes; a broken array sets `failed` (after the elements before it). */
  const split = (text: string, last: boolean): SplitElement[] => {
    let texts: SplitElement[] = []
    try {
      texts = splitter.pushElements(text)
      if (last) {
        splitter.end()
      }
    } catch (err) {
      failed = (err as Error).message
    }
    return texts
  }
  async function* take(elements: SplitElement[]): AsyncGenerator<FileBatch> {
    for (const { text, oversized } of elements) {
      element += 1
      const position = `element ${element}`
      if (oversized === undefined) {
        const raw = batch.arena.copyText(text)
        batch.push({ position, raw, keys: readEventKeys(text) })
      } else {
        batch.push({ position, raw: text, reason: oversizedReason(oversized) })
      }
      if (batch.full) {
        yield batch.cut()
      }
      if (element % EVENTS_PER_TURN === 0) {
        await nextTurn()
      }
    }
  }
  for await (const chunk of stream) {
    if (failed === undefined) {
      yield* take(split(decoder.write(chunk as Buffer), false))
    }
  }
  if (failed === undefined) {
    yield* take(split(decoder.end(), true))
  }
  if (failed !== undefined) {
    // The rest of a broken array cannot be split reliably: one quarantined record says where it broke.
    batch.push({
      position: `after element ${element}`,
      raw: '',
      reason: `broken JSON array: ${failed}`,
    })
  }
  if (batch.events.length > 0) {
    yield batch.cut()
  }
}
