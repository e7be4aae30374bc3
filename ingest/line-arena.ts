// Where the lines (or array elements) of a file wait for DuckDB: copied out of the read chunks into
// blocks of their batch, and the blocks reused once the batch is stored. A 1M-event file is 2.2 GB
// of text; held as JS strings (or as views that keep each read chunk alive) all of it became garbage
// that V8 collects late, and the JS heap peaked at ~300 MB (ingest/README.md, Seventh session).
// Reused blocks keep a file's text at the batches in flight, outside the JS heap, and the read
// chunks die young.

/** Lines are packed into blocks of this size; a longer line gets a buffer of its own (not reused). */
export const BLOCK_BYTES = 1 << 20

export class LineArena {
  private readonly free: Buffer[] = []
  private filling: Buffer[] = []
  private block: Buffer | undefined
  private used = 0

  /** A copy of `bytes`, valid until the batch it is sealed into is released. */
  copy(bytes: Uint8Array): Buffer {
    const view = this.room(bytes.length)
    if (view === undefined) {
      return Buffer.from(bytes)
    }
    view.set(bytes)
    return view
  }

  /** The UTF-8 bytes of `text`, written straight into a block (no buffer of its own in between). */
  copyText(text: string): Buffer {
    const view = this.room(Buffer.byteLength(text, 'utf8'))
    if (view === undefined) {
      return Buffer.from(text, 'utf8')
    }
    view.write(text, 'utf8')
    return view
  }

  /** `n` bytes of the block being filled, or undefined for a line longer than a block. */
  private room(n: number): Buffer | undefined {
    if (n > BLOCK_BYTES) {
      return undefined
    }
    if (this.block === undefined || this.used + n > BLOCK_BYTES) {
      this.block = this.free.pop() ?? Buffer.allocUnsafeSlow(BLOCK_BYTES)
      this.filling.push(this.block)
      this.used = 0
    }
    const view = this.block.subarray(this.used, this.used + n)
    this.used += n
    return view
  }

  /**
   * Closes the batch being filled: its blocks are returned for reuse by the function this gives,
   * to be called once nothing reads the batch's lines any more (a second call does nothing). The
   * next line starts a new block, so no block is shared by two batches.
   */
  seal(): () => void {
    const blocks = this.filling
    this.filling = []
    this.block = undefined
    let released = false
    return () => {
      if (!released) {
        released = true
        this.free.push(...blocks)
      }
    }
  }
}
