// The audit-trail and export pages in Chromium: an admin reads (and filters) the requests another
// token made, an analyst reaching the audit trail by URL gets the API's 403; an analyst pages the
// anomalies stream by its cursor and downloads a page (a Blob: the token stays in a header); a
// partner admin's export holds its partner only.
import type { Browser } from 'playwright-core'
import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { axeViolations, browserSuite, canBrowse, signedIn, seededSuite } from './browser.js'
import { type ConsoleServer } from './server.js'

describe.skipIf(!canBrowse)(browserSuite('console: audit trail and exports'), () => {
  let server: ConsoleServer
  let browser: Browser

  seededSuite((s, b) => ([server, browser] = [s, b]))

  it("shows an admin the analyst's requests, filtered by token", async () => {
    const analyst = await signedIn(browser, server.url, server.tokens.analyst)
    await analyst.locator('tr[data-finding]').first().waitFor()
    await analyst.goto(`${server.url}/#/audit`)
    await expect
      .poll(() => analyst.getByRole('alert').first().textContent(), { timeout: 15_000 })
      .toMatch(/^Not allowed for this token/)
    await analyst.close()

    const page = await signedIn(browser, server.url, server.tokens.admin)
    await page.getByRole('link', { name: 'Audit trail' }).click()
    const rows = page.locator('tr[data-audit]')
    await rows.first().waitFor()
    await page.getByLabel('Token name').fill('analyst')
    await page.getByRole('button', { name: 'Apply' }).click()
    const tokens = () => page.locator('tr[data-audit] td:nth-child(2)').allTextContents()
    await expect.poll(async () => new Set(await tokens())).toEqual(new Set(['analyst']))
    const routes = await page.locator('tr[data-audit] td:nth-child(4)').allTextContents()
    expect(routes).toContain('GET /api/v1/anomalies')
    expect(routes).toContain('GET /api/v1/audit')
    expect(
      await page
        .locator('tr[data-audit]', { hasText: '/api/v1/audit' })
        .locator('td')
        .nth(5)
        .textContent(),
    ).toBe('403')
    expect(await axeViolations(page)).toEqual([])
    await page.close()
  })

  it('pages the anomalies stream by its cursor and downloads a page', async () => {
    const page = await signedIn(browser, server.url, server.tokens.analyst)
    await page.getByRole('link', { name: 'Exports' }).click()
    await page.getByLabel('Stream').selectOption('anomalies')
    await page.getByLabel('Format').selectOption('ndjson')
    await page.getByLabel('Records per page').fill('5')
    await page.getByRole('button', { name: 'Fetch first page' }).click()
    await expect
      .poll(() => page.getByTestId('export-count').textContent(), { timeout: 15_000 })
      .toBe('5')
    const ids = async () =>
      ((await page.getByTestId('export-records').textContent()) ?? '')
        .split('\n')
        .map((l) => (JSON.parse(l) as { id: string }).id)
    const first = await ids()
    expect(first).toHaveLength(5)
    const cursor = await page.getByTestId('export-cursor').textContent()
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/)
    await page.getByRole('button', { name: 'Next page' }).click()
    await expect
      .poll(() => page.getByTestId('export-cursor').textContent(), { timeout: 15_000 })
      .not.toBe(cursor)
    const second = await ids()
    expect(second).toHaveLength(5)
    expect(second.filter((id) => first.includes(id))).toEqual([])
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download this page' }).click(),
    ])
    expect(file.url()).toMatch(/^blob:/)
    expect(file.suggestedFilename()).toBe('anomalies-page-2.ndjson')
    const saved = (await readFile(await file.path(), 'utf8')).trim().split('\n')
    expect(saved.map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(second)
    expect(await axeViolations(page)).toEqual([])
    await page.close()
  })

  it("keeps a partner admin's export to its partner", async () => {
    const page = await signedIn(browser, server.url, server.tokens['partner-admin'])
    await page.getByRole('link', { name: 'Exports' }).click()
    expect(await page.getByLabel('Partner id (optional)').count()).toBe(0)
    await page.getByLabel('Records per page').fill('1000')
    await page.getByRole('button', { name: 'Fetch first page' }).click()
    await page.getByTestId('export-records').waitFor()
    const partners = ((await page.getByTestId('export-records').textContent()) ?? '')
      .split('\n')
      .map((l) => (JSON.parse(l) as { partnerId: string }).partnerId)
    expect(partners.length).toBeGreaterThan(30)
    expect(new Set(partners)).toEqual(new Set(['acme']))
    await page.close()
  })
})
