// The evidence bundle: every file hashed in the manifest (and the hashes verify), CSV per RFC 4180
// with formula-injection cells neutralised, JSON and XLSX with the same rows, and a preview when no
// campaign exists that stores nothing.
import { createHash } from 'node:crypto'
import { mkdtemp, readFile, readdir, rm, appendFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { dbTest } from '../../helpers/db.js'
import { describe, expect, onTestFinished } from 'vitest'
import { writeBundle } from '../../../reports/certification/bundle.js'
import { createCampaign, launchCampaign } from '../../../reports/certification/campaigns.js'
import { closeCampaign } from '../../../reports/certification/decisions.js'
import { sha256File } from '../../../reports/certification/manifest.js'
import { IDS, U, fixtureDirectory } from '../../ingest/directory-fixture.js'
import { OWNER, certFixture } from './fixture.js'
import { parseCsv } from './csv-parse.js'

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pw-bundle-'))
  onTestFinished(() => rm(dir, { recursive: true, force: true }))
  return dir
}

/** A directory whose names try to smuggle spreadsheet formulas and CSV breakers. */
function hostileDirectory() {
  const dir = fixtureDirectory()
  const ann = dir.users.find((u) => u.id === U.ann.id)
  if (ann) {
    ann.profile.firstName = '=HYPERLINK("http://evil.example","x")'
    ann.profile.lastName = 'Lee, "the" 2nd'
  }
  const gus = dir.users.find((u) => u.id === U.gus.id)
  if (gus) {
    gus.profile.firstName = '\tTabbed'
    gus.profile.lastName = 'Multi\r\nLine'
  }
  const group = dir.groups.find((g) => g.id === IDS.northwindGroup)
  if (group) {
    group.profile.name = '+cmd|calc'
  }
  const wiki = dir.apps.find((a) => a.id === IDS.wiki)
  if (wiki) {
    wiki.label = '@SUM(A1:A9)'
  }
  const erp = dir.apps.find((a) => a.id === IDS.erp)
  if (erp) {
    erp.label = '-2+3'
  }
  return dir
}

describe('evidence bundle', () => {
  dbTest('manifest hashes verify; CSV neutralises formula cells', async ({ db }) => {
    const { ctx } = await certFixture(db, {}, hostileDirectory())
    const c = await createCampaign(ctx, { period: '2026-Q1' }, OWNER)
    await launchCampaign(ctx, { campaignId: c.id }, OWNER)
    await closeCampaign(ctx, { campaignId: c.id }, OWNER)
    const out = await tempDir()
    const bundle = await writeBundle(ctx, { campaignId: c.id, format: 'csv' }, OWNER, out)

    const names = bundle.files.map((f) => f.name)
    expect(names).toEqual([
      'items.csv',
      'decisions.csv',
      'reassignments.csv',
      'exclusions.csv',
      'remediation.csv',
      'verification.csv',
      'summary.json',
    ])
    expect((await readdir(out)).sort()).toEqual([...names, 'SHA256SUMS', 'manifest.json'].sort())
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as {
      algorithm: string
      files: { name: string; bytes: number; sha256: string }[]
    }
    expect(manifest.algorithm).toBe('SHA-256')
    for (const f of manifest.files) {
      const bytes = await readFile(join(out, f.name))
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(f.sha256)
      expect(bytes.length).toBe(f.bytes)
    }
    const sums = await readFile(join(out, 'SHA256SUMS'), 'utf8')
    expect(sums.trim().split('\n')).toEqual(manifest.files.map((f) => `${f.sha256}  ${f.name}`))

    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as {
      counts: { sourceCount: number; items: number; exclusions: number; reconciled: boolean }
      source: { query: string; snapshotAt: string }
      campaign: { scope: unknown }
      generator: string
    }
    expect(summary.counts.reconciled).toBe(true)
    expect(summary.counts.sourceCount).toBe(summary.counts.items + summary.counts.exclusions)
    expect(summary.source.query).toContain('FROM dir_users')
    expect(summary.source.snapshotAt).toBe('2026-03-02T12:00:00.000Z')
    expect(summary.campaign.scope).toEqual({ partners: 'all' })
    expect(summary.generator).toMatch(/^partnerwatch /)

    const text = await readFile(join(out, 'items.csv'), 'utf8')
    expect(text.endsWith('\r\n')).toBe(true)
    const rows = parseCsv(text)
    const header = rows[0] ?? []
    const col = (name: string) => header.indexOf(name)
    const body = rows.slice(1)
    expect(body).toHaveLength(summary.counts.items)
    const cells = body.flat()
    // Nothing that a spreadsheet would run starts a cell.
    expect(cells.filter((v) => /^[=+\-@\t\r]/.test(v))).toEqual([])
    const annName = body.find((r) => r[col('user_id')] === U.ann.id)?.[col('display_name')]
    expect(annName).toBe(`'=HYPERLINK("http://evil.example","x") Lee, "the" 2nd`)
    const gusName = body.find((r) => r[col('user_id')] === U.gus.id)?.[col('display_name')]
    expect(gusName).toBe("'\tTabbed Multi\r\nLine")
    const names2 = new Set(body.map((r) => r[col('entitlement_name')]))
    expect([...names2]).toEqual(expect.arrayContaining(["'+cmd|calc", "'@SUM(A1:A9)", "'-2+3"]))
    // A changed file no longer matches its hash.
    await appendFile(join(out, 'items.csv'), 'x')
    expect(await sha256File(join(out, 'items.csv'))).not.toBe(manifest.files[0]?.sha256)
  })

  dbTest(
    'JSON and XLSX hold the same rows; no campaign gives a preview that stores nothing',
    async ({ db }) => {
      const { ctx } = await certFixture(db, {}, hostileDirectory())
      const jsonOut = await tempDir()
      const preview = await writeBundle(ctx, { period: '2026-Q1', format: 'json' }, OWNER, jsonOut)
      expect(preview.kind).toBe('preview')
      expect(await db.one('SELECT count(*)::INTEGER AS n FROM cert_campaigns')).toEqual({ n: 0 })
      expect(await db.one('SELECT count(*)::INTEGER AS n FROM cert_items')).toEqual({ n: 0 })
      const items = JSON.parse(await readFile(join(jsonOut, 'items.json'), 'utf8')) as Record<
        string,
        unknown
      >[]
      expect(items.length).toBe((preview.summary.counts as { items: number }).items)
      const ann = items.find((i) => i.user_id === U.ann.id && i.entitlement_type === 'account')
      // JSON keeps values as they are (no spreadsheet runs it), lists as lists.
      expect(ann?.display_name).toBe('=HYPERLINK("http://evil.example","x") Lee, "the" 2nd')
      expect(ann?.reasons).toEqual([])

      const c = await createCampaign(ctx, { period: '2026-Q1' }, OWNER)
      await launchCampaign(ctx, { campaignId: c.id }, OWNER)
      const xlsxOut = await tempDir()
      const bundle = await writeBundle(ctx, { period: '2026-Q1', format: 'xlsx' }, OWNER, xlsxOut)
      expect(bundle).toMatchObject({ kind: 'campaign', campaignId: c.id })
      const book = new ExcelJS.Workbook()
      await book.xlsx.readFile(join(xlsxOut, 'items.xlsx'))
      const sheet = book.getWorksheet('items')
      expect(sheet?.rowCount).toBe(items.length + 1)
      const header = (sheet?.getRow(1).values as unknown[]).slice(1)
      const nameCol = header.indexOf('display_name') + 1
      const values: unknown[] = []
      sheet?.eachRow((row) => values.push(row.getCell(nameCol).value))
      expect(values).toContain('=HYPERLINK("http://evil.example","x") Lee, "the" 2nd')
      expect(values.some((v) => typeof v === 'object' && v !== null)).toBe(false)
    },
  )
})
