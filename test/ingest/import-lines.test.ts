// NDJSON line reading: lines are cut as bytes (valid UTF-8 kept as bytes in the reader's arena), so
// line numbers, a BOM, CRLF, blank lines and multi-byte characters cut by a read boundary must come out
// as line by line. And both formats' batches are exactly the size asked for.
import { describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readEventFile } from '../../ingest/file-source.js'
import {
  MAX_EVENT_BYTES,
  OVERSIZED_KEPT_BYTES,
  oversizedReason,
} from '../../ingest/batch-bounds.js'

async function read(
  body: Buffer,
  batchSize: number | { events: number; bytes: number } = 1000,
  name = 'x.ndjson',
) {
  const dir = mkdtempSync(join(tmpdir(), 'pw-lines-'))
  try {
    const path = join(dir, name)
    writeFileSync(path, body)
    const events: { position: string; raw: string; reason?: string }[] = []
    const sizes: number[] = []
    let blank = 0
    for await (const b of readEventFile(path, batchSize)) {
      sizes.push(b.events.length)
      // The keys each line carries are event-keys.test.ts's; here only what was read, and where.
      // Batches are never released here, so every line stays as read.
      events.push(...b.events.map(({ keys: _keys, raw, ...e }) => ({ ...e, raw: String(raw) })))
      blank += b.blank
    }
    return { events, blank, sizes }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('NDJSON lines', () => {
  it('drops a BOM and CRs, counts blank lines and keeps each line exactly', async () => {
    const a = '{"uuid":"a","note":"Zürich ✓ 𝄞"}'
    const b = '  {"uuid":"b"}  '
    const { events, blank } = await read(
      Buffer.from(`\uFEFF${a}\r\n\r\n${b}\n \t\n{"uuid":"c"}`, 'utf8'),
    )
    expect(blank).toBe(2)
    expect(events).toEqual([
      { position: 'line 1', raw: a },
      { position: 'line 3', raw: b },
      { position: 'line 5', raw: '{"uuid":"c"}' },
    ])
  })

  it('keeps lines whole across read boundaries and quarantines only the invalid line', async () => {
    // ~3 MB: several 1 MB reads, with 4-byte characters likely cut by a boundary.
    const lines = Array.from(
      { length: 30_000 },
      (_, i) => `{"uuid":"u-${i}","n":"${'𝄞é'.repeat(i % 40)}"}`,
    )
    const bad = Buffer.concat([
      Buffer.from('{"uuid":"bad","n":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}'),
    ])
    const body = Buffer.concat([
      Buffer.from(lines.slice(0, 20_000).join('\n') + '\n'),
      bad,
      Buffer.from('\n' + lines.slice(20_000).join('\n') + '\n'),
    ])
    const { events } = await read(body, 7_000)
    expect(events).toHaveLength(30_001)
    expect(events.filter((e) => e.reason)).toEqual([
      { position: 'line 20001', raw: bad.toString('utf8'), reason: 'not valid UTF-8' },
    ])
    const good = events.filter((e) => !e.reason)
    expect(good.map((e) => e.raw)).toEqual(lines)
    expect(good[20_000]?.position).toBe('line 20002')
  })

  it('cuts batches of exactly the size asked for, in NDJSON and in a JSON array', async () => {
    // A whole file in one read: a reader that cut batches per read would give one batch of 25, and a
    // large import's transactions would no longer fill whole row groups.
    const elements = Array.from({ length: 25 }, (_, i) => `{"uuid":"u-${i}"}`)
    const ndjson = await read(Buffer.from(elements.join('\n')), 7)
    const array = await read(Buffer.from(`[${elements.join(',')}]`), 7, 'x.json')
    for (const { sizes, events } of [ndjson, array]) {
      expect(sizes).toEqual([7, 7, 7, 4])
      expect(events.map((e) => e.raw)).toEqual(elements)
    }
  })

  it('cuts a batch sooner once it holds the raw text allowed, in both formats', async () => {
    // Large events: 1,000-byte elements, 2,500 bytes a batch: cut at the third element.
    const elements = Array.from(
      { length: 8 },
      (_, i) => `{"uuid":"u-${i}","p":"${'x'.repeat(979)}"}`,
    )
    expect(elements[0]).toHaveLength(1_000)
    const limits = { events: 100, bytes: 2_500 }
    const ndjson = await read(Buffer.from(elements.join('\n')), limits)
    const array = await read(Buffer.from(`[${elements.join(',')}]`), limits, 'x.json')
    for (const { sizes, events } of [ndjson, array]) {
      expect(sizes).toEqual([3, 3, 2])
      expect(events.map((e) => e.raw)).toEqual(elements)
    }
  })

  it('keeps a long line whole, and quarantines one longer than an event may be by its start', async () => {
    // Both span many reads. The longer one's middle is never held; the pieces of a line were joined
    // again at every read, so a 200 MB line took minutes and 1.7 GB.
    const long = `{"uuid":"long","p":"${'l'.repeat(3 * 1024 * 1024)}"}`
    const over = `{"uuid":"over","p":"${'o'.repeat(MAX_EVENT_BYTES)}"}`
    const lines = ['{"uuid":"a"}', long, '{"uuid":"b"}', over, '{"uuid":"c"}']
    const { events } = await read(Buffer.from(lines.join('\n')))
    expect(events.map((e) => e.position)).toEqual([
      'line 1',
      'line 2',
      'line 3',
      'line 4',
      'line 5',
    ])
    expect(events[1]).toEqual({ position: 'line 2', raw: long })
    expect(events[3]).toEqual({
      position: 'line 4',
      raw: over.slice(0, OVERSIZED_KEPT_BYTES),
      reason: oversizedReason(Buffer.byteLength(over)),
    })
    expect(events[4]).toEqual({ position: 'line 5', raw: '{"uuid":"c"}' })
    // At the end of the file, with no newline after it, too.
    const last = await read(Buffer.from(`{"uuid":"a"}\n${over}`))
    expect(last.events[1]?.reason).toBe(oversizedReason(Buffer.byteLength(over)))
    // And as an element of a JSON array.
    const array = await read(Buffer.from(`[${lines.join(',')}]`), 1000, 'x.json')
    expect(array.events.map((e) => e.raw)).toEqual([
      lines[0],
      long,
      lines[2],
      over.slice(0, OVERSIZED_KEPT_BYTES),
      lines[4],
    ])
    expect(array.events[3]).toMatchObject({
      position: 'element 4',
      reason: oversizedReason(over.length),
    })
  })

  it('lets the event loop turn while it reads, in both formats', async () => {
    // The reader runs ahead while DuckDB stores the batch before, and each statement DuckDB finishes
    // waits for the main thread's turn to end: the lines of one read (here the whole file) must not
    // all be read in one turn. Between batches cut from one read, only such turns let timers run.
    const elements = Array.from({ length: 2000 }, (_, i) => `{"uuid":"u-${i}","published":"p"}`)
    const dir = mkdtempSync(join(tmpdir(), 'pw-turns-'))
    try {
      for (const [body, name] of [
        [elements.join('\n'), 'x.ndjson'],
        [`[${elements.join(',')}]`, 'x.json'],
      ] as const) {
        const path = join(dir, name)
        writeFileSync(path, body)
        let turns = 0
        let reading = true
        const count = (): void => {
          turns += 1
          if (reading) {
            setImmediate(count)
          }
        }
        setImmediate(count)
        const seen: number[] = []
        for await (const batch of readEventFile(path, 500)) {
          expect(batch.events).toHaveLength(500)
          seen.push(turns)
        }
        reading = false
        expect(seen).toHaveLength(4)
        // 500 events between two batches: at least one turn per 100 of them.
        for (let i = 1; i < seen.length; i++) {
          expect((seen[i] ?? 0) - (seen[i - 1] ?? 0)).toBeGreaterThanOrEqual(5)
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
