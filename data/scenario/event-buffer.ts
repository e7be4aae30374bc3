// Events waiting to be written. Each event is copied at once into a byte arena (off the JS heap,
// so holding a day of events costs the garbage collector nothing), indexed by time and arrival
// order, and released sorted up to a watermark through the stream, honouring backpressure.
// Arenas and output chunks are reused: fresh memory pages are slow to touch for the first time.
import { once } from 'node:events'
import type { Writable } from 'node:stream'
import type { EventLine } from './log-event.js'

const ARENA_BYTES = 8 << 20
const CHUNK_BYTES = 4 << 20
const TWO_32 = 4294967296

export class EventBuffer {
  private arenas: Buffer[] = []
  private spare: Buffer[] = []
  private chunks: Buffer[] = []
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
    this.arenas.push(this.arena(ARENA_BYTES))
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

  private arena(bytes: number): Buffer {
    const i = this.spare.findIndex((b) => b.length >= bytes)
    return i >= 0 ? (this.spare.splice(i, 1)[0] as Buffer) : Buffer.allocUnsafeSlow(bytes)
  }

  private store(line: string, t: number): void {
    let arena = this.arenas[this.arenas.length - 1] as Buffer
    if (this.used + line.length * 3 + 1 > arena.length) {
      arena = this.arena(Math.max(ARENA_BYTES, line.length * 3 + 1))
      this.arenas.push(arena)
      this.used = 0
    }
    const n = arena.write(line, this.used)
    arena[this.used + n] = 10
    this.times.push(t)
    this.seqs.push(this.seq++)
    // Arena index and offset packed in one number (offsets stay below 2^32).
    this.where.push((this.arenas.length - 1) * TWO_32 + this.used)
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
    let chunk = this.chunk()
    let filled = 0
    const keep: number[] = []
    for (const i of order) {
      if ((times[i] as number) >= watermark) {
        keep.push(i)
        continue
      }
      const w = this.where[i] as number
      const offset = w % TWO_32
      const length = this.lengths[i] as number
      if (filled + length > chunk.length) {
        await this.send(out, chunk, filled)
        chunk = this.chunk()
        filled = 0
      }
      const arena = this.arenas[Math.floor(w / TWO_32)] as Buffer
      filled += arena.copy(chunk, filled, offset, offset + length)
      this.written++
    }
    await this.send(out, chunk, filled)
    this.compact(keep)
  }

  private chunk(): Buffer {
    return this.chunks.pop() ?? Buffer.allocUnsafeSlow(CHUNK_BYTES)
  }

  /** Writes a chunk; it returns to the pool once the stream is done with it. */
  private async send(out: Writable, chunk: Buffer, filled: number): Promise<void> {
    if (filled === 0) {
      this.chunks.push(chunk)
      return
    }
    const ok = out.write(chunk.subarray(0, filled), () => this.chunks.push(chunk))
    if (!ok) {
      await once(out, 'drain')
    }
  }

  /** Moves the events still waiting to the front of a spare arena; the others become spare. */
  private compact(keep: number[]): void {
    const old = this.arenas
    const size = keep.reduce((s, i) => s + (this.lengths[i] as number), 0)
    const target = this.arena(Math.max(ARENA_BYTES, size))
    const times: number[] = []
    const seqs: number[] = []
    const where: number[] = []
    const lengths: number[] = []
    let used = 0
    for (const i of keep) {
      const w = this.where[i] as number
      const offset = w % TWO_32
      const length = this.lengths[i] as number
      ;(old[Math.floor(w / TWO_32)] as Buffer).copy(target, used, offset, offset + length)
      times.push(this.times[i] as number)
      seqs.push(this.seqs[i] as number)
      where.push(used)
      lengths.push(length)
      used += length
    }
    this.spare.push(...old)
    this.arenas = [target]
    this.used = used
    this.times = times
    this.seqs = seqs
    this.where = where
    this.lengths = lengths
  }
}
