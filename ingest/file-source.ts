// Reads Okta System Log exports: NDJSON (one event per line, Log Streaming style) or a JSON array,
// either of them gzipped, streamed in batches. Every line or element comes out with its position, so
// each one is either stored or quarantined with where it was; blank lines are counted, not lost.
import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { createGunzip } from 'node:zlib'
import { isUtf8 } from 'node:buffer'
import { StringDecoder } from 'node:string_decoder'
import type { Readable } from 'node:stream'
import { JsonArraySplitter } from './json-array-splitter.js'
import type { RawEvent } from './event-store-queries.js'
import { readEventKeys } from './event-keys.js'

export interface FileBatch {
  events: RawEvent[]
  /** Blank lines passed over in this batch (NDJSON only). */
  blank: number
}

export type FileFormat = 'ndjson' | 'json-array'

export interface FileShape {
  gzip: boolean
  format: FileFormat
}

/** Looks at the first bytes: gzip magic, then whether the (decompressed) text starts with `[`. */
export async function detectFileShape(path: string): Promise<FileShape> {
  const handle = await open(path, 'r')
  let head: Buffer
  try {
    const buf = Buffer.alloc(2)
    const { bytesRead } = await handle.read(buf, 0, 2, 0)
    head = buf.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
  const gzip = head.length === 2 && head[0] === 0x1f && head[1] === 0x8b
  const first = await firstNonSpaceByte(openStream(path, gzip))
  return { gzip, format: first === 0x5b ? 'json-array' : 'ndjson' }
}

export async function* readEventFile(path: string, batchSize: number): AsyncGenerator<FileBatch> {
  const shape = await detectFileShape(path)
  const stream = openStream(path, shape.gzip)
  if (shape.format === 'ndjson') {
    yield* readNdjson(stream, batchSize)
  } else {
    yield* readJsonArray(stream, batchSize)
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

async function* readNdjson(stream: Readable, batchSize: number): AsyncGenerator<FileBatch> {
  let rest: Buffer | undefined
  let line = 0
  let batch: FileBatch = { events: [], blank: 0 }
  const add = (text: string, reason?: string): void => {
    line += 1
    let start = 0
    let end = text.length
    if (line === 1 && text.charCodeAt(0) === 0xfeff) {
      start = 1
    }
    if (end > start && text.charCodeAt(end - 1) === 0x0d) {
      end -= 1
    }
    const body = start === 0 && end === text.length ? text : text.slice(start, end)
    if (body.trim() === '') {
      batch.blank += 1
      return
    }
    const position = `line ${line}`
    batch.events.push(
      reason ? { position, raw: body, reason } : { position, raw: body, keys: readEventKeys(body) },
    )
  }
  // Invalid UTF-8 is quarantined (as decoded, with replacement characters), never silently repaired.
  const addBytes = (bytes: Buffer): void =>
    add(bytes.toString('utf8'), isUtf8(bytes) ? undefined : 'not valid UTF-8')
  for await (const chunk of stream) {
    const buf: Buffer = rest ? Buffer.concat([rest, chunk as Buffer]) : (chunk as Buffer)
    const lastNl = buf.lastIndexOf(0x0a)
    if (lastNl === -1) {
      rest = buf
      continue
    }
    const lines = buf.subarray(0, lastNl)
    if (isUtf8(lines)) {
      // The usual case: the whole run of lines is valid UTF-8, decoded at once and cut as text.
      const text = lines.toString('utf8')
      let start = 0
      for (;;) {
        const nl = text.indexOf('\n', start)
        add(nl === -1 ? text.slice(start) : text.slice(start, nl))
        if (batch.events.length >= batchSize) {
          yield batch
          batch = { events: [], blank: 0 }
        }
        if (nl === -1) {
          break
        }
        start = nl + 1
      }
    } else {
      let start = 0
      for (;;) {
        const nl = lines.indexOf(0x0a, start)
        addBytes(lines.subarray(start, nl === -1 ? lines.length : nl))
        if (batch.events.length >= batchSize) {
          yield batch
          batch = { events: [], blank: 0 }
        }
        if (nl === -1) {
          break
        }
        start = nl + 1
      }
    }
    rest = lastNl + 1 < buf.length ? Buffer.from(buf.subarray(lastNl + 1)) : undefined
  }
  if (rest && rest.length > 0) {
    addBytes(rest)
  }
  if (batch.events.length > 0 || batch.blank > 0) {
    yield batch
  }
}

async function* readJsonArray(stream: Readable, batchSize: number): AsyncGenerator<FileBatch> {
  const splitter = new JsonArraySplitter()
  const decoder = new StringDecoder('utf8')
  let element = 0
  let events: RawEvent[] = []
  const add = (texts: string[]): void => {
    for (const raw of texts) {
      element += 1
      events.push({ position: `element ${element}`, raw, keys: readEventKeys(raw) })
    }
  }
  let failed: string | undefined
  for await (const chunk of stream) {
    if (failed === undefined) {
      try {
        add(splitter.push(decoder.write(chunk as Buffer)))
      } catch (err) {
        failed = (err as Error).message
      }
    }
    if (events.length >= batchSize) {
      yield { events, blank: 0 }
      events = []
    }
  }
  if (failed === undefined) {
    try {
      add(splitter.push(decoder.end()))
      splitter.end()
    } catch (err) {
      failed = (err as Error).message
    }
  }
  if (failed !== undefined) {
    // The rest of a broken array cannot be split reliably: one quarantined record says where it broke.
    events.push({
      position: `after element ${element}`,
      raw: '',
      reason: `broken JSON array: ${failed}`,
    })
  }
  if (events.length > 0) {
    yield { events, blank: 0 }
  }
}
