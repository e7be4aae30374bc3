// A line of an NDJSON file whose end has not been read yet (file-source.ts).
import { MAX_EVENT_BYTES, OVERSIZED_KEPT_BYTES, keptOf } from './batch-bounds.js'

/**
 * The start of a line whose end has not been read yet, in the pieces it came in (joined once, at
 * its end). Beyond MAX_EVENT_BYTES only the first OVERSIZED_KEPT_BYTES are kept, and the length.
 */
export class UnfinishedLine {
  private pieces: Buffer[] = []
  bytes = 0

  push(piece: Buffer): void {
    if (this.bytes < OVERSIZED_KEPT_BYTES || this.bytes + piece.length <= MAX_EVENT_BYTES) {
      // A copy: the piece is a view of a read chunk the stream may reuse.
      this.pieces.push(Buffer.from(piece))
    }
    this.bytes += piece.length
  }

  /** The whole line with `tail` (its last piece), or undefined if it is longer than an event may be. */
  take(tail: Buffer): Buffer | undefined {
    this.bytes += tail.length
    if (this.bytes > MAX_EVENT_BYTES) {
      return undefined
    }
    return Buffer.concat([...this.pieces, tail])
  }

  /** The start of an oversized line, as text (for the quarantine). */
  kept(): string {
    return keptOf(Buffer.concat(this.pieces))
  }

  clear(): void {
    this.pieces = []
    this.bytes = 0
  }
}
