import { describe, expect } from 'vitest'
import parseSyslog from 'nsyslog-parser'
import type { Database } from '../../../lib/db.js'
import { parseCef } from './cef-parser.js'
import { parseLeef } from './leef-parser.js'
import {
  addFinding,
  addUser,
  exportDbTest,
  importEvents,
  importSamples,
  lines,
  nastyEvents,
  NASTY,
  pageText,
} from './fixtures.js'

interface Stored {
  seq: bigint
  uuid: string
  org: string
  ms: number
  event_type: string | null
  display_message: string | null
  actor_login: string | null
  actor_id: string | null
  client_ip: string | null
  outcome_reason: string | null
  user_agent: string | null
  partner_id: string | null
}

async function stored(db: Database): Promise<Stored[]> {
  return db.all<Stored>(
    `SELECT e.ingest_seq AS seq, e.uuid, e.org, epoch_ms(e.published)::DOUBLE AS ms, e.event_type,
       e.display_message, e.actor_login, e.actor_id, e.client_ip, e.outcome_reason, e.user_agent, u.partner_id
     FROM events e LEFT JOIN dir_users u ON u.org = e.org AND u.id = e.actor_id ORDER BY e.ingest_seq`,
  )
}

async function load(db: Database): Promise<Stored[]> {
  await importSamples(db)
  await addUser(db, 'hub', '00u_nasty', `north"wind]${NASTY}`)
  await importEvents(db, nastyEvents())
  const rows = await stored(db)
  // The hand-made values really are in the store, unchanged.
  expect(rows.some((r) => r.display_message === NASTY)).toBe(true)
  return rows
}

const headerClean = (v: string): string => v.replace(/\r\n|[\r\n]/g, ' ')
const leefClean = (v: string): string => v.replace(/[\^\r\n]/g, ' ')
const opt = (v: string | null | undefined): string | undefined =>
  v === null || v === '' ? undefined : v

describe('CEF, LEEF and syslog export', () => {
  exportDbTest('CEF lines parse back strictly, field for field', async ({ db }) => {
    const rows = await load(db)
    const { text } = await pageText(db, { stream: 'events', format: 'cef', limit: 10_000 })
    const records = lines(text).map(parseCef)
    expect(records).toHaveLength(rows.length)
    records.forEach((c, i) => {
      const r = rows[i] as Stored
      expect([c.version, c.vendor, c.product]).toEqual([0, 'Okta', 'System Log'])
      expect(c.classId).toBe(headerClean(r.event_type ?? 'unknown'))
      expect(c.name).toBe(headerClean(r.display_message ?? r.event_type ?? 'unknown'))
      const ext = Object.fromEntries(c.ext)
      expect(ext.externalId).toBe(r.uuid)
      expect(Number(ext.rt)).toBe(r.ms)
      expect(ext.msg).toBe(opt(r.display_message))
      expect(ext.suser).toBe(opt(r.actor_login))
      expect(ext.suid).toBe(opt(r.actor_id))
      expect(ext.reason).toBe(opt(r.outcome_reason))
      expect(ext.requestClientApplication).toBe(opt(r.user_agent))
      expect(ext.src ?? ext.c6a1).toBe(opt(r.client_ip))
      expect(ext.cs1).toBe(opt(r.partner_id))
      expect(ext.cs2).toBe(r.org)
      expect(ext.cn1).toBe(String(r.seq))
    })
    // The hand-made values survived the trip whole, pipes, equals, backslashes, CR/LF and all.
    const nasty = records.find((c) => c.ext.get('msg') === NASTY)
    expect(nasty?.ext.get('reason')).toBe(NASTY)
    expect(nasty?.ext.get('c6a1')).toBe('2001:db8::7')
    expect(nasty?.ext.get('cs1')).toBe(`north"wind]${NASTY}`)
    expect(records.some((c) => c.classId === 'custom|type\\with=odd chars')).toBe(true)
    // Small batches give the same body, in the same order.
    for (const format of ['cef', 'syslog', 'ocsf', 'leef'] as const) {
      const whole = await pageText(db, { stream: 'events', format, limit: 10_000 })
      const batched = await pageText(db, { stream: 'events', format, limit: 10_000, batchRows: 16 })
      expect(batched.text).toBe(whole.text)
    }
    expect(text).toBe((await pageText(db, { stream: 'events', format: 'cef', limit: 10_000 })).text)
  })

  exportDbTest('the CEF parser is strict: it refuses what a strict SIEM refuses', () => {
    expect(() => parseCef('CEF:0|a|b|c|d|e|5|msg=a=b')).toThrow(/unescaped =/)
    expect(() => parseCef('CEF:0|a|b|c|d|e|5|msg=a\\|b')).toThrow(/bad escape/)
    expect(() => parseCef('CEF:0|a|b\\x|c|d|e|5|')).toThrow(/bad header escape/)
    expect(() => parseCef('CEF:0|a|b|c|d|e|11|')).toThrow(/severity/)
    expect(parseCef('CEF:0|a\\|b|c|d|e|f|5|k=v\\=w x=a b\\\\c\\n').ext).toEqual(
      new Map([
        ['k', 'v=w'],
        ['x', 'a b\\c\n'],
      ]),
    )
  })

  exportDbTest('LEEF 2.0 lines parse back strictly, field for field', async ({ db }) => {
    const rows = await load(db)
    const { text } = await pageText(db, { stream: 'events', format: 'leef', limit: 10_000 })
    const records = lines(text).map(parseLeef)
    expect(records).toHaveLength(rows.length)
    records.forEach((l, i) => {
      const r = rows[i] as Stored
      expect([l.vendor, l.product, l.delimiter]).toEqual(['Okta', 'System Log', '^'])
      expect(l.eventId).toBe((r.event_type ?? 'unknown').replace(/[|^\r\n]/g, ' '))
      const a = Object.fromEntries(l.attrs)
      expect(a.externalId).toBe(r.uuid)
      expect(a.devTime).toBe(String(r.ms))
      expect(a.devTime).toMatch(/^\d{13}$/)
      expect(Number(a.sev)).toBeGreaterThanOrEqual(1)
      expect(a.msg).toBe(opt(r.display_message) && leefClean(r.display_message ?? ''))
      expect(a.usrName).toBe(opt(r.actor_login) && leefClean(r.actor_login ?? '').slice(0, 255))
      expect(a.reason).toBe(opt(r.outcome_reason) && leefClean(r.outcome_reason ?? ''))
      expect(a.src).toBe(opt(r.client_ip))
      expect(a.partnerId).toBe(opt(r.partner_id) && leefClean(r.partner_id ?? ''))
      expect(a.ingestSeq).toBe(String(r.seq))
    })
    expect(records.some((l) => l.attrs.get('msg') === leefClean(NASTY))).toBe(true)
  })

  exportDbTest('syslog lines are RFC 5424 that nsyslog-parser reads back', async ({ db }) => {
    const rows = await load(db)
    const { text } = await pageText(db, { stream: 'events', format: 'syslog', limit: 10_000 })
    const msgs = lines(text)
    expect(msgs).toHaveLength(rows.length)
    msgs.forEach((line, i) => {
      const r = rows[i] as Stored
      const p = parseSyslog(line)
      expect(p.type === 'RFC5424' || p.type === 'CEF').toBe(true)
      expect([p.version, p.facilityval, p.appName, p.pid]).toEqual([1, 10, 'partnerwatch', '-'])
      expect(new Date(p.ts).getTime()).toBe(r.ms)
      expect(p.host).toBe(r.org)
      expect(p.messageid).toBe(
        (r.event_type ?? '-').replace(/[^A-Za-z0-9._:@/+-]/g, '').slice(0, 32),
      )
      // Structured data: nsyslog-parser reads plain values; escaped ones are checked by the RFC grammar.
      const sd =
        /^<\d+>1 \S+ \S+ \S+ \S+ \S+ (\[partnerwatch@32473((?: [a-z]+="(?:[^"\\\]]|\\["\\\]])*")+)\]) \uFEFF/.exec(
          line,
        )
      expect(sd, line).not.toBeNull()
      const params = Object.fromEntries(
        [...(sd?.[2] ?? '').matchAll(/ ([a-z]+)="((?:[^"\\\]]|\\["\\\]])*)"/g)].map((m) => [
          m[1],
          (m[2] ?? '').replace(/\\(["\\\]])/g, '$1'),
        ]),
      )
      expect(params).toMatchObject({ uid: r.uuid, seq: String(r.seq), org: r.org })
      expect(params.partner).toBe(r.partner_id?.replace(/\r\n|[\r\n]/g, ' '))
      // The CEF payload, after the UTF-8 BOM, is the CEF record of the same event.
      const payload = line.slice(sd?.[0].length ?? 0)
      expect(parseCef(payload).ext.get('externalId')).toBe(r.uuid)
      if (r.partner_id === null) {
        expect(p.message.replace(/^\uFEFF/, '')).toBe(payload)
        expect(p.structuredData).toEqual([
          { $id: 'partnerwatch@32473', uid: r.uuid, seq: String(r.seq), org: r.org },
        ])
      }
    })
  })

  exportDbTest('octet-counted syslog frames carry their length in UTF-8 bytes', async ({ db }) => {
    await importEvents(db, nastyEvents())
    const { text, count } = await pageText(db, {
      stream: 'events',
      format: 'syslog',
      framing: 'octet-counting',
      limit: 100,
    })
    const buf = Buffer.from(text, 'utf8')
    const frames: string[] = []
    let at = 0
    while (at < buf.length) {
      const space = buf.indexOf(0x20, at)
      const len = Number(buf.subarray(at, space).toString('ascii'))
      expect(String(len)).toMatch(/^[1-9]\d*$/)
      frames.push(buf.subarray(space + 1, space + 1 + len).toString('utf8'))
      at = space + 1 + len
    }
    expect(frames).toHaveLength(count)
    for (const f of frames) {
      expect(f.startsWith('<')).toBe(true)
      expect(parseSyslog(f).appName).toBe('partnerwatch')
    }
    // Multi-byte text: bytes, not characters, were counted.
    expect(frames.some((f) => Buffer.byteLength(f) > f.length)).toBe(true)
  })

  exportDbTest('findings as CEF, LEEF and syslog', async ({ db }) => {
    await addFinding(db, { id: 'f-1', partner: 'northwind', summary: NASTY })
    const cef = parseCef(
      lines((await pageText(db, { stream: 'anomalies', format: 'cef', limit: 5 })).text)[0] ?? '',
    )
    expect(cef).toMatchObject({
      vendor: 'partnerwatch',
      classId: 'Okta.PartnerLogin.ImpossibleTravel',
      severity: 8,
    })
    expect(cef.name).toBe(headerClean(NASTY))
    expect(Object.fromEntries(cef.ext)).toMatchObject({
      externalId: 'f-1',
      msg: NASTY,
      cs1: 'northwind',
      cn1: '1',
    })
    const leef = parseLeef(
      lines((await pageText(db, { stream: 'anomalies', format: 'leef', limit: 5 })).text)[0] ?? '',
    )
    expect(Object.fromEntries(leef.attrs)).toMatchObject({
      externalId: 'f-1',
      sev: '8',
      msg: leefClean(NASTY),
    })
    const sys = parseSyslog(
      lines((await pageText(db, { stream: 'anomalies', format: 'syslog', limit: 5 })).text)[0] ??
        '',
    )
    // MSGID holds at most 32 characters.
    expect([sys.levelval, sys.messageid]).toEqual([3, 'Okta.PartnerLogin.ImpossibleTrav'])
  })
})
