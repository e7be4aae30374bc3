// Indexes events.ndjson once: for each line its byte offset, byte length and `published` instant, in
// typed arrays, so a scenario of millions of events costs tens of bytes per event in memory. The
// texts stay on disk and are read back positionally when a page is served (line-reader.ts).
import { open } from 'node:fs/promises'
import { InputInvalid } from '../../lib/errors.js'

export interface EventFileIndex {
  path: string
  count: number
  /** Arrays are in `published` order (ties keep file order), whatever the file's order was. */
  offsets: Float64Array
  lengths: Uint32Array
  publishedMs: Float64Array
  /** True when the file was not sorted by `published` and the index was reordered. */
  reordered: boolean
}

const CHUNK_BYTES = 4 * 1024 * 1024
const KEY = Buffer.from('"published":"')
const NEWLINE = 0x0a
const QUOTE = 0x22

export async function indexEventFile(path: string): Promise<EventFileIndex> {
  const fh = await open(path, 'r')
  try {
    const size = (await fh.stat()).size
    const out = new GrowingIndex(Math.ceil(size / 512) + 16)
    let buf = Buffer.allocUnsafe(CHUNK_BYTES)
    let bufStartPos = 0
    let filled = 0
    let lineNo = 0
    for (;;) {
      if (filled === buf.length) {
        // One line longer than the buffer: grow it.
        const bigger = Buffer.allocUnsafe(buf.length * 2)
        buf.copy(bigger, 0, 0, filled)
        buf = bigger
      }
      const { bytesRead } = await fh.read(buf, filled, buf.length - filled, bufStartPos + filled)
      const eof = bytesRead === 0
      filled += bytesRead
      let lineStart = 0
      for (;;) {
        let nl = buf.indexOf(NEWLINE, lineStart)
        if (nl < 0 || nl >= filled) {
          if (!eof || lineStart >= filled) {
            break
          }
          nl = filled
        }
        lineNo += 1
        addLine(out, buf.subarray(lineStart, nl), bufStartPos + lineStart, lineNo, path)
        lineStart = nl + 1
      }
      if (eof) {
        break
      }
      buf.copy(buf, 0, lineStart, filled)
      bufStartPos += lineStart
      filled -= lineStart
    }
    return out.finish(path)
  } finally {
    await fh.close()
  }
}

function addLine(out: GrowingIndex, raw: Buffer, offset: number, lineNo: number, path: string) {
  let line = raw
  if (line.length > 0 && line[line.length - 1] === 0x0d) {
    line = line.subarray(0, line.length - 1)
  }
  const where = `${path} line ${lineNo}`
  if (line[0] !== 0x7b || line[line.length - 1] !== 0x7d) {
    if (line.toString('latin1').trim() === '') {
      return
    }
    throw new InputInvalid(where, 'not a JSON object on one line')
  }
  out.push(offset, line.length, publishedOf(line, where))
}

/** Fast path: the one `"published":"` key on the line. Anything unusual is parsed properly. */
function publishedOf(line: Buffer, where: string): number {
  const at = line.indexOf(KEY)
  if (at >= 0 && line.indexOf(KEY, at + KEY.length) < 0) {
    const from = at + KEY.length
    const ms = Date.parse(line.toString('latin1', from, line.indexOf(QUOTE, from)))
    if (Number.isFinite(ms)) {
      return ms
    }
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(line.toString('utf8'))
  } catch (err) {
    throw new InputInvalid(where, `not valid JSON (${(err as Error).message})`)
  }
  const published =
    typeof parsed === 'object' && parsed !== null && 'published' in parsed
      ? parsed.published
      : undefined
  const ms = typeof published === 'string' ? Date.parse(published) : Number.NaN
  if (!Number.isFinite(ms)) {
    throw new InputInvalid(where, 'the event has no valid "published" instant')
  }
  return ms
}

class GrowingIndex {
  count = 0
  offsets: Float64Array
  lengths: Uint32Array
  publishedMs: Float64Array
  sorted = true

  constructor(capacity: number) {
    this.offsets = new Float64Array(capacity)
    this.lengths = new Uint32Array(capacity)
    this.publishedMs = new Float64Array(capacity)
  }

  push(offset: number, length: number, publishedMs: number) {
    if (this.count === this.offsets.length) {
      const capacity = this.count * 2
      this.offsets = grow(this.offsets, new Float64Array(capacity))
      this.lengths = grow(this.lengths, new Uint32Array(capacity))
      this.publishedMs = grow(this.publishedMs, new Float64Array(capacity))
    }
    const i = this.count
    if (i > 0 && publishedMs < (this.publishedMs[i - 1] ?? 0)) {
      this.sorted = false
    }
    this.offsets[i] = offset
    this.lengths[i] = length
    this.publishedMs[i] = publishedMs
    this.count += 1
  }

  finish(path: string): EventFileIndex {
    const n = this.count
    const offsets = this.offsets.slice(0, n)
    const lengths = this.lengths.slice(0, n)
    const publishedMs = this.publishedMs.slice(0, n)
    if (this.sorted) {
      return { path, count: n, offsets, lengths, publishedMs, reordered: false }
    }
    const order = new Uint32Array(n).map((_, i) => i)
    order.sort((a, b) => (publishedMs[a] ?? 0) - (publishedMs[b] ?? 0) || a - b)
    return {
      path,
      count: n,
      offsets: Float64Array.from(order, (i) => offsets[i] ?? 0),
      lengths: Uint32Array.from(order, (i) => lengths[i] ?? 0),
      publishedMs: Float64Array.from(order, (i) => publishedMs[i] ?? 0),
      reordered: true,
    }
  }
}

function grow<T extends Float64Array | Uint32Array>(from: T, to: T): T {
  to.set(from)
  return to
}
