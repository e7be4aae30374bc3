// The demo's scenario: generated once per UTC day into a cache folder, reused while its stamp matches,
// so `npm start` is fast after the first run and always shows recent data.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Clock } from '../lib/clock.js'
import { generateScenario } from './scenario/generate.js'

export const DEMO_PARAMS = { seed: 7, partners: 6, users: 400, days: 60 } as const
/** Bump when the generator's output changes, so cached demo scenarios are rebuilt. */
export const DEMO_SCENARIO_VERSION = 4

export interface DemoScenario {
  dir: string
  reused: boolean
  end: Date
}

export async function ensureDemoScenario(cacheDir: string, clock: Clock): Promise<DemoScenario> {
  const now = clock.now()
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
  const stamp = JSON.stringify({
    version: DEMO_SCENARIO_VERSION,
    ...DEMO_PARAMS,
    end: end.toISOString(),
  })
  const dir = join(cacheDir, 'demo-scenario')
  const stampPath = join(dir, 'stamp.json')
  const existing = await readFile(stampPath, 'utf8').catch(() => undefined)
  if (existing === stamp) {
    return { dir, reused: true, end }
  }
  await rm(dir, { recursive: true, force: true })
  await mkdir(dir, { recursive: true })
  await generateScenario({ outDir: dir, ...DEMO_PARAMS, end })
  await writeFile(stampPath, stamp)
  return { dir, reused: false, end }
}
