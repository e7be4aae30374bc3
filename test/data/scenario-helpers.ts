// Shared by the scenario tests: generate a small scenario into a temporary folder, read it back.
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateScenario, type ScenarioSummary } from '../../data/scenario/generate.js'
import {
  SCENARIO_FILES,
  type OktaLogEvent,
  type ScenarioDirectory,
  type ScenarioLabels,
} from '../../data/scenario/types.js'

export interface Generated {
  dir: string
  summary: ScenarioSummary
  cleanup(): void
}

export async function generate(
  options: { seed?: number; partners?: number; users?: number; days?: number; end?: string } = {},
): Promise<Generated> {
  const dir = mkdtempSync(join(tmpdir(), 'pw-scenario-'))
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true })
  try {
    const summary = await generateScenario({
      outDir: dir,
      seed: options.seed ?? 1,
      partners: options.partners ?? 6,
      users: options.users ?? 120,
      days: options.days ?? 30,
      end: new Date(options.end ?? '2026-11-20T00:00:00Z'),
    })
    return { dir, summary, cleanup }
  } catch (err) {
    cleanup()
    throw err
  }
}

export function readEvents(dir: string): OktaLogEvent[] {
  return readFileSync(join(dir, SCENARIO_FILES.events), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as OktaLogEvent)
}

export function readLabels(dir: string): ScenarioLabels {
  return JSON.parse(readFileSync(join(dir, SCENARIO_FILES.labels), 'utf8')) as ScenarioLabels
}

export function readDirectory(dir: string): ScenarioDirectory {
  return JSON.parse(readFileSync(join(dir, SCENARIO_FILES.directory), 'utf8')) as ScenarioDirectory
}

export function readJson(dir: string, name: string): unknown {
  return JSON.parse(readFileSync(join(dir, name), 'utf8'))
}

export function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex')
}

/** A nested property of a parsed event, e.g. `at(e, 'client', 'ipAddress')`. */
export function at(value: unknown, ...path: string[]): unknown {
  let v = value
  for (const key of path) {
    if (typeof v !== 'object' || v === null) {
      return undefined
    }
    v = (v as Record<string, unknown>)[key]
  }
  return v
}

export function geo(e: OktaLogEvent): { lat: number; lon: number; country: string } {
  return {
    lat: Number(at(e, 'client', 'geographicalContext', 'geolocation', 'lat')),
    lon: Number(at(e, 'client', 'geographicalContext', 'geolocation', 'lon')),
    country: String(at(e, 'client', 'geographicalContext', 'country')),
  }
}

export function distanceKm(
  a: { lat: number; lon: number },
  b: { lat: number; lon: number },
): number {
  const r = Math.PI / 180
  const h =
    Math.sin(((b.lat - a.lat) * r) / 2) ** 2 +
    Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(((b.lon - a.lon) * r) / 2) ** 2
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)))
}

/** Local wall-clock minutes since midnight of an instant in an IANA zone. */
export function localMinute(zone: string, iso: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hourCycle: 'h23',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(iso))
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? 0)
  return get('hour') * 60 + get('minute')
}

export function localDate(zone: string, iso: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date(iso))
}
