// The events.ndjson index, positional line reads, the persistence/late-arrival assignment, and the
// filter parser: the parts below the HTTP layer.
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, onTestFinished, test } from 'vitest'
import { InputInvalid } from '../../lib/errors.js'
import { indexEventFile } from '../../data/okta-sim/event-index.js'
import { parseFilter } from '../../data/okta-sim/filter.js'
import { matchesFilter } from '../../data/okta-sim/filter-eval.js'
import { readRanges } from '../../data/okta-sim/line-reader.js'
import { parseCursor, formatCursor } from '../../data/okta-sim/log-cursor.js'
import { assignPersistence } from '../../data/okta-sim/persistence.js'

async function fileWith(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'okta-sim-index-'))
  onTestFinished(() => rm(dir, { recursive: true, force: true }))
  const path = join(dir, 'events.ndjson')
  await writeFile(path, text)
  return path
}

const line = (uuid: string, published: string, extra = '') =>
  `{"uuid":"${uuid}","published":"${published}"${extra}}`

describe('indexEventFile', () => {
  test('offsets and lengths address each line exactly; CRLF, blank lines and a last line without newline', async () => {
    const lines = [
      line('a', '2026-01-01T00:00:00.000Z'),
      line('b', '2026-01-01T00:00:01.000Z', ',"s":"é ü"'),
      line('c', '2026-01-01T00:00:02.000Z'),
    ]
    const path = await fileWith(`${lines[0]}\r\n\n  \n${lines[1]}\n${lines[2]}`)
    const index = await indexEventFile(path)
    expect(index.count).toBe(3)
    expect(index.reordered).toBe(false)
    expect([...index.publishedMs]).toEqual(
      lines.map((_, i) => Date.parse('2026-01-01T00:00:00Z') + i * 1000),
    )
    const fh = await open(path, 'r')
    onTestFinished(() => fh.close())
    const ranges = [2, 0, 1].map((i) => ({
      offset: index.offsets[i] ?? 0,
      length: index.lengths[i] ?? 0,
    }))
    expect(await readRanges(fh, ranges)).toEqual([lines[2], lines[0], lines[1]])
  })

  test('an unsorted file is indexed in published order', async () => {
    const path = await fileWith(
      [
        line('late', '2026-01-01T00:00:09Z'),
        line('early', '2026-01-01T00:00:01Z'),
        line('mid', '2026-01-01T00:00:05Z'),
      ].join('\n'),
    )
    const index = await indexEventFile(path)
    expect(index.reordered).toBe(true)
    expect([...index.publishedMs]).toEqual([...index.publishedMs].sort((a, b) => a - b))
    const fh = await open(path, 'r')
    onTestFinished(() => fh.close())
    const ranges = [0, 1, 2].map((i) => ({
      offset: index.offsets[i] ?? 0,
      length: index.lengths[i] ?? 0,
    }))
    const texts = await readRanges(fh, ranges)
    expect(texts.map((t) => (JSON.parse(t) as { uuid: string }).uuid)).toEqual([
      'early',
      'mid',
      'late',
    ])
  })

  test('a nested "published" key does not fool the fast path', async () => {
    const path = await fileWith(
      '{"debug":{"published":"1999-01-01T00:00:00Z"},"published":"2026-01-01T00:00:00Z","uuid":"x"}\n',
    )
    expect([...(await indexEventFile(path)).publishedMs]).toEqual([
      Date.parse('2026-01-01T00:00:00Z'),
    ])
  })

  test('lines longer than the read buffer are indexed whole', async () => {
    const big = line('big', '2026-01-01T00:00:01Z', `,"pad":"${'x'.repeat(5 * 1024 * 1024)}"`)
    const path = await fileWith(
      `${line('a', '2026-01-01T00:00:00Z')}\n${big}\n${line('c', '2026-01-01T00:00:02Z')}\n`,
    )
    const index = await indexEventFile(path)
    expect(index.count).toBe(3)
    expect(index.lengths[1]).toBe(big.length)
  })

  test.each([
    ['not json', 'line 2: not a JSON object on one line'],
    ['{"uuid":"x"}', 'line 2: the event has no valid "published" instant'],
    ['{"published":"soon"}', 'line 2: the event has no valid "published" instant'],
    ['{"published":"x","published":"y",}', 'line 2: not valid JSON'],
  ])('a bad line (%s) is an InputInvalid naming its line', async (bad, message) => {
    const path = await fileWith(`${line('a', '2026-01-01T00:00:00Z')}\n${bad}\n`)
    const err = await indexEventFile(path).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InputInvalid)
    expect((err as Error).message).toContain(message)
  })
})

describe('assignPersistence', () => {
  const published = Float64Array.from({ length: 1000 }, (_, i) => 1_000_000 + i * 10)
  const options = {
    startMs: 1_000_000 + 8000,
    seed: 3,
    lateFraction: 0.25,
    lateDelayMs: [2000, 4000] as const,
  }

  test('late events are a seeded fraction of those published before the start, visible after it', () => {
    const a = assignPersistence(published, options)
    expect(assignPersistence(published, options)).toEqual(a)
    expect(a.lateCount).toBeGreaterThan(150)
    expect(a.lateCount).toBeLessThan(250)
    for (let i = 0; i < published.length; i += 1) {
      const lag = (a.persistMs[i] ?? 0) - (published[i] ?? 0)
      if ((published[i] ?? 0) >= options.startMs) {
        expect(lag).toBeLessThanOrEqual(5)
      }
      if (lag > 5) {
        expect(a.persistMs[i]).toBeGreaterThanOrEqual(options.startMs + 2000)
        expect(a.persistMs[i]).toBeLessThanOrEqual(options.startMs + 4000)
      }
    }
    expect(assignPersistence(published, { ...options, seed: 4 }).persistMs).not.toEqual(a.persistMs)
  })

  test('pollOrder is every index once, sorted by (persistence, index)', () => {
    const { persistMs, pollOrder } = assignPersistence(published, options)
    expect(new Set(pollOrder).size).toBe(published.length)
    for (let k = 1; k < pollOrder.length; k += 1) {
      const [p, q] = [pollOrder[k - 1] ?? 0, pollOrder[k] ?? 0]
      expect(
        (persistMs[p] ?? 0) < (persistMs[q] ?? 0) ||
          ((persistMs[p] ?? 0) === (persistMs[q] ?? 0) && p < q),
      ).toBe(true)
    }
  })

  test('cursors round-trip', () => {
    expect(parseCursor(formatCursor({ position: { ms: 1648112954504, seq: 0 } }))).toEqual({
      position: { ms: 1648112954504, seq: 0 },
    })
    expect(formatCursor({ position: { ms: 5, seq: -1 } })).toBe('5_0')
    expect(parseCursor('5_2_3')).toEqual({ position: { ms: 5, seq: 1 }, sinceMs: 3 })
    expect(parseCursor('abc')).toBeUndefined()
  })
})

describe('SCIM filters', () => {
  const event = {
    eventType: 'user.session.start',
    actor: { id: '00uA', alternateId: 'ann@x.example' },
    outcome: { result: 'FAILURE' },
    target: [{ id: 't1' }, { id: 't2', type: 'AppInstance' }],
    debugContext: { debugData: { threatSuspected: 'true' } },
    n: 3,
    lastUpdated: '2026-01-02T00:00:00.000Z',
  }
  test.each([
    ['eventType eq "user.session.start"', true],
    ['EventType eq "x"', false],
    ['actor.alternateId ew "@X.EXAMPLE"', true],
    ['target.id eq "t2"', true],
    ['target.type pr', true],
    ['outcome.reason pr', false],
    ['not (outcome.result eq "SUCCESS") and n gt 2', true],
    ['n le 2 or (debugContext.debugData.threatSuspected eq "true" and actor.id sw "00u")', true],
    ['lastUpdated gt "2026-01-01T00:00:00Z"', true],
    ['lastUpdated lt "2026-01-01"', false],
    ['eventType eq "a \\"quoted\\" value"', false],
  ])('%s → %s', (text, expected) => {
    expect(matchesFilter(parseFilter(text), event)).toBe(expected)
  })

  test.each([
    [
      'eventType eqq "x"',
      "Unrecognized attribute operator 'eqq'. Expected: eq,ne,co,sw,ew,pr,gt,ge,lt,le at position 10",
    ],
    ['(eventType eq "x"', "Expected ')' at position 17"],
    ['eventType eq "x" and', 'Unexpected end at position 20'],
    ['eventType eq "x', 'Unterminated string at position 13'],
    ['eventType eq x', "Invalid value 'x' at position 13"],
    ['', 'Empty filter at position 0'],
  ])('%s is refused', (text, reason) => {
    expect(() => parseFilter(text)).toThrow(`Invalid filter '${text}': ${reason}`)
  })
})
