import { describe, expect } from 'vitest'
import type { Database } from '../../../lib/db.js'
import { CursorExpired, CursorInvalid } from '../../../lib/errors.js'
import { exportPage } from '../../../reports/export/export-page.js'
import { decodeCursor, encodeCursor } from '../../../reports/export/cursor.js'
import { parseCef } from './cef-parser.js'
import {
  addFinding,
  addUser,
  exportDbTest,
  importEvents,
  importSamples,
  lines,
  oktaEvent,
  pageText,
} from './fixtures.js'

async function allUuids(db: Database): Promise<string[]> {
  const rows = await db.all<{ uuid: string }>('SELECT uuid FROM events ORDER BY ingest_seq')
  return rows.map((r) => r.uuid)
}

describe('export paging', () => {
  exportDbTest(
    'small pages yield every event exactly once, also while late events arrive',
    async ({ db }) => {
      await importSamples(db)
      const seen: string[] = []
      let after: string | undefined
      let pages = 0
      let late = 0
      for (;;) {
        const page = await pageText(db, { stream: 'events', format: 'cef', limit: 7, after })
        const ids = lines(page.text).map((l) => parseCef(l).ext.get('externalId') ?? '')
        expect(ids).toHaveLength(page.count)
        seen.push(...ids)
        after = page.nextCursor
        pages += 1
        // Between pages, ingest stores events published long before everything already exported.
        if (pages % 4 === 0 && late < 6) {
          late += 1
          await importEvents(db, [oktaEvent({ published: `2001-01-0${late}T00:00:00.000Z` })])
        }
        if (page.count === 0) {
          break
        }
        expect(pages).toBeLessThan(200)
      }
      expect(late).toBe(6)
      const stored = await allUuids(db)
      expect(seen).toEqual(stored)
      expect(new Set(seen).size).toBe(seen.length)
      // Caught up: the same cursor again gives an empty page and itself back; a new event then appears.
      const empty = await pageText(db, { stream: 'events', format: 'ndjson', limit: 7, after })
      expect([empty.count, empty.hasMore, empty.nextCursor]).toEqual([0, false, after])
      await importEvents(db, [oktaEvent({ published: '2000-01-01T00:00:00.000Z' })])
      const next = await pageText(db, { stream: 'events', format: 'ndjson', limit: 7, after })
      expect(lines(next.text).map((l) => (JSON.parse(l) as { uuid: string }).uuid)).toEqual(
        (await allUuids(db)).slice(-1),
      )
    },
  )

  exportDbTest('hasMore is exact and the cursor is exclusive', async ({ db }) => {
    await importEvents(db, [oktaEvent(), oktaEvent(), oktaEvent()])
    const first = await pageText(db, { stream: 'events', format: 'ndjson', limit: 2 })
    expect([first.count, first.hasMore]).toEqual([2, true])
    expect(decodeCursor(first.nextCursor).afterSeq).toBe(2n)
    const second = await pageText(db, {
      stream: 'events',
      format: 'ndjson',
      limit: 2,
      after: first.nextCursor,
    })
    expect([second.count, second.hasMore]).toEqual([1, false])
  })

  exportDbTest('filters travel in the cursor and must not change under it', async ({ db }) => {
    await addUser(db, 'hub', '00u_alice', 'northwind')
    await addUser(db, 'hub', '00u_carol', 'contoso')
    const carol = {
      id: '00u_carol',
      type: 'User',
      alternateId: 'carol@contoso.example',
      displayName: 'Carol',
    }
    await importEvents(db, [
      oktaEvent(),
      oktaEvent({ actor: carol }),
      oktaEvent({ eventType: 'user.session.end' }),
      oktaEvent({ published: '2020-01-01T00:00:00.000Z' }),
      oktaEvent(),
    ])
    const a = await pageText(db, {
      stream: 'events',
      format: 'ndjson',
      limit: 1,
      partner: 'northwind',
      eventTypes: ['user.session.start'],
      since: new Date('2026-01-01T00:00:00Z'),
    })
    expect(a.count).toBe(1)
    // The cursor alone resumes with the same filters.
    const b = await pageText(db, {
      stream: 'events',
      format: 'ndjson',
      limit: 10,
      after: a.nextCursor,
    })
    const got = lines(b.text).map(
      (l) => JSON.parse(l) as { actor: { id: string }; eventType: string; published: string },
    )
    expect(got).toHaveLength(1)
    expect(got[0]).toMatchObject({ actor: { id: '00u_alice' }, eventType: 'user.session.start' })
    await expect(
      exportPage(db, {
        stream: 'events',
        format: 'ndjson',
        limit: 1,
        after: a.nextCursor,
        partner: 'contoso',
      }),
    ).rejects.toMatchObject({
      code: 'ERR_CURSOR_INVALID',
      message: 'invalid cursor: it was issued for partner northwind',
    })
    await expect(
      exportPage(db, {
        stream: 'events',
        format: 'ndjson',
        limit: 1,
        after: a.nextCursor,
        eventTypes: ['x'],
      }),
    ).rejects.toBeInstanceOf(CursorInvalid)
    await expect(
      exportPage(db, { stream: 'anomalies', format: 'ndjson', limit: 1, after: a.nextCursor }),
    ).rejects.toMatchObject({
      message: 'invalid cursor: it belongs to the events stream, not anomalies',
    })
  })

  exportDbTest(
    'malformed, altered, foreign and expired cursors are refused with a code',
    async ({ db }) => {
      await importEvents(db, [oktaEvent(), oktaEvent(), oktaEvent()])
      const { nextCursor } = await pageText(db, { stream: 'events', format: 'ndjson', limit: 2 })
      const refuse = (after: string) =>
        exportPage(db, { stream: 'events', format: 'cef', limit: 5, after })
      await expect(refuse('not a cursor!')).rejects.toMatchObject({
        code: 'ERR_CURSOR_INVALID',
        message: 'invalid cursor: not base64url text',
      })
      await expect(refuse('abc')).rejects.toMatchObject({ code: 'ERR_CURSOR_INVALID' })
      await expect(refuse(nextCursor.slice(0, -3))).rejects.toMatchObject({
        code: 'ERR_CURSOR_INVALID',
      })
      // Moving the position by hand breaks the checksum.
      const json = JSON.parse(Buffer.from(nextCursor, 'base64url').toString()) as Record<
        string,
        unknown
      >
      const edited = Buffer.from(JSON.stringify({ ...json, q: '1' })).toString('base64url')
      await expect(refuse(edited)).rejects.toMatchObject({
        message: 'invalid cursor: checksum does not match (altered?)',
      })
      const future = encodeCursor({ ...decodeCursor(nextCursor), afterSeq: 999n })
      await expect(refuse(future)).rejects.toMatchObject({
        code: 'ERR_CURSOR_INVALID',
        message: expect.stringContaining('past the end'),
      })
      const otherVersion = Buffer.from(JSON.stringify({ ...json, v: 99 })).toString('base64url')
      await expect(refuse(otherVersion)).rejects.toMatchObject({
        message: expect.stringContaining('schema version 99'),
      })
      for (const err of await Promise.allSettled([refuse('%%')])) {
        expect(err.status === 'rejected' && String(err.reason.message).split('\n')).toHaveLength(1)
      }
      // Retention: rows up to and past the cursor purged, so resuming would skip what was purged.
      await db.run('DELETE FROM events WHERE ingest_seq <= 2')
      await expect(refuse(nextCursor)).rejects.toBeInstanceOf(CursorExpired)
      await expect(refuse(nextCursor)).rejects.toMatchObject({
        code: 'ERR_CURSOR_EXPIRED',
        oldestSeq: 3n,
      })
      // Without a cursor the stream starts again at the oldest row kept.
      expect((await pageText(db, { stream: 'events', format: 'cef', limit: 5 })).count).toBe(1)
    },
  )

  exportDbTest('partner scope cannot be widened by a filter or a cursor', async ({ db }) => {
    await addUser(db, 'hub', '00u_alice', 'northwind')
    await addUser(db, 'hub', '00u_carol', 'contoso')
    const carol = {
      id: '00u_carol',
      type: 'User',
      alternateId: 'carol@contoso.example',
      displayName: 'Carol',
    }
    await importEvents(db, [
      oktaEvent(),
      oktaEvent({ actor: carol }),
      oktaEvent(),
      oktaEvent({ actor: carol }),
    ])
    await addFinding(db, { id: 'n1', partner: 'northwind' })
    await addFinding(db, { id: 'c1', partner: 'contoso' })
    const scoped = { partnerScope: 'northwind', format: 'cef' as const, limit: 100 }
    const partners = (text: string) => lines(text).map((l) => parseCef(l).ext.get('cs1'))
    expect(partners((await pageText(db, { ...scoped, stream: 'events' })).text)).toEqual([
      'northwind',
      'northwind',
    ])
    expect((await pageText(db, { ...scoped, stream: 'events', partner: 'contoso' })).count).toBe(0)
    // A cursor issued without scope, or for the other partner, still reads only the scope.
    const open = await pageText(db, { stream: 'events', format: 'cef', limit: 1 })
    expect(
      partners((await pageText(db, { ...scoped, stream: 'events', after: open.nextCursor })).text),
    ).toEqual(['northwind'])
    const other = await pageText(db, {
      stream: 'events',
      format: 'cef',
      limit: 1,
      partner: 'contoso',
    })
    expect(
      (await pageText(db, { ...scoped, stream: 'events', after: other.nextCursor })).count,
    ).toBe(0)
    const findings = await pageText(db, { ...scoped, stream: 'anomalies' })
    expect(lines(findings.text).map((l) => parseCef(l).ext.get('externalId'))).toEqual(['n1'])
    expect((await pageText(db, { ...scoped, stream: 'anomalies', partner: 'contoso' })).count).toBe(
      0,
    )
  })

  exportDbTest('findings page on finding_seq, exactly once', async ({ db }) => {
    for (let i = 0; i < 9; i++) {
      await addFinding(db, { id: `f${i}`, partner: i % 2 === 0 ? 'northwind' : null })
    }
    const seen: string[] = []
    let after: string | undefined
    for (let n = 0; n < 20; n++) {
      const page = await pageText(db, { stream: 'anomalies', format: 'ndjson', limit: 4, after })
      seen.push(...lines(page.text).map((l) => (JSON.parse(l) as { id: string }).id))
      after = page.nextCursor
      if (!page.hasMore) {
        break
      }
    }
    expect(seen).toEqual(['f0', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8'])
  })
})
