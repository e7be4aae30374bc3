// The console end to end: `partnerwatch serve` as a child process over the simulated Okta org (a small
// generated scenario: ingest, directory sync, detectors), driven in Debian's Chromium. Each role signs
// in and lands on its pages; an analyst triages a real finding, opens an impossible-travel finding
// whose map names both cities, and reviews a certification item of a campaign it creates and
// launches; a partner admin cannot open another partner's finding by URL; axe-core finds no serious
// or critical violation on the main pages at 1280×800.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, browserSuite, canBrowse, launch, signedIn } from './browser.js'
import { serveSimulatedOrg, type ServedOrg } from './serve-child.js'
import { ensureConsoleBuilt } from './server.js'

interface Finding {
  id: string
  detector: string
  partnerId: string | null
  userId: string | null
  status: string
  statusBy: string | null
  summary: string
  details: Record<string, unknown>
}

describe.skipIf(!canBrowse)(browserSuite('console over partnerwatch serve'), () => {
  let served: ServedOrg
  let browser: Browser
  let findings: Finding[] = []
  const get = async <T>(path: string, token = served.tokens.analyst ?? ''): Promise<T> => {
    const res = await fetch(`${served.url}/api/v1${path}`, {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(res.status, path).toBe(200)
    return (await res.json()) as T
  }
  const as = (name: string): Promise<Page> =>
    signedIn(browser, served.url, served.tokens[name] ?? '')

  beforeAll(async () => {
    ;[served, browser] = await Promise.all([ensureConsoleBuilt().then(serveSimulatedOrg), launch()])
    findings = (await get<{ items: Finding[] }>('/anomalies?limit=500')).items
  }, 180_000)
  afterAll(async () => {
    await browser?.close()
    await served?.stop()
  })

  it('signs each role in to its own pages', async () => {
    const expected: Record<string, string[]> = {
      admin: ['Anomalies', 'Partners', 'Certification', 'Audit trail', 'Exports'],
      analyst: ['Anomalies', 'Partners', 'Certification', 'Exports'],
      auditor: ['Certification', 'Audit trail'],
      siem: ['Exports'],
    }
    for (const [role, links] of Object.entries(expected)) {
      const page = await as(role)
      const nav = page.getByRole('navigation', { name: 'Main' }).getByRole('link')
      await expect.poll(() => nav.allTextContents(), { timeout: 15_000 }).toEqual(links)
      await page.close()
    }
    const partner = served.partners[0]
    const page = await as(`partner:${partner?.id}`)
    await expect(page.getByTestId('partner-badge').textContent()).resolves.toBe(partner?.name)
    await page.close()
  })

  it('triages a finding from the queue, recorded with who did it', async () => {
    expect(
      findings.length,
      'serve stored no findings: did its ingest or detectors fail?',
    ).toBeGreaterThan(0)
    const page = await as('analyst')
    const row = page.locator('tr[data-finding]').first()
    await row.waitFor()
    expect(await axeViolations(page)).toEqual([])
    const id = (await row.getAttribute('data-finding')) ?? ''
    await row.getByRole('button', { name: /Triage/ }).click()
    await page.getByLabel('New status').selectOption('confirmed')
    await page.getByLabel('Comment').fill('checked with the partner')
    await page.getByRole('button', { name: 'Save' }).click()
    await expect
      .poll(() => row.locator('td.status').textContent(), { timeout: 15_000 })
      .toBe('confirmed')
    const stored = await get<Finding>(`/anomalies/${encodeURIComponent(id)}`)
    expect([stored.status, stored.statusBy]).toEqual(['confirmed', 'analyst'])
    await page.close()
  })

  it('maps an impossible-travel finding with both of its cities', async () => {
    const travel = findings.find((f) => f.detector === 'impossible-travel')
    expect(travel, findings.map((f) => f.detector).join(', ')).toBeDefined()
    const place = (p: unknown) => {
      const o = p as { city?: string | null; country?: string | null }
      return [o.city, o.country].filter(Boolean).join(', ')
    }
    const page = await as('analyst')
    await page.goto(`${served.url}/#/findings/${encodeURIComponent(travel?.id ?? '')}`)
    await page.getByTestId('travel-map').waitFor()
    expect(await page.getByTestId('travel-from').textContent()).toBe(place(travel?.details.from))
    expect(await page.getByTestId('travel-to').textContent()).toBe(place(travel?.details.to))
    expect(place(travel?.details.from)).not.toBe(place(travel?.details.to))
    expect(await page.getByTestId('travel-speed').textContent()).toContain('km/h')
    expect(await axeViolations(page)).toEqual([])
    await page.close()
  })

  it('reviews a certification item of a campaign created and launched in the console', async () => {
    const page = await as('analyst')
    await page.getByRole('link', { name: 'Certification' }).click()
    await page.getByLabel('Name (optional)').fill('Console end-to-end review')
    await page.getByRole('button', { name: 'Create campaign' }).click()
    await page.getByRole('button', { name: 'Launch campaign' }).click()
    await expect
      .poll(() => page.getByTestId('campaign-state').textContent(), { timeout: 20_000 })
      .toBe('active')
    await expect
      .poll(() => page.getByTestId('completeness').textContent(), { timeout: 15_000 })
      .toContain('(reconciled)')
    const row = page.locator('tr[data-item]').first()
    const seq = await row.getAttribute('data-item')
    await row.getByRole('button', { name: `Review item ${seq}` }).click()
    const form = page.getByRole('form', { name: `Decide item ${seq}` })
    await form.getByLabel('Revoke').check()
    await form.getByLabel(/Justification/).fill('no longer on the contract')
    await form.getByRole('button', { name: 'Save decision' }).click()
    await expect
      .poll(() => row.locator('td.decision').textContent(), { timeout: 15_000 })
      .toContain('revoke')
    await expect
      .poll(() => page.getByTestId('decided').textContent(), { timeout: 15_000 })
      .toContain('1 revoked')
    // The population is larger than a page: the next page continues by seq.
    const seqs = () =>
      page
        .locator('tr[data-item]')
        .evaluateAll((r) => r.map((x) => Number(x.getAttribute('data-item'))))
    const first = await seqs()
    expect(first).toHaveLength(25)
    await page.getByRole('button', { name: 'Next', exact: true }).click()
    await expect
      .poll(async () => (await seqs())[0], { timeout: 15_000 })
      .toBeGreaterThan(first.at(-1) ?? 0)
    await page.getByRole('button', { name: 'Previous', exact: true }).click()
    await expect.poll(seqs, { timeout: 15_000 }).toEqual(first)
    expect(await axeViolations(page)).toEqual([])
    await page.close()
  })

  it('has no serious or critical axe violations on the other main pages, none wider than 1280 px', async () => {
    const user = findings.find((f) => f.userId)?.userId ?? ''
    const partner = served.partners[0]?.id ?? ''
    const pages: [string, string][] = [
      ['#/partners', 'tr, li'],
      [`#/partners/${partner}`, '[data-testid="chart-signins"]'],
      [`#/users/${encodeURIComponent(user)}`, '[data-testid="chart-user-signins"]'],
      ['#/certification', 'form[aria-label="New campaign"]'],
      ['#/audit', 'tr[data-audit]'],
      ['#/exports', 'form[aria-label="Export"]'],
    ]
    const page = await as('admin')
    for (const [hash, ready] of pages) {
      await page.goto(`${served.url}/${hash}`)
      await page.locator(ready).first().waitFor()
      await page.waitForLoadState('networkidle')
      expect(await axeViolations(page), hash).toEqual([])
      // Responsive at a laptop's 1280×800: nothing wider than the window.
      expect(await page.evaluate('document.documentElement.scrollWidth'), hash).toBeLessThanOrEqual(
        1280,
      )
    }
    await page.close()
  }, 90_000)

  it("keeps a partner admin from another partner's finding by URL", async () => {
    const other = findings.find(
      (f) => f.partnerId !== null && f.partnerId !== findings[0]?.partnerId,
    )
    const mine = findings.find((f) => f.partnerId !== null && f.partnerId !== other?.partnerId)
    expect(other && mine, 'findings in two partners').toBeTruthy()
    const page = await as(`partner:${mine?.partnerId}`)
    await page.goto(`${served.url}/#/findings/${encodeURIComponent(mine?.id ?? '')}`)
    await page.getByRole('heading', { name: mine?.summary }).waitFor()
    await page.goto(`${served.url}/#/findings/${encodeURIComponent(other?.id ?? '')}`)
    await expect(page.getByTestId('finding-error').textContent()).resolves.toContain(
      `No finding ${other?.id} that you may see`,
    )
    expect(await page.content()).not.toContain(other?.summary)
    await page.close()
  })
})
