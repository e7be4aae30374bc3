// Slices 3 and 4 in Chromium: the partner overview (counts, sign-ins per day and findings per detector
// as chart.js charts, users) and a user's timeline; a partner admin is kept to its own partner.
import type { Browser } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { MARKER } from '../api/fixture.js'
import { browserSuite, canBrowse, signedIn, seededSuite } from './browser.js'
import { EXTRA_ACME, type ConsoleServer } from './server.js'

describe.skipIf(!canBrowse)(browserSuite('console: partner overview and user timeline'), () => {
  let server: ConsoleServer
  let browser: Browser

  seededSuite((s, b) => ([server, browser] = [s, b]))

  it('shows a partner with its counts and charts, then a user’s timeline', async () => {
    const page = await signedIn(browser, server.url, server.tokens.analyst)
    await page.getByRole('link', { name: 'Partners' }).click()
    await page.getByRole('link', { name: 'Acme Freight' }).click()
    await page.getByRole('heading', { name: 'Acme Freight' }).waitFor()
    await expect(page.getByTestId('partner-users').textContent()).resolves.toBe('3 (2 active)')
    const signIns = page.getByTestId('chart-signins')
    await signIns.waitFor()
    // Acme's users signed in 8 times in the seeded month (3 for ann, 5 for bob).
    expect(await signIns.getAttribute('data-total')).toBe('8')
    const detectors = page.getByTestId('chart-detectors')
    await detectors.waitFor()
    expect(await detectors.getAttribute('data-total')).toBe(String(5 + 2 + EXTRA_ACME))
    const box = await detectors.boundingBox()
    expect(box?.width ?? 0).toBeGreaterThan(200)
    expect(await page.locator('tr[data-user]').count()).toBe(3)

    await page.getByRole('link', { name: 'ann@acme.example' }).click()
    await page.getByRole('heading', { name: 'ann@acme.example' }).waitFor()
    expect(await page.locator('tr[data-event]').count()).toBe(3)
    await expect(page.locator('tr[data-event="ev-a2"]').textContent()).resolves.toContain('Lagos')
    expect(await page.getByTestId('chart-user-signins').getAttribute('data-total')).toBe('3')
    await page.getByRole('link', { name: 'Ann: Amsterdam to Lagos' }).waitFor()
    await page.close()
  })

  it('keeps a partner admin to its partner: overview yes, another partner or its user no', async () => {
    const page = await signedIn(browser, server.url, server.tokens['partner-admin'])
    await page.getByRole('link', { name: 'Overview' }).click()
    await page.getByRole('heading', { name: 'Acme Freight' }).waitFor()
    await page.goto(`${server.url}/#/partners/bolt`)
    await expect(page.getByTestId('partner-error').textContent()).resolves.toContain(
      'No partner bolt that you may see',
    )
    await page.goto(`${server.url}/#/users/u-bolt-1`)
    await expect(page.getByTestId('user-error').textContent()).resolves.toContain(
      'No user u-bolt-1 that you may see',
    )
    expect(await page.content()).not.toContain(MARKER)
    await page.close()
  })

  it('links from a partner to its anomalies, filtered', async () => {
    const page = await signedIn(browser, server.url, server.tokens.admin)
    await page.goto(`${server.url}/#/partners/bolt`)
    await page.getByRole('link', { name: 'This partner’s anomalies' }).click()
    await expect.poll(() => page.getByLabel('Partner').inputValue()).toBe('bolt')
    const ids = () =>
      page
        .locator('tr[data-finding]')
        .evaluateAll((r) => r.map((x) => x.getAttribute('data-finding')).sort())
    await expect.poll(ids).toEqual(['f-bolt-1', 'f-bolt-2', 'f-bolt-3', 'f-bolt-4'])
    await page.close()
  })
})
