import { describe, expect } from 'vitest'
import {
  exportDbTest,
  importEvents,
  importSamples,
  nastyEvents,
  addFinding,
  pageText,
  lines,
} from './fixtures.js'
import { OcsfSchema } from './ocsf-validator.js'

const schema = new OcsfSchema()

describe('OCSF export', () => {
  exportDbTest('every event record is valid OCSF 1.8.0 for its class', async ({ db }) => {
    await importSamples(db)
    await importEvents(db, nastyEvents())
    const { text, count } = await pageText(db, { stream: 'events', format: 'ocsf', limit: 100_000 })
    const records = lines(text).map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(records).toHaveLength(count)
    const stored = await db.all<{ uuid: string }>('SELECT uuid FROM events ORDER BY ingest_seq')
    expect(records.map((r) => (r.metadata as { uid: string }).uid)).toEqual(
      stored.map((s) => s.uuid),
    )
    const problems = records.flatMap((r) =>
      schema
        .validate(r)
        .map((e) => `${(r.metadata as { uid: string }).uid} ${String(r.class_uid)}: ${e}`),
    )
    expect(problems).toEqual([])
    const classes = new Set(records.map((r) => r.class_uid))
    expect([...classes].sort()).toEqual(expect.arrayContaining([0, 3001, 3002, 3006, 6003]))
    for (const r of records) {
      expect(r.type_uid).toBe((r.class_uid as number) * 100 + (r.activity_id as number))
      expect(Number.isInteger(r.time)).toBe(true)
    }
    const signIn = records.find(
      (r) => (r.metadata as { event_code: string }).event_code === 'user.session.start',
    )
    expect(signIn).toMatchObject({
      class_uid: 3002,
      activity_id: 1,
      user: { uid: expect.any(String) },
    })
    const deactivate = records.find(
      (r) => (r.metadata as { event_code: string }).event_code === 'user.lifecycle.deactivate',
    )
    expect(deactivate).toMatchObject({ class_uid: 3001, activity_id: 5, user: { uid: '00u_bob' } })
  })

  exportDbTest('every finding is a valid Detection Finding (2004)', async ({ db }) => {
    await addFinding(db, { id: 'f1', partner: 'northwind' })
    await addFinding(db, { id: 'f2', partner: null, user: 'nobody' })
    const { text } = await pageText(db, { stream: 'anomalies', format: 'ocsf', limit: 10 })
    const records = lines(text).map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(records.map((r) => schema.validate(r))).toEqual([[], []])
    expect(records[0]).toMatchObject({
      class_uid: 2004,
      type_uid: 200401,
      metadata: { uid: 'f1' },
      finding_info: { uid: 'f1', related_events: [{ uid: 'e1' }, { uid: 'e2' }] },
      severity_id: 4,
    })
  })

  exportDbTest('the validator rejects what the schema forbids', async ({ db }) => {
    await importEvents(db, nastyEvents().slice(0, 1))
    const { text } = await pageText(db, { stream: 'events', format: 'ocsf', limit: 1 })
    const good = JSON.parse(lines(text)[0] ?? '{}') as Record<string, unknown>
    expect(schema.validate(good)).toEqual([])
    const broken = structuredClone(good)
    delete broken.user
    broken.type_uid = 300202
    broken.severity_id = 7
    broken.extra = 1
    ;(broken.src_endpoint as Record<string, unknown>).ip = 'not an ip'
    ;(broken.metadata as Record<string, unknown>).version = 18
    const errors = schema.validate(broken)
    expect(errors).toEqual(
      expect.arrayContaining([
        'user: required attribute missing (authentication)',
        'type_uid: 300202 is not class_uid*100+activity_id',
        expect.stringMatching(/^severity_id: 7 is not one of/),
        'extra: not an attribute of authentication',
        expect.stringMatching(/^src_endpoint\.ip: .* does not match the ip_t pattern/),
        expect.stringMatching(/^metadata\.version: 18 is not a string_t/),
      ]),
    )
  })
})
