// Records packed into UTF-8 bytes as they are built, one body chunk per DuckDB chunk. Joining a
// chunk's records into one string first made a megabyte-sized string per chunk, which V8 keeps in
// its large-object space until a full collection: at a million events the heap grew to ~230 MB of
// such garbage. Bytes live outside the V8 heap and are freed as soon as their small Buffer dies.

const INITIAL_BYTES = 1 << 20
/** UTF-8 needs at most 3 bytes per UTF-16 code unit. */
const MAX_BYTES_PER_UNIT = 3

export interface RecordBytes {
  /** Appends one record (its line end or frame included). */
  add(record: string): void
  /**
   * The bytes added since the last take, as a Buffer of their own (its own ArrayBuffer, never a
   * slice of Node's shared pool, so a format thread can transfer it); undefined when none.
   */
  take(): Buffer | undefined
}

export function recordBytes(): RecordBytes {
  let scratch = Buffer.allocUnsafe(INITIAL_BYTES)
  let used = 0
  return {
    add(record) {
      const need = used + record.length * MAX_BYTES_PER_UNIT
      if (need > scratch.length) {
        const bigger = Buffer.allocUnsafe(Math.max(need, scratch.length * 2))
        scratch.copy(bigger, 0, 0, used)
        scratch = bigger
      }
      used += scratch.write(record, used, 'utf8')
    },
    take() {
      if (used === 0) {
        return undefined
      }
      const out = Buffer.allocUnsafeSlow(used)
      scratch.copy(out, 0, 0, used)
      used = 0
      return out
    },
  }
}
