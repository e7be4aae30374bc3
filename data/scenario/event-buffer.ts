// Events waiting to be written. Each event is serialised at once into a byte arena (off the JS
// heap, so holding a day of events costs the garbage collector nothing), indexed by time and
// arrival order, and released sorted up to a watermark through the stream with backpressure.
import { once } from 'node:events'
import type { Writable } from 'node:stream'
import type { EventLine } from './log-event.js'

const ARENA_BYTES = 8 << 20
const CHUNK_BYTES = 4 << 20

export class EventBuffer {
  private arenas: Buffer[] = [Buffer.allocUnsafe(ARENA_BYTES)]
  private used = 0
  /** Parallel columns, one row per buffered event. */
  private times: number[] = []
  private seqs: number[] = []
  private where: number[] = []
  private lengths: number[] = []
  private seq = 0
  private readonly startMs: number
  private readonly endMs: number
  written = 0
  signIns = 0
  readonly byType = new Map<string, number>()

  constructor(startMs: number, endMs: number) {
    this.startMs = startMs
    this.endMs = endMs
  }

  add(event: EventLine): void {
    const { t } = event
    if (t < this.startMs || t >= this.endMs) {
      return
    }
    this.store(event.line, t)
    this.byType.set(event.eventType, (this.byType.get(event.eventType) ?? 0) + 1)
    if (event.eventType === 'user.session.start') {
      this.signIns++
    }
  }

  private store(line: string, t: number): void {
    let arena = this.arenas[this.arenas.length - 1] as Buffer
    if (this.used + line.length * 3 + 1 > arena.length) {
      arena = Buffer.allocUnsafe(Math.max(ARENA_BYTES, line.length * 3 + 1))
      this.arenas.push(arena)
      this.used = 0
    }
    const n = arena.write(line, this.used)
    arena[this.used + n] = 10
    this.times.push(t)
    this.seqs.push(this.seq++)
    // Arena index and offset packed in one number (offsets stay below 2^32).
    this.where.push((this.arenas.length - 1) * 4294967296 + this.used)
    this.lengths.push(n + 1)
    this.used += n + 1
  }

  /** Writes every event before `watermark`, in time order; keeps the rest for later. */
  async flush(out: Writable, watermark: number): Promise<void> {
    const { times, seqs } = this
    const order = times
      .map((_, i) => i)
      .sort(
        (a, b) =>
          (times[a] as number) - (times[b] as number) || (seqs[a] as number) - (seqs[b] as number),
      )
    let chunk = Buffer.allocUnsafe(CHUNK_BYTES)
    let filled = 0
    const keep: number[] = []
    for (const i of order) {
      if ((times[i] as number) >= watermark) {
        keep.push(i)
        continue
      }
      const bytes = this.bytesOf(i)
      if (filled + bytes.length > chunk.length) {
        if (!out.write(chunk.subarray(0, filled))) {
          await once(out, 'drain')
        }
        chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, bytes.length))
        filled = 0
      }
      filled += bytes.copy(chunk, filled)
      this.written++
    }
    if (filled > 0 && !out.write(chunk.subarray(0, filled))) {
      await once(out, 'drain')
    }
    this.compact(keep)
  }

  private bytesOf(i: number): Buffer {
    const w = this.where[i] as number
    const arena = this.arenas[Math.floor(w / 4294967296)] as Buffer
    const offset = w % 4294967296
    return arena.subarray(offset, offset + (this.lengths[i] as number))
  }

  /** Moves the events still waiting into a fresh arena and drops the written ones. */
  private compact(keep: number[]): void {
    const kept = keep.map((i) => ({
      t: this.times[i] as number,
      seq: this.seqs[i] as number,
      bytes: this.bytesOf(i),
    }))
    const size = kept.reduce((s, k) => s + k.bytes.length, 0)
    const arena = Buffer.allocUnsafe(Math.max(ARENA_BYTES, size))
    this.arenas = [arena]
    this.used = 0
    this.times = []
    this.seqs = []
    this.where = []
    this.lengths = []
    for (const k of kept) {
      k.bytes.copy(arena, this.used)
      this.times.push(k.t)
      this.seqs.push(k.seq)
      this.where.push(this.used)
      this.lengths.push(k.bytes.length)
      this.used += k.bytes.length
    }
  }
}
