import { describe, expect } from 'vitest'
import { exportPage } from '../../../reports/export/export-page.js'
import { EVENT_FIELDS, EVENT_FIELDS_WITH_RAW } from '../../../reports/export/event-array-queries.js'
import { cefEventRow, eventRow, fullEventRow } from '../../../reports/export/event-rows.js'
import { CEF_EVENT_FIELDS } from '../../../reports/export/formats/cef.js'
import { compact } from '../../../reports/export/formats/fields.js'
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

/** More rows than one DuckDB chunk (2048), so batches span chunks and several batches follow. */
const MANY = 2500

function hasAbsentMember(value: unknown): boolean {
  if (value === null || value === undefined) {
    return true
  }
  if (Array.isArray(value)) {
    return value.some(hasAbsentMember)
  }
  if (typeof value === 'object') {
    const members = Object.values(value)
    return members.length === 0 || members.some(hasAbsentMember)
  }
  return false
}

describe('events read as JSON arrays, a DuckDB chunk at a time', () => {
  exportDbTest(
    'a page spanning several chunks and batches comes back whole and in sequence order',
    async ({ db }) => {
      await insertManyEvents(db, MANY)
      const stored = await db.all<{ uuid: string }>('SELECT uuid FROM events ORDER BY ingest_seq')
      expect(stored).toHaveLength(MANY)
      const whole = await pageText(db, { stream: 'events', format: 'cef', limit: MANY })
      const ids = lines(whole.text).map((l) => parseCef(l).ext.get('externalId'))
      expect(ids).toEqual(stored.map((r) => r.uuid))
      for (const format of ['cef', 'ocsf'] as const) {
        const big = await pageText(db, { stream: 'events', format, limit: MANY, batchRows: 3000 })
        const small = await pageText(db, { stream: 'events', format, limit: MANY, batchRows: 700 })
        expect(small.text).toBe(big.text)
        expect(lines(big.text)).toHaveLength(MANY)
      }
    },
  )

  exportDbTest(
    'abandoning a body mid-page releases its statement and connection',
    async ({ db }) => {
      await insertManyEvents(db, MANY)
      const page = await exportPage(db, {
        stream: 'events',
        format: 'ocsf',
        limit: MANY,
        batchRows: 1000,
      })
      let seen = 0
      for await (const chunk of page.records) {
        seen += lines(String(chunk)).length
        break
      }
      // One chunk was handed over while the next batch was already running in DuckDB.
      expect(seen).toBeGreaterThan(0)
      expect(seen).toBeLessThan(MANY)
      const again = await pageText(db, { stream: 'events', format: 'cef', limit: MANY })
      expect(lines(again.text)).toHaveLength(MANY)
    },
  )

  exportDbTest('CEF extension fields built in JavaScript parse back strictly', async ({ db }) => {
    await addUser(db, 'hub', '00u_alice', NASTY)
    await importEvents(db, [oktaEvent(), ...nastyEvents()])
    const { text } = await pageText(db, { stream: 'events', format: 'cef', limit: 100 })
    const [plain, nasty, target] = lines(text).map((l) => parseCef(l).ext)
    expect(plain?.get('cs1Label')).toBe('partnerId')
    expect(plain?.get('cs1')).toBe(NASTY)
    expect(plain?.get('cs3Label')).toBe('externalSessionId')
    expect(plain?.get('cs3')).toBe('sess1')
    expect(plain?.get('cs4')).toBe('tx1')
    expect(plain?.get('cs5')).toBe('Amsterdam, North Holland, Netherlands')
    expect(plain?.get('src')).toBe('203.0.113.7')
    expect(plain?.get('outcome')).toBe('success')
    // An IPv6 client goes to c6a1 with its label; pipes, equals, backslashes and CR/LF come back whole.
    expect(nasty?.get('c6a1')).toBe('2001:db8::7')
    expect(nasty?.get('c6a1Label')).toBe('clientIp')
    expect(nasty?.get('requestClientApplication')).toBe(NASTY)
    expect(nasty?.get('suser')).toBe(`x${NASTY}`)
    expect(nasty?.get('outcome')).toBe('failure')
    expect(target?.get('duser')).toBe(NASTY)
    expect(target?.get('duid')).toBe('00u_target')
    expect(target?.get('act')).toBe('custom|type\\with=odd chars')
  })

  exportDbTest('a sequence number past 2^53 survives the trip through JSON', async ({ db }) => {
    await importEvents(db, [oktaEvent(), oktaEvent()])
    const big = 2n ** 53n + 1n
    await db.run(
      'UPDATE events SET ingest_seq = $big WHERE ingest_seq = (SELECT max(ingest_seq) FROM events)',
      {
        big,
      },
    )
    const cef = await pageText(db, { stream: 'events', format: 'cef', limit: 10 })
    expect(lines(cef.text).map((l) => parseCef(l).ext.get('cn1'))).toContain(big.toString())
    const ocsf = await pageText(db, { stream: 'events', format: 'ocsf', limit: 10 })
    const seqs = lines(ocsf.text).map(
      (l) =>
        (JSON.parse(l) as { unmapped: { partnerwatch: { ingest_seq: string } } }).unmapped
          .partnerwatch.ingest_seq,
    )
    expect(seqs).toContain(big.toString())
  })

  exportDbTest('OCSF event records leave out every absent member', async ({ db }) => {
    await importEvents(db, [oktaEvent(), ...nastyEvents()])
    const { text } = await pageText(db, { stream: 'events', format: 'ocsf', limit: 100 })
    const records = lines(text).map((l) => JSON.parse(l) as unknown)
    expect(records).toHaveLength(6)
    for (const record of records) {
      expect(hasAbsentMember(record)).toBe(false)
      expect(compact(record)).toEqual(record)
    }
  })

  exportDbTest('the whole-row reader takes each field from the position the SQL puts it', () => {
    const values = EVENT_FIELDS_WITH_RAW.map((f, i) => (f === 'seq' ? '7' : `v${i}`))
    const text = JSON.stringify(values)
    expect(fullEventRow(text)).toEqual(eventRow(EVENT_FIELDS_WITH_RAW, text))
    const noRaw = JSON.stringify(values.slice(0, EVENT_FIELDS.length))
    expect(fullEventRow(noRaw)).toEqual(eventRow(EVENT_FIELDS, noRaw))
    expect(fullEventRow(noRaw).raw).toBe('')
    const cef = JSON.stringify(CEF_EVENT_FIELDS.map((f, i) => (f === 'seq' ? '7' : `c${i}`)))
    const { raw, ...generic } = eventRow(CEF_EVENT_FIELDS, cef)
    expect(raw).toBe('')
    expect(cefEventRow(cef)).toEqual(generic)
  })

  exportDbTest('compact drops null, undefined and empty members, keeps array items', () => {
    expect(
      compact({
        a: null,
        b: undefined,
        c: { d: null, e: { f: undefined } },
        g: [null, {}, { h: null }, 1],
        i: { j: 0, k: '', l: false },
      }),
    ).toEqual({ g: [{}, {}, 1], i: { j: 0, k: '', l: false } })
    expect(compact({ a: null })).toEqual({})
    expect(compact([null, 2])).toEqual([2])
    expect(compact('x')).toBe('x')
  })
})
