import { describe, expect } from 'vitest'
import { tableFromIPC } from 'apache-arrow'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { exportPage } from '../../../reports/export/export-page.js'
import {
  addFinding,
  exportDbTest,
  importEvents,
  importSamples,
  lines,
  nastyEvents,
  pageText,
} from './fixtures.js'

async function bytes(records: AsyncIterable<string | Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = []
  for await (const c of records) {
    parts.push(typeof c === 'string' ? Buffer.from(c) : Buffer.from(c))
  }
  return Buffer.concat(parts)
}

describe('NDJSON, HEC, ECS, Arrow and Parquet export', () => {
  exportDbTest(
    'ndjson is the raw event exactly as stored; HEC wraps it unmodified',
    async ({ db }) => {
      await importSamples(db)
      await importEvents(db, nastyEvents())
      const raws = await db.all<{ raw: string; ms: number; uuid: string }>(
        'SELECT raw, epoch_ms(published)::DOUBLE AS ms, uuid FROM events ORDER BY ingest_seq',
      )
      const nd = await pageText(db, { stream: 'events', format: 'ndjson', limit: 10_000 })
      expect(lines(nd.text)).toEqual(raws.map((r) => r.raw))
      const hec = lines(
        (await pageText(db, { stream: 'events', format: 'hec', limit: 10_000 })).text,
      )
      expect(hec).toHaveLength(raws.length)
      hec.forEach((line, i) => {
        const r = raws[i]!
        const env = JSON.parse(line) as {
          time: number
          sourcetype: string
          event: unknown
          fields: { uid: string }
        }
        expect(env.sourcetype).toBe('OktaIM2:log')
        expect(env.time).toBe(r.ms / 1000)
        expect(env.fields.uid).toBe(r.uuid)
        expect(env.event).toEqual(JSON.parse(r.raw))
        expect(line.endsWith(`"event":${r.raw}}`)).toBe(true)
      })
    },
  )

  exportDbTest(
    'ECS documents carry event.id = uuid and only allowed outcome values',
    async ({ db }) => {
      await importSamples(db)
      const uuids = (
        await db.all<{ uuid: string }>('SELECT uuid FROM events ORDER BY ingest_seq')
      ).map((r) => r.uuid)
      const docs = lines(
        (await pageText(db, { stream: 'events', format: 'ecs', limit: 10_000 })).text,
      ).map(
        (l) =>
          JSON.parse(l) as {
            '@timestamp': string
            event: { id: string; outcome: string; kind: string; category?: string[] }
          },
      )
      expect(docs.map((d) => d.event.id)).toEqual(uuids)
      for (const d of docs) {
        expect(['success', 'failure', 'unknown']).toContain(d.event.outcome)
        expect(d.event.kind).toBe('event')
        expect(Number.isNaN(Date.parse(d['@timestamp']))).toBe(false)
        for (const c of d.event.category ?? []) {
          expect(['authentication', 'session', 'iam', 'configuration']).toContain(c)
        }
      }
      await addFinding(db, { id: 'f1', partner: 'northwind' })
      const alert = JSON.parse(
        lines((await pageText(db, { stream: 'anomalies', format: 'ecs', limit: 1 })).text)[0]!,
      ) as Record<string, unknown>
      expect(alert).toMatchObject({
        event: { id: 'f1', kind: 'alert', risk_score: 80 },
        rule: { id: 'Okta.PartnerLogin.ImpossibleTravel' },
      })
    },
  )

  exportDbTest('Arrow IPC stream and Parquet read back with the same rows', async ({ db }) => {
    await importSamples(db)
    await importEvents(db, nastyEvents())
    const uuids = (
      await db.all<{ uuid: string }>('SELECT uuid FROM events ORDER BY ingest_seq LIMIT 150')
    ).map((r) => r.uuid)
    // Small batches: the stream holds several record batches.
    const arrowPage = await exportPage(db, {
      stream: 'events',
      format: 'arrow',
      limit: 150,
      batchRows: 40,
    })
    expect(arrowPage.contentType).toBe('application/vnd.apache.arrow.stream')
    const table = tableFromIPC(await bytes(arrowPage.records))
    expect(table.batches.length).toBe(4)
    expect(table.numRows).toBe(150)
    expect(table.getChild('uuid')?.toArray()).toEqual(uuids)
    expect(table.getChild('seq')?.get(0)).toBe(1n)

    const parquetPage = await exportPage(db, { stream: 'events', format: 'parquet', limit: 150 })
    const file = join(mkdtempSync(join(tmpdir(), 'pw-parquet-')), 'page.parquet')
    writeFileSync(file, await bytes(parquetPage.records))
    const rows = await db.all<{ uuid: string }>(
      'SELECT uuid FROM read_parquet($file) ORDER BY seq',
      { file },
    )
    expect(rows.map((r) => r.uuid)).toEqual(uuids)

    await addFinding(db, { id: 'f1', partner: null })
    const findings = tableFromIPC(
      await bytes(
        (await exportPage(db, { stream: 'anomalies', format: 'arrow', limit: 5 })).records,
      ),
    )
    expect(findings.getChild('id')?.toArray()).toEqual(['f1'])
  })
})
