// Headless Chromium from Debian (/usr/bin/chromium) driven by playwright-core — never a downloaded
// browser. Outside CI a machine without it skips the browser tests (with that reason in their name).
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { CHROMIUM, ensureConsoleBuilt, startConsoleServer, type ConsoleServer } from './server.js'

export const canBrowse = existsSync(CHROMIUM) || Boolean(process.env.CI)
export const browserSuite = (name: string): string =>
  canBrowse ? name : `${name} — SKIPPED: ${CHROMIUM} is missing (apt-get install chromium)`

/** In the page: the token the console keeps (an expression: the tests' tsconfig has no DOM). */
export const STORED = "sessionStorage.getItem('partnerwatch.token')"

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
}

/**
 * In a describe: one seeded console server and one Chromium for the whole suite, handed to `set`
 * once both are up, and closed after the suite.
 */
export function seededSuite(set: (server: ConsoleServer, browser: Browser) => void): void {
  let server: ConsoleServer | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    await ensureConsoleBuilt()
    ;[server, browser] = await Promise.all([startConsoleServer(), launch()])
    set(server, browser)
  }, 90_000)
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })
}

/** A new page at laptop size, signed in with `token`; waits for the header. */
export async function signedIn(browser: Browser, url: string, token: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  await page.goto(url)
  await page.getByLabel('API token').fill(token)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('button', { name: 'Sign out' }).waitFor()
  return page
}

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

/** axe-core's serious and critical violations on the page as it is now (rule id: how many nodes). */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate("typeof window.axe !== 'undefined'"))) {
    await page.addScriptTag({ path: AXE })
  }
  const found = (await page.evaluate(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`,
  )) as string[]
  return found
}
