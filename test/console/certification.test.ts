// Certification in Chromium, the auditor's path from start to download: an analyst creates and
// launches a campaign, reviews items (the API's refusal of a revoke without justification shown as it
// words it), filters them, closes and signs off; the auditor reads it and downloads the evidence
// bundle (fetched with the token in a header, handed over as a Blob); a partner admin gets no
// certification screens and the API's 403 by URL. The tests run in order on one campaign.
import type { Browser, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { axeViolations, browserSuite, canBrowse, signedIn, seededSuite } from './browser.js'
import { untar } from '../helpers/tar.js'
import { type ConsoleServer } from './server.js'

describe.skipIf(!canBrowse)(browserSuite('console: certification'), () => {
  let server: ConsoleServer
  let browser: Browser
  let campaignUrl = ''
  /** Every URL the pages asked for: the token must be in none. */
  const urls: string[] = []
  const open = async (role: 'analyst' | 'auditor' | 'partner-admin' | 'admin'): Promise<Page> => {
    const page = await signedIn(browser, server.url, server.tokens[role])
    page.on('request', (r) => urls.push(r.url()))
    return page
  }

  seededSuite((s, b) => ([server, browser] = [s, b]))

  it('lets an analyst create and launch a campaign, with its completeness figures', async () => {
    const page = await open('analyst')
    await page.getByRole('link', { name: 'Certification' }).click()
    await page.getByRole('heading', { name: 'Certification campaigns' }).waitFor()
    await page.getByLabel('Quarter (e.g. 2026-Q4)').fill('2026-Q4')
    await page.getByLabel('Name (optional)').fill('Q4 partner review')
    await page.getByRole('button', { name: 'Create campaign' }).click()
    await page.getByRole('heading', { name: 'Q4 partner review' }).waitFor()
    expect(await page.getByTestId('campaign-state').textContent()).toBe('created')
    campaignUrl = page.url()
    expect(campaignUrl).toMatch(/#\/certification\/.+/)
    await page.getByRole('button', { name: 'Launch campaign' }).click()
    await expect
      .poll(() => page.getByTestId('campaign-state').textContent(), { timeout: 20_000 })
      .toBe('active')
    // The fixture: four partner accounts to review, Eve's (deprovisioned) account excluded.
    const completeness = page.getByTestId('completeness')
    await expect
      .poll(() => completeness.textContent(), { timeout: 15_000 })
      .toContain('4 + 1 (reconciled)')
    expect(await page.getByTestId('decided').textContent()).toContain('4 undecided')
    await expect.poll(() => page.locator('tr[data-item]').count(), { timeout: 15_000 }).toBe(4)
    expect(await axeViolations(page)).toEqual([])
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1280)
    await page.close()
  })

  it('shows the API refusing a revoke without justification, then records decisions', async () => {
    const page = await open('analyst')
    await page.goto(campaignUrl)
    const row = page.locator('tr[data-item]').first()
    await row.waitFor()
    const seq = await row.getAttribute('data-item')
    await row.getByRole('button', { name: `Review item ${seq}` }).click()
    const form = page.getByRole('form', { name: `Decide item ${seq}` })
    await form.getByLabel('Revoke').check()
    await form.getByRole('button', { name: 'Save decision' }).click()
    await expect
      .poll(() => page.getByRole('alert').first().textContent(), { timeout: 15_000 })
      .toMatch(/^Refused: .*justification/i)
    await form.getByLabel(/Justification/).fill('contract ended in October')
    await form.getByRole('button', { name: 'Save decision' }).click()
    await expect
      .poll(() => row.locator('td.decision').textContent(), { timeout: 15_000 })
      .toContain('revoke')
    expect(await row.locator('td.decision').textContent()).toContain('contract ended in October')
    // The next item approved from the keyboard alone.
    const second = page.locator('tr[data-item]').nth(1)
    const seq2 = await second.getAttribute('data-item')
    await second.getByRole('button', { name: `Review item ${seq2}` }).focus()
    await page.keyboard.press('Enter')
    await page
      .getByRole('form', { name: `Decide item ${seq2}` })
      .getByLabel(/Approve/)
      .focus()
    await page.keyboard.press('Space')
    await page.keyboard.press('Tab')
    await page.keyboard.type('still on the contract')
    await page.keyboard.press('Enter')
    await expect
      .poll(() => second.locator('td.decision').textContent(), { timeout: 15_000 })
      .toContain('approve')
    await expect
      .poll(() => page.getByTestId('decided').textContent(), { timeout: 15_000 })
      .toContain('1 approved, 1 revoked, 0 no response, 2 undecided')
    // Filters: by decision, by partner.
    await page.getByLabel('Decision', { exact: true }).selectOption('revoke')
    await page.getByRole('button', { name: 'Apply' }).click()
    await expect.poll(() => page.locator('tr[data-item]').count(), { timeout: 15_000 }).toBe(1)
    expect(await page.locator('tr[data-item]').first().getAttribute('data-item')).toBe(seq)
    await page.getByLabel('Decision', { exact: true }).selectOption('')
    await page.getByLabel('Partner', { exact: true }).selectOption('bolt')
    await page.getByRole('button', { name: 'Apply' }).click()
    await expect
      .poll(() => page.locator('tr[data-item] td:nth-child(3)').allTextContents(), {
        timeout: 15_000,
      })
      .toEqual(['bolt'])
    await page.close()
  })

  it("shows the API's refusal when someone else's item is decided", async () => {
    const page = await open('admin')
    await page.goto(campaignUrl)
    await page.getByLabel('Decision', { exact: true }).selectOption('undecided')
    await page.getByRole('button', { name: 'Apply' }).click()
    await expect.poll(() => page.locator('tr[data-item]').count(), { timeout: 15_000 }).toBe(2)
    const row = page.locator('tr[data-item]').first()
    const seq = await row.getAttribute('data-item')
    await row.getByRole('button', { name: `Review item ${seq}` }).click()
    await page.getByRole('button', { name: 'Save decision' }).click()
    await expect
      .poll(() => page.getByRole('alert').first().textContent(), { timeout: 15_000 })
      .toMatch(
        /^Refused: .*admin is neither the item's reviewer \(analyst\) nor the campaign owner/,
      )
    expect(await row.locator('td.decision').textContent()).toBe('undecided')
    await page.close()
  })

  it('reassigns an item to another reviewer, recorded in the figures', async () => {
    const page = await open('analyst')
    await page.goto(campaignUrl)
    await page.getByLabel('Decision', { exact: true }).selectOption('undecided')
    await page.getByRole('button', { name: 'Apply' }).click()
    await expect.poll(() => page.locator('tr[data-item]').count(), { timeout: 15_000 }).toBe(2)
    const row = page.locator('tr[data-item]').first()
    const seq = await row.getAttribute('data-item')
    await row.getByRole('button', { name: `Review item ${seq}` }).click()
    const form = page.getByRole('form', { name: `Reassign item ${seq}` })
    await form.getByLabel('Reassign to').fill('sam@corp.example')
    await form.getByLabel('Reason').fill('Sam sponsors this contractor')
    await form.getByRole('button', { name: 'Reassign' }).click()
    await expect
      .poll(() => row.locator('td:nth-child(6)').textContent(), { timeout: 15_000 })
      .toBe('sam@corp.example')
    await page.reload()
    await page.getByLabel('Reviewer').selectOption('sam@corp.example')
    await page.getByRole('button', { name: 'Apply' }).click()
    await expect
      .poll(
        () =>
          page
            .locator('tr[data-item]')
            .evaluateAll((r) => r.map((x) => x.getAttribute('data-item'))),
        {
          timeout: 15_000,
        },
      )
      .toEqual([seq])
    await page.close()
  })

  it('closes and signs off as the owner', async () => {
    const page = await open('analyst')
    await page.goto(campaignUrl)
    await page.getByRole('button', { name: 'Close campaign' }).click()
    await expect
      .poll(() => page.getByTestId('campaign-state').textContent(), { timeout: 15_000 })
      .toBe('closed')
    await expect
      .poll(() => page.getByTestId('decided').textContent(), { timeout: 15_000 })
      .toContain('2 no response')
    await page.getByLabel('Sign-off statement (optional)').fill('Reviewed as required')
    await page.getByRole('button', { name: 'Sign off' }).click()
    await expect
      .poll(() => page.getByTestId('campaign-state').textContent(), { timeout: 15_000 })
      .toBe('signed_off')
    expect(await page.getByTestId('signed-off').textContent()).toMatch(/^analyst at \d{4}-/)
    await page.close()
  })

  it('lets the auditor read the campaign and download its evidence bundle', async () => {
    const page = await open('auditor')
    // An auditor lands on certification; it has no anomaly pages and no create form.
    await page.getByRole('heading', { name: 'Certification campaigns' }).waitFor()
    expect(await page.getByRole('link', { name: 'Anomalies' }).count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Create campaign' }).count()).toBe(0)
    await page.getByRole('link', { name: 'Q4 partner review' }).click()
    await page.getByTestId('completeness').waitFor()
    await page.locator('tr[data-item]').first().waitFor()
    expect(await page.getByRole('button', { name: /Review item/ }).count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Close campaign' }).count()).toBe(0)
    await page.getByLabel('Evidence bundle format').selectOption('json')
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download bundle (.tar)' }).click(),
    ])
    expect(file.suggestedFilename()).toMatch(/^certification-.+-json\.tar$/)
    expect(file.url()).toMatch(/^blob:/)
    const path = await file.path()
    const files = untar(path)
    expect([...files.keys()]).toEqual(expect.arrayContaining(['items.json', 'SHA256SUMS']))
    const decisions = JSON.parse(files.get('decisions.json')?.toString() ?? '[]') as {
      decision: string
    }[]
    expect(decisions.map((d) => d.decision).sort()).toEqual([
      'approve',
      'no_response',
      'no_response',
      'revoke',
    ])
    await expect
      .poll(() => page.getByTestId('bundle-status').textContent(), { timeout: 15_000 })
      .toContain('Downloaded')
    expect(await axeViolations(page)).toEqual([])
    await page.close()
  })

  it("gives a partner admin no certification screens, and the API's 403 by URL", async () => {
    const page = await open('partner-admin')
    expect(await page.getByRole('link', { name: 'Certification' }).count()).toBe(0)
    await page.goto(`${server.url}/#/certification`)
    await expect
      .poll(() => page.getByRole('alert').first().textContent(), { timeout: 15_000 })
      .toMatch(/^Not allowed for this token/)
    expect(await page.locator('tr[data-campaign]').count()).toBe(0)
    await page.close()
  })

  it('never put a token in a URL', () => {
    expect(urls.length).toBeGreaterThan(10)
    for (const token of Object.values(server.tokens)) {
      expect(urls.filter((u) => u.includes(token))).toEqual([])
    }
  })
})
