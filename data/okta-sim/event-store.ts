// Every event the sim can serve: the indexed file (texts on disk) plus events appended while it runs
// (lifecycle calls, appendEvent), kept in memory. Each event has a sequence number (file events
// 0..n-1 in published order, appended ones after) that breaks ties, so a position (ms, seq) names a
// point between two events exactly and a cursor never skips or repeats events sharing a timestamp.
import type { FileHandle } from 'node:fs/promises'
import type { EventFileIndex } from './event-index.js'
import { readRanges, type ByteRange } from './line-reader.js'
import type { Persistence } from './persistence.js'
import { lowerBound, mergeOrdered } from './sorted.js'

export interface EventRef {
  seq: number
  publishedMs: number
  persistMs: number
}

/** A point between events: (ms, seq) compares as a pair; positions are exclusive. */
export interface Position {
  ms: number
  seq: number
}

interface Appended extends EventRef {
  text: string
}

const byPersist = (x: EventRef, y: EventRef) =>
  x.persistMs < y.persistMs || (x.persistMs === y.persistMs && x.seq < y.seq)
const byPublished = (x: EventRef, y: EventRef) =>
  x.publishedMs < y.publishedMs || (x.publishedMs === y.publishedMs && x.seq < y.seq)
const isBefore = (ms: number, seq: number, p: Position) => ms < p.ms || (ms === p.ms && seq < p.seq)
const isAfter = (ms: number, seq: number, p: Position) => ms > p.ms || (ms === p.ms && seq > p.seq)

export class EventStore {
  /** Appended events in seq order (seq = file count + position here). */
  private readonly appended: Appended[] = []
  private readonly appendedByPersist: Appended[] = []
  private readonly appendedByPublished: Appended[] = []

  private readonly index: EventFileIndex
  private readonly persistence: Persistence
  private readonly fh: FileHandle

  constructor(index: EventFileIndex, persistence: Persistence, fh: FileHandle) {
    this.index = index
    this.persistence = persistence
    this.fh = fh
  }

  get size(): number {
    return this.index.count + this.appended.length
  }

  append(text: string, publishedMs: number, persistMs: number): EventRef {
    const event: Appended = { seq: this.size, publishedMs, persistMs, text }
    this.appended.push(event)
    insertSorted(this.appendedByPersist, event, byPersist)
    insertSorted(this.appendedByPublished, event, byPublished)
    return { seq: event.seq, publishedMs, persistMs }
  }

  /** Events in (persistence, seq) order, strictly after `from`. */
  byPersistence(from: Position): Generator<EventRef> {
    const { pollOrder, persistMs } = this.persistence
    const pub = this.index.publishedMs
    const fileRefs = function* (): Generator<EventRef> {
      const n = pollOrder.length
      const at = (k: number) => pollOrder[k] ?? 0
      for (
        let k = lowerBound(n, (j) => !isAfter(persistMs[at(j)] ?? 0, at(j), from));
        k < n;
        k += 1
      ) {
        const i = at(k)
        yield { seq: i, publishedMs: pub[i] ?? 0, persistMs: persistMs[i] ?? 0 }
      }
    }
    const list = this.appendedByPersist
    const start = lowerBound(list.length, (j) => !isAfterRef(list[j], from, 'persistMs'))
    return mergeOrdered(fileRefs(), list.slice(start).values(), byPersist)
  }

  /** Events in (published, seq) order strictly after `from`, or in reverse strictly before it. */
  byPublished(from: Position, descending: boolean): Generator<EventRef> {
    const { persistMs } = this.persistence
    const pub = this.index.publishedMs
    const n = this.index.count
    const ref = (i: number): EventRef => ({
      seq: i,
      publishedMs: pub[i] ?? 0,
      persistMs: persistMs[i] ?? 0,
    })
    const list = this.appendedByPublished
    if (!descending) {
      const fileRefs = function* () {
        for (let i = lowerBound(n, (j) => !isAfter(pub[j] ?? 0, j, from)); i < n; i += 1) {
          yield ref(i)
        }
      }
      const start = lowerBound(list.length, (j) => !isAfterRef(list[j], from, 'publishedMs'))
      return mergeOrdered(fileRefs(), list.slice(start).values(), byPublished)
    }
    const fileRefs = function* () {
      for (let i = lowerBound(n, (j) => isBefore(pub[j] ?? 0, j, from)) - 1; i >= 0; i -= 1) {
        yield ref(i)
      }
    }
    const end = lowerBound(list.length, (j) => {
      const e = list[j]
      return e !== undefined && isBefore(e.publishedMs, e.seq, from)
    })
    const later = (x: EventRef, y: EventRef) => byPublished(y, x)
    return mergeOrdered(fileRefs(), list.slice(0, end).reverse().values(), later)
  }

  /** The raw text of each event, exactly as stored. */
  async texts(refs: readonly EventRef[]): Promise<string[]> {
    const n = this.index.count
    const ranges: ByteRange[] = []
    for (const r of refs) {
      if (r.seq < n) {
        ranges.push({
          offset: this.index.offsets[r.seq] ?? 0,
          length: this.index.lengths[r.seq] ?? 0,
        })
      }
    }
    const fromFile = await readRanges(this.fh, ranges)
    let k = 0
    return refs.map((r) =>
      r.seq < n ? (fromFile[k++] ?? '') : (this.appended[r.seq - n]?.text ?? ''),
    )
  }
}

function isAfterRef(e: Appended | undefined, from: Position, key: 'persistMs' | 'publishedMs') {
  return e !== undefined && isAfter(e[key], e.seq, from)
}

function insertSorted<T>(list: T[], item: T, less: (x: T, y: T) => boolean): void {
  const at = lowerBound(list.length, (j) => {
    const e = list[j]
    return e !== undefined && !less(item, e)
  })
  list.splice(at, 0, item)
}
