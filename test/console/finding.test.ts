// Slice 2 in Chromium: a finding that explains itself — the impossible-travel map with both cities
// and the speed against the threshold, the off-hours heatmap in local time with the flagged sign-in
// marked, evidence events with raw JSON, triage from the detail — and partner scope by URL.
import type { Browser } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { MARKER } from '../api/fixture.js'
import { axeViolations, browserSuite, canBrowse, signedIn, seededSuite } from './browser.js'
import { type ConsoleServer } from './server.js'

describe.skipIf(!canBrowse)(browserSuite('console: finding detail'), () => {
  let server: ConsoleServer
  let browser: Browser

  seededSuite((s, b) => ([server, browser] = [s, b]))

  it('maps impossible travel: both cities, the great-circle path, speed against threshold', async () => {
    const page = await signedIn(browser, server.url, server.tokens.analyst)
    await page.getByRole('link', { name: 'Bob: Amsterdam to Singapore in 2 h' }).click()
    const map = page.getByRole('img', { name: 'Travel from Amsterdam, NL to Singapore, SG' })
    await map.waitFor()
    await expect(page.getByTestId('travel-from').textContent()).resolves.toBe('Amsterdam, NL')
    await expect(page.getByTestId('travel-to').textContent()).resolves.toBe('Singapore, SG')
    const route = await page.getByTestId('travel-route').getAttribute('d')
    expect(route?.length ?? 0).toBeGreaterThan(20)
    expect(await page.locator('path.country').count()).toBeGreaterThan(150)
    const speed = await page.getByTestId('travel-speed').textContent()
    expect(speed).toContain('5255 km/h against a threshold of 1000 km/h')
    expect(speed).toContain('faster than possible')
    await page.getByText('10510 km').waitFor()

    const events = page.locator('ol.evidence > li')
    await expect.poll(() => events.count()).toBe(2)
    await events.first().locator('summary').click()
    const raw = await events.first().locator('pre').textContent()
    expect(JSON.parse(raw ?? '{}')).toMatchObject({
      uuid: 'ev-t1',
      client: { geographicalContext: { city: 'Amsterdam', country: 'NL' } },
    })
    expect(await axeViolations(page)).toEqual([])
    await page.close()
  })

  it('draws the off-hours heatmap in the finding’s time zone with the flagged sign-in marked', async () => {
    const page = await signedIn(browser, server.url, server.tokens.admin)
    await page.goto(`${server.url}/#/findings/f-night`)
    const grid = page.getByTestId('heatmap')
    await grid.waitFor()
    const counts = await grid
      .locator('td')
      .evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-count'))))
    expect(counts).toHaveLength(7 * 24)
    expect(counts.reduce((a, b) => a + b, 0)).toBe(5)
    // 2026-11-27T18:12Z is Saturday 03:12 in Asia/Tokyo: row 6 (Sat), column 03.
    const flagged = grid.locator('td[data-flagged]')
    expect(await flagged.count()).toBe(1)
    const where = await flagged.evaluate((td) => ({
      day: td.parentElement?.querySelector('th')?.textContent,
      column: Array.from(td.parentElement?.children ?? []).indexOf(td) - 1,
      count: td.getAttribute('data-count'),
    }))
    expect(where).toEqual({ day: 'Sat', column: 3, count: '1' })
    await page.getByText('Asia/Tokyo', { exact: false }).first().waitFor()
    expect(await axeViolations(page)).toEqual([])
    await page.close()
  })

  it('triages from the detail and shows who did it', async () => {
    const page = await signedIn(browser, server.url, server.tokens.analyst)
    await page.goto(`${server.url}/#/findings/f-acme-4`)
    await page.getByLabel('New status').selectOption('confirmed')
    await page.getByLabel('Comment').fill('user confirmed it was not them')
    await page.getByRole('button', { name: 'Save' }).click()
    await expect
      .poll(() => page.getByTestId('finding-status').textContent())
      .toBe('confirmed by analyst — “user confirmed it was not them”')
    await page.close()
  })

  it('shows a partner admin its own finding but not another partner’s by URL', async () => {
    const page = await signedIn(browser, server.url, server.tokens['partner-admin'])
    await page.goto(`${server.url}/#/findings/f-travel`)
    await page.getByTestId('travel-map').waitFor()
    expect(await page.getByLabel('Comment').count()).toBe(0)
    await page.goto(`${server.url}/#/findings/f-bolt-1`)
    await expect(page.getByTestId('finding-error').textContent()).resolves.toContain(
      'No finding f-bolt-1 that you may see',
    )
    expect(await page.content()).not.toContain(MARKER)
    await page.close()
  })
})
