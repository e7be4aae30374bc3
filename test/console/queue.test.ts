// Slice 1 in Chromium: sign-in with each role's token, the anomaly queue (filters, cursor paging) and
// triage from the list, against the seeded API serving the built console.
import type { Browser } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { STORED, browserSuite, canBrowse, signedIn, seededSuite } from './browser.js'
import { EXTRA_ACME, type ConsoleServer } from './server.js'

describe.skipIf(!canBrowse)(browserSuite('console: sign-in and the anomaly queue'), () => {
  let server: ConsoleServer
  let browser: Browser

  seededSuite((s, b) => ([server, browser] = [s, b]))

  it('keeps the token in sessionStorage, never in the URL, and survives a reload', async () => {
    const page = await signedIn(browser, server.url, server.tokens.admin)
    expect(page.url()).not.toContain(server.tokens.admin)
    expect(await page.evaluate(STORED)).toBe(server.tokens.admin)
    await page.reload()
    await page.getByRole('heading', { name: 'Anomalies' }).waitFor()
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByLabel('API token').waitFor()
    expect(await page.evaluate(STORED)).toBeNull()
    await page.close()
  })

  it('refuses a revoked token with a message', async () => {
    const page = await browser.newPage()
    await page.goto(server.url)
    await page.getByLabel('API token').fill(server.tokens.revoked)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page.getByRole('alert').textContent()).resolves.toContain('not valid')
    await page.close()
  })

  it('shows admin and analyst every partner, newest first, and pages by cursor', async () => {
    for (const role of ['admin', 'analyst'] as const) {
      const page = await signedIn(browser, server.url, server.tokens[role])
      const rows = page.locator('tr[data-finding]')
      await rows.first().waitFor()
      expect(await rows.count()).toBe(25)
      const ids = () => rows.evaluateAll((r) => r.map((x) => x.getAttribute('data-finding')))
      const first = await ids()
      expect(first[0]).toBe('f-travel')
      expect(first).toContain('f-bolt-1')
      await page.getByRole('button', { name: 'Older' }).click()
      await expect.poll(async () => (await ids())[0]).not.toBe('f-travel')
      const second = await ids()
      const total = 10 + 2 + EXTRA_ACME
      expect(second).toHaveLength(total - 25)
      expect(second.filter((id) => first.includes(id))).toEqual([])
      expect(await page.getByRole('button', { name: 'Older' }).isDisabled()).toBe(true)
      await page.getByRole('button', { name: 'Newer' }).click()
      await expect.poll(async () => (await ids())[0]).toBe('f-travel')
      await page.close()
    }
  })

  it('filters by partner, detector, severity, status and user', async () => {
    const page = await signedIn(browser, server.url, server.tokens.analyst)
    const ids = async () => {
      await page.waitForLoadState('networkidle')
      return page
        .locator('tr[data-finding]')
        .evaluateAll((r) => r.map((x) => x.getAttribute('data-finding')).sort())
    }
    await page.locator('tr[data-finding]').first().waitFor()
    await page.getByLabel('Severity').selectOption('critical')
    await page.getByRole('button', { name: 'Apply' }).click()
    await expect.poll(ids).toEqual(['f-acme-4', 'f-bolt-4', 'f-travel'])
    await page.getByLabel('Partner').selectOption('bolt')
    await page.getByRole('button', { name: 'Apply' }).click()
    await expect.poll(ids).toEqual(['f-bolt-4'])
    await page.getByLabel('Severity').selectOption('')
    await page.getByLabel('Detector').selectOption('off-hours')
    await page.getByRole('button', { name: 'Apply' }).click()
    await expect.poll(ids).toEqual(['f-bolt-2'])
    await page.getByLabel('Partner').selectOption('')
    await page.getByLabel('User (login or id)').fill('bob@acme.example')
    await page.getByRole('button', { name: 'Apply' }).click()
    await expect.poll(ids).toEqual(['f-acme-3', 'f-night'])
    await page.getByLabel('Detector').selectOption('')
    await page.getByLabel('User (login or id)').fill('')
    await page.getByLabel('Status').selectOption('confirmed')
    await page.getByRole('button', { name: 'Apply' }).click()
    await expect.poll(ids).toEqual([])
    await page.getByText('No anomalies match these filters.').waitFor()
    await page.close()
  })

  it('sorts oldest first or by score, and pages in that order', async () => {
    const page = await signedIn(browser, server.url, server.tokens.analyst)
    const ids = () =>
      page
        .locator('tr[data-finding]')
        .evaluateAll((r) => r.map((x) => x.getAttribute('data-finding')))
    await page.locator('tr[data-finding]').first().waitFor()
    await page.getByLabel('Sort').selectOption('score')
    await page.getByRole('button', { name: 'Apply' }).click()
    await expect
      .poll(async () => (await ids()).slice(0, 3))
      .toEqual(['f-bolt-4', 'f-travel', 'f-acme-4'])
    await page.getByLabel('Sort').selectOption('oldest')
    await page.getByRole('button', { name: 'Apply' }).click()
    await expect.poll(async () => (await ids()).slice(0, 2)).toEqual(['f-page-1', 'f-page-2'])
    const first = await ids()
    await page.getByRole('button', { name: 'Next' }).click()
    await expect.poll(async () => (await ids())[0]).not.toBe('f-page-1')
    const second = await ids()
    expect(second.filter((id) => first.includes(id))).toEqual([])
    expect(second.at(-1)).toBe('f-travel')
    await page.close()
  })

  it('triages from the list with a comment, recorded with who did it', async () => {
    const page = await signedIn(browser, server.url, server.tokens.analyst)
    const row = page.locator('tr[data-finding="f-acme-5"]')
    await row.getByRole('button', { name: /Triage/ }).click()
    await page.getByLabel('New status').selectOption('dismissed')
    await page.getByLabel('Comment').fill('known contractor laptop')
    await page.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => row.locator('td.status').textContent()).toBe('dismissed')
    const stored = await server.db.one<{
      status: string
      status_by: string
      status_comment: string
    }>(`SELECT status, status_by, status_comment FROM findings WHERE id = 'f-acme-5'`)
    expect(stored).toEqual({
      status: 'dismissed',
      status_by: 'analyst',
      status_comment: 'known contractor laptop',
    })
    await page.close()
  })

  it("gives auditor and siem their own pages, and the API's 403 on the queue by URL", async () => {
    const expected = { auditor: ['Certification', 'Audit trail'], siem: ['Exports'] } as const
    for (const role of ['auditor', 'siem'] as const) {
      const page = await signedIn(browser, server.url, server.tokens[role])
      const nav = page.getByRole('navigation', { name: 'Main' }).getByRole('link')
      await expect.poll(() => nav.allTextContents()).toEqual(expected[role])
      await page.goto(`${server.url}/#/queue`)
      await expect
        .poll(() => page.getByRole('alert').first().textContent())
        .toMatch(/^Not allowed for this token/)
      expect(await page.locator('tr[data-finding]').count()).toBe(0)
      await page.close()
    }
  })

  it('shows a partner admin its partner only, branded, without triage', async () => {
    const page = await signedIn(browser, server.url, server.tokens['partner-admin'])
    await expect(page.getByTestId('partner-badge').textContent()).resolves.toBe('Acme Freight')
    const brand = await page.evaluate(
      "getComputedStyle(document.querySelector('header.top')).backgroundColor",
    )
    expect(brand).toBe('rgb(15, 118, 110)')
    const rows = page.locator('tr[data-finding]')
    await rows.first().waitFor()
    expect(await page.getByLabel('Partner').count()).toBe(0)
    expect(await page.getByRole('button', { name: /Triage/ }).count()).toBe(0)
    const first = await rows.first().getAttribute('data-finding')
    await page.getByRole('button', { name: 'Older' }).click()
    await expect.poll(() => rows.first().getAttribute('data-finding')).not.toBe(first)
    expect(await page.content()).not.toContain('BOLTROW')
    const all = await rows.evaluateAll((r) => r.map((x) => x.getAttribute('data-finding')))
    expect(
      all.every(
        (id) =>
          id?.startsWith('f-acme') ||
          id?.startsWith('f-page') ||
          id === 'f-travel' ||
          id === 'f-night',
      ),
    ).toBe(true)
    await page.close()
  })

  it('works from the keyboard alone: sign in, open a triage form, save', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(server.url)
    await page.keyboard.press('Tab')
    await page.keyboard.type(server.tokens.admin)
    await page.keyboard.press('Enter')
    const row = page.locator('tr[data-finding="f-acme-3"]')
    await row.waitFor()
    await row.getByRole('button', { name: /Triage/ }).focus()
    await page.keyboard.press('Enter')
    await page.getByLabel('New status').focus()
    await page.keyboard.press('Tab')
    await page.keyboard.type('seen on the VPN')
    await page.keyboard.press('Enter')
    await expect.poll(() => row.locator('td.status').textContent()).toBe('acknowledged')
    await page.close()
  })
})
