// LineArena: a file's lines are copied into blocks that are reused once their batch is released,
// and never while a batch still holds them.
import { describe, expect, it } from 'vitest'
import { BLOCK_BYTES, LineArena } from '../../ingest/line-arena.js'

const line = (s: string): Buffer => Buffer.from(s, 'utf8')

describe('LineArena', () => {
  it('keeps each copy intact while its batch is held, whatever is read after it', () => {
    const arena = new LineArena()
    const first = [arena.copy(line('{"uuid":"a"}')), arena.copy(line('{"uuid":"Zürich ✓"}'))]
    arena.seal()
    // Not released: the next batch must not write over the first one's block.
    const second = arena.copy(line('{"uuid":"overwritten?"}'))
    expect(first.map(String)).toEqual(['{"uuid":"a"}', '{"uuid":"Zürich ✓"}'])
    expect(String(second)).toBe('{"uuid":"overwritten?"}')
    expect(second.buffer).not.toBe(first[0]?.buffer)
  })

  it('reuses a released batch’s blocks for the next batch, once', () => {
    const arena = new LineArena()
    const a = arena.copy(line('first batch'))
    const release = arena.seal()
    release()
    release()
    const b = arena.copy(line('second batch'))
    expect(b.buffer).toBe(a.buffer)
    arena.seal()
    // The block went back once, so a third batch gets a block of its own.
    const c = arena.copy(line('third batch'))
    expect(c.buffer).not.toBe(b.buffer)
    expect(String(b)).toBe('second batch')
  })

  it('starts a new block when a line does not fit, and gives a longer line its own copy', () => {
    const arena = new LineArena()
    const big = Buffer.alloc(BLOCK_BYTES - 10, 0x61)
    const a = arena.copy(big)
    const b = arena.copy(line('x'.repeat(20)))
    expect(b.buffer).not.toBe(a.buffer)
    const huge = Buffer.alloc(BLOCK_BYTES + 1, 0x62)
    const h = arena.copy(huge)
    expect(h.equals(huge)).toBe(true)
    expect(h.buffer).not.toBe(huge.buffer)
    expect(a.equals(big)).toBe(true)
  })

  it('writes a text’s UTF-8 bytes into the block, and a longer one into a buffer of its own', () => {
    const arena = new LineArena()
    const a = arena.copyText('{"city":"Zürich ✓ 𝄞"}')
    const b = arena.copyText('{"n":1}')
    expect(String(a)).toBe('{"city":"Zürich ✓ 𝄞"}')
    expect(a.length).toBe(Buffer.byteLength('{"city":"Zürich ✓ 𝄞"}'))
    expect(b.buffer).toBe(a.buffer)
    const long = 'é'.repeat(BLOCK_BYTES / 2 + 1)
    const l = arena.copyText(long)
    expect(String(l)).toBe(long)
    expect(l.buffer).not.toBe(a.buffer)
  })
})
