// A bundle larger than one DuckDB chunk (2048 rows): every item arrives once, in order, in each
// format. The snapshot is written straight into the directory tables (as the bench does).
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, onTestFinished } from 'vitest'
import { fixedClock } from '../../../lib/clock.js'
import { parseConfig } from '../../../lib/config.js'
import { writeBundle } from '../../../reports/certification/bundle.js'
import { createCampaign, launchCampaign } from '../../../reports/certification/campaigns.js'
import { dbTest } from '../../helpers/db.js'
import { parseCsv } from './csv-parse.js'

const USERS = 450 // × (account + 3 apps + 1 group) = 2250 items, past one 2048-row chunk

describe('bundle across chunks', () => {
  dbTest('every item once and in order, in csv, json and xlsx', async ({ db }) => {
    const snap = `'hub', 1, TIMESTAMPTZ '2026-12-15 11:00:00+00'`
    await db.run(`INSERT INTO directory_syncs (id, org, started_at, status)
      VALUES (1, 'hub', TIMESTAMPTZ '2026-12-15 11:00:00+00', 'succeeded')`)
    await db.run(`INSERT INTO dir_users (id, org, sync_id, synced_at, status, login, created, profile,
        partner_id, looks_external, jit)
      SELECT 'u' || lpad(i::VARCHAR, 4, '0'), ${snap}, 'ACTIVE', 'u' || lpad(i::VARCHAR, 4, '0') || '@p.example',
        TIMESTAMPTZ '2026-12-01 00:00:00+00', '{}', 'p', true, false
      FROM range(${USERS}) t(i)`)
    await db.run(`INSERT INTO dir_apps (id, org, sync_id, synced_at, label)
      SELECT 'a' || i, ${snap}, 'App ' || i FROM range(3) t(i)`)
    await db.run(`INSERT INTO dir_app_users (app_id, user_id, org, sync_id, synced_at, scope)
      SELECT 'a' || k, 'u' || lpad(i::VARCHAR, 4, '0'), ${snap}, 'USER' FROM range(${USERS}) t(i), range(3) s(k)`)
    await db.run(`INSERT INTO dir_groups (id, org, sync_id, synced_at, name, type, profile)
      VALUES ('g1', ${snap}, 'G', 'OKTA_GROUP', '{}')`)
    await db.run(`INSERT INTO dir_group_members (group_id, user_id, org, sync_id, synced_at)
      SELECT 'g1', 'u' || lpad(i::VARCHAR, 4, '0'), ${snap} FROM range(${USERS}) t(i)`)
    const config = parseConfig(
      {
        partners: [{ id: 'p', name: 'P', timeZone: 'UTC', match: { emailDomains: ['p.example'] } }],
      },
      { env: {}, cwd: '/', source: 'test' },
    )
    const ctx = {
      db,
      partners: config.partners,
      settings: config.certification,
      clock: fixedClock('2026-12-15T12:00:00Z'),
    }
    const c = await createCampaign(ctx, { period: '2026-Q4' }, 'owner@corp.example')
    const launched = await launchCampaign(ctx, { campaignId: c.id }, 'owner@corp.example')
    expect(launched.itemCount).toBe(USERS * 5)
    const seqs = Array.from({ length: USERS * 5 }, (_, i) => i + 1)

    const out = await mkdtemp(join(tmpdir(), 'pw-chunks-'))
    onTestFinished(() => rm(out, { recursive: true, force: true }))
    await writeBundle(ctx, { campaignId: c.id, format: 'csv' }, 'auditor', join(out, 'csv'))
    const csv = parseCsv(await readFile(join(out, 'csv', 'items.csv'), 'utf8'))
    expect(csv.slice(1).map((r) => Number(r[0]))).toEqual(seqs)

    await writeBundle(ctx, { campaignId: c.id, format: 'json' }, 'auditor', join(out, 'json'))
    const json = JSON.parse(await readFile(join(out, 'json', 'items.json'), 'utf8')) as {
      seq: number
    }[]
    expect(json.map((r) => r.seq)).toEqual(seqs)

    await writeBundle(ctx, { campaignId: c.id, format: 'xlsx' }, 'auditor', join(out, 'xlsx'))
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(join(out, 'xlsx', 'items.xlsx'))
    const col: unknown[] = []
    book.getWorksheet('items')?.eachRow((row, n) => {
      if (n > 1) {
        col.push(row.getCell(1).value)
      }
    })
    expect(col).toEqual(seqs)
  })
})
