// Format threads (reports/export/format-pool.ts): a large events page formatted on worker threads
// beside the main thread must come out exactly as the main thread alone writes it, in sequence
// order, each record once, across pieces, DuckDB chunks and batches.
import { describe, expect, onTestFinished } from 'vitest'
import type { Database } from '../../../lib/db.js'
import { formatPool } from '../../../reports/export/format-pool.js'
import { eventRecords } from '../../../reports/export/text-records.js'
import type { TextFormat } from '../../../reports/export/formats/index.js'
import type { SyslogFraming } from '../../../reports/export/formats/syslog.js'
import { PIECE_ROWS } from '../../../reports/export/text-body.js'
import { parseCef } from './cef-parser.js'
import {
  addUser,
  exportDbTest,
  importEvents,
  insertManyEvents,
  lines,
  NASTY,
  nastyEvents,
  oktaEvent,
  pageText,
} from './fixtures.js'

/** More rows than one DuckDB chunk (2048): many pieces, several chunks and batches. */
const MANY = 3000
const BATCH_ROWS = 700

/** Escaping-heavy and non-ASCII events first, then MANY plain ones with distinct values. */
async function addEvents(db: Database): Promise<void> {
  await addUser(db, 'hub', '00u_alice', NASTY)
  await importEvents(db, [oktaEvent(), ...nastyEvents()])
  await insertManyEvents(db, MANY)
}

/** A pool of two started threads for the format, closed when the test ends. */
async function startedPool(format: TextFormat, framing: SyslogFraming = 'lf') {
  const pool = formatPool(2, format, framing)
  onTestFinished(() => pool.close())
  await pool.ready
  return pool
}

describe('format threads', () => {
  exportDbTest(
    'a page of many pieces comes out in sequence order, each record once, as the main thread writes it',
    async ({ db }) => {
      await addEvents(db)
      const stored = await db.all<{ uuid: string }>('SELECT uuid FROM events ORDER BY ingest_seq')
      const limit = stored.length
      expect(limit / PIECE_ROWS).toBeGreaterThan(10)
      const pool = await startedPool('cef')
      const threaded = await pageText(db, {
        stream: 'events',
        format: 'cef',
        limit,
        batchRows: BATCH_ROWS,
        formatPool: pool,
      })
      expect(pool.stats().threaded).toBeGreaterThan(0)
      const ids = lines(threaded.text).map((l) => parseCef(l).ext.get('externalId'))
      expect(ids).toEqual(stored.map((r) => r.uuid))
      const alone = await pageText(db, {
        stream: 'events',
        format: 'cef',
        limit,
        batchRows: BATCH_ROWS,
        formatThreads: 0,
      })
      expect(threaded.text).toBe(alone.text)
      expect(threaded.nextCursor).toBe(alone.nextCursor)
    },
  )

  exportDbTest(
    'every other text format through the threads is byte for byte the same',
    async ({ db }) => {
      await addEvents(db)
      for (const [format, framing] of [
        ['ocsf', 'lf'],
        ['leef', 'lf'],
        ['hec', 'lf'],
        ['syslog', 'octet-counting'],
      ] as const) {
        const pool = await startedPool(format, framing)
        const options = {
          stream: 'events',
          format,
          framing,
          limit: MANY + 10,
          batchRows: BATCH_ROWS,
        } as const
        const threaded = await pageText(db, { ...options, formatPool: pool })
        const alone = await pageText(db, { ...options, formatThreads: 0 })
        expect(pool.stats().threaded).toBeGreaterThan(0)
        expect(threaded.count).toBe(MANY + 6)
        expect(threaded.text).toBe(alone.text)
      }
    },
  )

  exportDbTest('a pool for another format is refused in one line', async ({ db }) => {
    await addEvents(db)
    const pool = await startedPool('cef')
    await expect(
      pageText(db, { stream: 'events', format: 'ocsf', limit: 10, formatPool: pool }),
    ).rejects.toThrow(/^formatPool formats cef \(lf\), not this page's format$/)
  })

  exportDbTest('abandoning a threaded body mid-page leaves the store usable', async ({ db }) => {
    await addEvents(db)
    const pool = await startedPool('ocsf')
    const { exportPage } = await import('../../../reports/export/export-page.js')
    const page = await exportPage(db, {
      stream: 'events',
      format: 'ocsf',
      limit: MANY,
      batchRows: BATCH_ROWS,
      formatPool: pool,
    })
    for await (const chunk of page.records) {
      expect(chunk.length).toBeGreaterThan(0)
      break
    }
    const again = await pageText(db, { stream: 'events', format: 'cef', limit: MANY + 6 })
    expect(lines(again.text)).toHaveLength(MANY + 6)
  })

  exportDbTest(
    'a thread that runs out of its heap leaves its pieces to the main thread',
    async () => {
      // A thread with an 8 MB old generation, handed a piece of 20 MB of text, stops.
      const pool = formatPool(1, 'cef', 'lf', {
        maxYoungGenerationSizeMb: 2,
        maxOldGenerationSizeMb: 8,
      })
      onTestFinished(() => pool.close())
      await pool.ready
      const row = (i: number, message: string): string =>
        JSON.stringify([
          String(i),
          `uuid-${i}`,
          'hub',
          1_700_000_000_000,
          'user.session.start',
          'INFO',
          message,
          'SUCCESS',
          null,
          '00u_a',
          'a@x.example',
          '203.0.113.9',
          'ua',
          'Basel',
          null,
          'Switzerland',
          's1',
          't1',
          null,
          null,
          null,
        ])
      const small = [row(1, 'one'), row(2, 'two | = \\')]
      const huge = Array.from({ length: 100 }, (_, i) => row(i, 'x'.repeat(200_000)))
      const pieces = [small, huge, small]
      const out = await Promise.all(pieces.map((texts) => pool.records(texts)))
      const alone = eventRecords('cef', 'lf')
      expect(out.map((b) => b?.toString('utf8'))).toEqual(
        pieces.map((texts) => alone(texts)?.toString('utf8')),
      )
      // The first piece went to the thread before it stopped; the thread is not used again.
      expect(pool.stats()).toEqual({ threaded: 1, inline: 2 })
    },
  )
})
