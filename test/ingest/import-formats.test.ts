import { describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { fixedClock } from '../../lib/clock.js'
import { importFiles } from '../../ingest/import-files.js'
import { JsonArraySplitter } from '../../ingest/json-array-splitter.js'
import { BLOCK_BYTES } from '../../ingest/line-arena.js'
import { dbTest } from '../helpers/db.js'

const clock = fixedClock('2026-11-29T00:00:00Z')
const ev = (i: number) =>
  JSON.stringify({
    eventType: 'user.session.start',
    published: `2026-11-28T10:00:0${i}.000Z`,
    uuid: `u-${i}`,
    note: 'a ] } , " \\" [',
  })

function files(contents: Record<string, string | Buffer>) {
  const dir = mkdtempSync(join(tmpdir(), 'pw-import-'))
  for (const [name, body] of Object.entries(contents)) {
    writeFileSync(join(dir, name), body)
  }
  return {
    dir,
    path: (name: string) => join(dir, name),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  }
}

describe('import formats', () => {
  dbTest(
    'stores every line or element exactly while later batches reuse the memory of stored ones',
    async ({ db }) => {
      // Events of many lengths (one longer than a reader block), multi-byte text, small batches and
      // transactions: a batch whose memory were reused too early would store another event's bytes.
      const events = (prefix: string) =>
        Array.from({ length: 240 }, (_, i) =>
          JSON.stringify({
            uuid: `${prefix}-${String(i).padStart(3, '0')}`,
            published: '2026-11-28T10:00:00.000Z',
            pad: (i % 7 === 0 ? 'Zürich ✓ 𝄞 ' : 'x').repeat((i * 37) % 400),
            ...(i === 101 ? { big: 'y'.repeat(BLOCK_BYTES + 5) } : {}),
          }),
        )
      const f = files({
        'many.ndjson': events('n').join('\n'),
        'many.json': `[${events('a').join(',\n')}]`,
      })
      try {
        const s = await importFiles({
          db,
          clock,
          org: 'x',
          files: [f.path('many.ndjson'), f.path('many.json')],
          batchSize: 9,
          rowsPerCommit: 40,
        })
        expect([s.stored, s.quarantined]).toEqual([480, 0])
        const rows = await db.all<{ raw: string }>('SELECT raw FROM events ORDER BY uuid')
        expect(rows.map((r) => r.raw)).toEqual([...events('a'), ...events('n')])
      } finally {
        f.cleanup()
      }
    },
  )

  dbTest(
    'reads NDJSON, a pretty JSON array, and gzip of either, keeping each event’s exact text',
    async ({ db }) => {
      const ndjson = `${ev(1)}\r\n\n${ev(2)}\n   \n${ev(3)}`
      const array = `[\n  ${ev(4)},\n  ${ev(5)}\n]\n`
      const f = files({
        'a.ndjson': ndjson,
        'b.json': array,
        'c.ndjson.gz': gzipSync(`${ev(6)}\n{"broken": \n${ev(7)}\n`),
        'd.json.gz': gzipSync(`[${ev(8)}]`),
      })
      try {
        const s = await importFiles({
          db,
          clock,
          org: 'x',
          files: ['a.ndjson', 'b.json', 'c.ndjson.gz', 'd.json.gz'].map(f.path),
        })
        expect(s.files.map((x) => [x.received, x.stored, x.quarantined, x.blank])).toEqual([
          [3, 3, 0, 2],
          [2, 2, 0, 0],
          [3, 2, 1, 0],
          [1, 1, 0, 0],
        ])
        const rows = await db.all<{ uuid: string; raw: string }>(
          'SELECT uuid, raw FROM events ORDER BY uuid',
        )
        expect(rows.map((r) => r.raw)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map(ev))
        expect(await db.all('SELECT source, position, reason FROM quarantine')).toEqual([
          { source: 'file:c.ndjson.gz', position: 'line 2', reason: 'not valid JSON' },
        ])
      } finally {
        f.cleanup()
      }
    },
  )

  dbTest(
    'quarantines invalid UTF-8 by line and a broken array after its last good element',
    async ({ db }) => {
      const f = files({
        'bad.ndjson': Buffer.concat([
          Buffer.from(`${ev(1)}\n{"uuid":"x","published":"2026-11-28T10:00:00Z","n":"`),
          Buffer.from([0xff, 0xfe]),
          Buffer.from('"}\n'),
        ]),
        'cut.json': `[${ev(2)}, ${ev(3)}, {"uuid": "u-9", "pub`,
      })
      try {
        const s = await importFiles({
          db,
          clock,
          org: 'x',
          files: [f.path('bad.ndjson'), f.path('cut.json')],
        })
        expect(s).toMatchObject({ received: 5, stored: 3, quarantined: 2 })
        expect(await db.all('SELECT position, reason FROM quarantine ORDER BY id')).toEqual([
          { position: 'line 2', reason: 'not valid UTF-8' },
          {
            position: 'after element 2',
            reason: 'broken JSON array: array not closed (unfinished element of 20 characters)',
          },
        ])
      } finally {
        f.cleanup()
      }
    },
  )

  it('rejects a file that is not there before importing anything', async () => {
    await expect(
      importFiles({ db: undefined as never, clock, org: 'x', files: ['/nonexistent/x.ndjson'] }),
    ).rejects.toThrow('/nonexistent/x.ndjson: no such file')
  })

  it('splits array text cut at any point into the same elements', () => {
    const text = `[${ev(1)},{"a":[1,2,{"b":"]"}]},"str,ing",42 , null]`
    const expected = [ev(1), '{"a":[1,2,{"b":"]"}]}', '"str,ing"', '42', 'null']
    for (let cut = 0; cut <= text.length; cut += 7) {
      const s = new JsonArraySplitter()
      const out = [...s.push(text.slice(0, cut)), ...s.push(text.slice(cut))]
      s.end()
      expect(out).toEqual(expected)
    }
  })

  it('keeps only the start of an element over its bound, in pieces of any size', () => {
    // The dropped middle holds escaped quotes and backslash runs that pieces cut anywhere: the
    // elements after it must still come out exact.
    const big = JSON.stringify({ p: 'q\\"]},'.repeat(40), n: [1, { r: '\\' }] })
    const elements = ['{"a":1}', big, String.raw`{"b":"\\\"x"}`, '2']
    const text = `[${elements.join(' , ')}]`
    // Down to one character at a time, and all at once (the element ends in the same piece).
    for (const size of [...Array.from({ length: 17 }, (_, i) => i + 1), text.length]) {
      const s = new JsonArraySplitter({ maxElement: 100, keep: 10 })
      const out = []
      for (let at = 0; at < text.length; at += size) {
        out.push(...s.pushElements(text.slice(at, at + size)))
      }
      s.end()
      expect(out).toEqual([
        { text: '{"a":1}' },
        { text: big.slice(0, 10), oversized: big.length },
        { text: elements[2] },
        { text: '2' },
      ])
    }
  })

  it('keeps escaped quotes and backslash runs inside strings, cut at every point', () => {
    const elements = [
      String.raw`{"a":"say \"hi\", then ]"}`,
      String.raw`{"b":"ends in a backslash \\","c":"\\\"quoted\\\""}`,
      String.raw`"\\"`,
      String.raw`{"d":["\"]\"",{"e":"}"}]}`,
    ]
    for (const e of elements) {
      expect(() => JSON.parse(e) as unknown).not.toThrow()
    }
    const text = `[${elements.join(',')}]`
    for (let cut = 0; cut <= text.length; cut += 1) {
      const s = new JsonArraySplitter()
      const out = [...s.push(text.slice(0, cut)), ...s.push(text.slice(cut))]
      s.end()
      expect(out).toEqual(elements)
    }
  })
})
