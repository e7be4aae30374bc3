// Reads event lines back from events.ndjson by byte range. Ranges close to each other on disk are
// read with one positional read, so serving a page of consecutive events costs one read call.
import type { FileHandle } from 'node:fs/promises'

export interface ByteRange {
  offset: number
  length: number
}

/** Reads larger than this are split; a gap larger than MAX_GAP_BYTES starts a new read. */
const MAX_READ_BYTES = 8 * 1024 * 1024
const MAX_GAP_BYTES = 16 * 1024

/** The UTF-8 text of each range, in the order given. */
export async function readRanges(fh: FileHandle, ranges: readonly ByteRange[]): Promise<string[]> {
  const out = new Array<string>(ranges.length)
  const order = ranges.map((_, i) => i).sort((a, b) => offsetOf(ranges, a) - offsetOf(ranges, b))
  let group: number[] = []
  let groupStart = 0
  let groupEnd = 0
  const flush = async () => {
    if (group.length === 0) {
      return
    }
    const buf = Buffer.allocUnsafe(groupEnd - groupStart)
    let done = 0
    while (done < buf.length) {
      const { bytesRead } = await fh.read(buf, done, buf.length - done, groupStart + done)
      if (bytesRead === 0) {
        throw new Error(`events file ended early at byte ${groupStart + done}`)
      }
      done += bytesRead
    }
    for (const i of group) {
      const r = ranges[i]
      if (r) {
        out[i] = buf.toString('utf8', r.offset - groupStart, r.offset - groupStart + r.length)
      }
    }
    group = []
  }
  for (const i of order) {
    const r = ranges[i]
    if (!r) {
      continue
    }
    const end = r.offset + r.length
    const joins =
      group.length > 0 &&
      r.offset - groupEnd <= MAX_GAP_BYTES &&
      Math.max(end, groupEnd) - groupStart <= MAX_READ_BYTES
    if (!joins) {
      await flush()
      groupStart = r.offset
      groupEnd = end
    }
    group.push(i)
    groupEnd = Math.max(groupEnd, end)
  }
  await flush()
  return out
}

function offsetOf(ranges: readonly ByteRange[], i: number): number {
  return ranges[i]?.offset ?? 0
}
