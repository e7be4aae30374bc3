// `npm run shots`: screenshots of the console's main pages, at laptop size, into console/shots/. The
// server is the seeded API the browser tests use (test/console/server.ts) on a loopback port, driven by
// Debian's Chromium.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { launch, signedIn } from '../test/console/browser.js'
import { ensureConsoleBuilt, startConsoleServer } from '../test/console/server.js'

const OUT = join(import.meta.dirname, 'shots')

await ensureConsoleBuilt()
mkdirSync(OUT, { recursive: true })
const server = await startConsoleServer()
const browser = await launch()
try {
  const shot = async (name: string, page: Page) => {
    await page.waitForLoadState('networkidle')
    await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true })
    process.stdout.write(`${join(OUT, `${name}.png`)}\n`)
  }
  const signIn = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  await signIn.goto(server.url)
  await shot('01-sign-in', signIn)

  const analyst = await signedIn(browser, server.url, server.tokens.analyst)
  await analyst.locator('tr[data-finding]').first().waitFor()
  await shot('02-queue', analyst)
  await analyst.locator('tr[data-finding="f-acme-5"]').getByRole('button').click()
  await shot('03-queue-triage', analyst)
  const pages: [string, string, ...string[]][] = [
    ['04-impossible-travel', '#/findings/f-travel', 'travel-map'],
    ['05-off-hours', '#/findings/f-night', 'heatmap'],
    ['06-partner', '#/partners/acme', 'chart-signins', 'chart-detectors'],
    ['07-user', '#/users/u-acme-1', 'chart-user-signins'],
  ]
  for (const [name, hash, ...testIds] of pages) {
    await analyst.goto(`${server.url}/${hash}`)
    for (const id of testIds) {
      await analyst.getByTestId(id).waitFor()
    }
    await shot(name, analyst)
  }
  const partnerAdmin = await signedIn(browser, server.url, server.tokens['partner-admin'])
  await partnerAdmin.locator('tr[data-finding]').first().waitFor()
  await shot('08-partner-admin-queue', partnerAdmin)

  // Certification: a campaign created and launched through the API, one item decided.
  const call = async (url: string, payload?: object) => {
    const res = await server.app.inject({
      method: 'POST',
      url: `/api/v1/certification/campaigns${url}`,
      headers: { authorization: `Bearer ${server.tokens.analyst}` },
      payload,
    })
    if (res.statusCode >= 300) {
      throw new Error(`POST ${url}: ${res.statusCode} ${res.body}`)
    }
    return res.json<{ id: string }>()
  }
  const { id } = await call('', { period: '2026-Q4', name: 'Q4 partner access review' })
  await call(`/${id}/launch`)
  await call(`/${id}/items/1/decision`, { decision: 'revoke', justification: 'contract ended' })
  await analyst.goto(`${server.url}/#/certification`)
  await analyst.locator('tr[data-campaign]').first().waitFor()
  await shot('09-certification-campaigns', analyst)
  await analyst.goto(`${server.url}/#/certification/${id}`)
  await analyst.getByRole('button', { name: 'Review item 2' }).click()
  await shot('10-certification-review', analyst)
  const admin = await signedIn(browser, server.url, server.tokens.admin)
  await admin.goto(`${server.url}/#/audit`)
  await admin.locator('tr[data-audit]').first().waitFor()
  await shot('11-audit-trail', admin)
  await analyst.goto(`${server.url}/#/exports`)
  await analyst.getByLabel('Records per page').fill('10')
  await analyst.getByRole('button', { name: 'Fetch first page' }).click()
  await analyst.getByTestId('export-records').waitFor()
  await shot('12-exports', analyst)
} finally {
  await browser.close()
  await server.close()
}
