// Writes a scenario: a synthetic partner ecosystem's Okta System Log (events.ndjson, sorted by
// published), its directory snapshot, a partnerwatch config for it, and the labels of what was
// injected. Deterministic: the same options give byte-identical files. Streaming: one UTC day of
// events is held at a time, then written through the stream with backpressure.
import { createWriteStream } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { finished } from 'node:stream/promises'
import { buildAccess } from './access.js'
import { planAdminActions, runAdminAction } from './admin-plan.js'
import type { Injection } from './anomalies/context.js'
import { scheduleAnomalies } from './anomalies/schedule.js'
import { configFile } from './config-file.js'
import { PlanCache, pruneFailures, sessionActivities, type Activity } from './day.js'
import { buildDirectory } from './directory.js'
import type { Emitter } from './emitter.js'
import { EventBuffer } from './event-buffer.js'
import { HUB } from './hub.js'
import { ANOMALY_KINDS, CONFOUNDER_KINDS, Labels } from './labels.js'
import type { ScenarioWindow } from './model.js'
import { buildPartners } from './partners.js'
import { buildPopulation } from './population.js'
import { Rng, STREAM } from './random.js'
import { MS_PER_DAY } from './time-zone.js'
import { planTrips } from './trips.js'
import { SCENARIO_FILES, type AnomalyKind, type ConfounderKind } from './types.js'
import { initialState } from './user-state.js'
import { usualAddresses } from './plan.js'

export interface GenerateOptions {
  outDir: string
  seed: number
  partners: number
  users: number
  days: number
  /** The scenario's end (exclusive); it starts `days` days earlier. */
  end: Date
  /** Called after each day is written, with the number of events written so far. */
  onProgress?: (events: number) => void
  /** Stops between days; the files are then incomplete and the promise rejects. */
  signal?: AbortSignal
}

export interface ScenarioSummary {
  outDir: string
  seed: number
  params: { partners: number; users: number; days: number; start: string; end: string }
  counts: {
    events: number
    signIns: number
    users: number
    partners: number
    anomalies: Record<AnomalyKind, number>
    confounders: Record<ConfounderKind, number>
    eventTypes: Record<string, number>
  }
  files: string[]
  elapsedMs: number
}

export function checkOptions(o: GenerateOptions): void {
  const whole = (v: number, name: string, min: number, max: number): void => {
    if (!Number.isInteger(v) || v < min || v > max) {
      throw new RangeError(`${name} must be a whole number between ${min} and ${max}, got ${v}`)
    }
  }
  whole(o.seed, 'seed', 0, 0xffffffff)
  whole(o.partners, 'partners', 1, 100)
  whole(o.days, 'days', 1, 400)
  whole(o.users, 'users', 3 + 3 * o.partners, 1_000_000)
  if (Number.isNaN(o.end.getTime())) {
    throw new RangeError('end must be a valid date')
  }
}

export async function generateScenario(options: GenerateOptions): Promise<ScenarioSummary> {
  checkOptions(options)
  const began = performance.now()
  const { outDir, seed, days } = options
  const endMs = options.end.getTime()
  const window: ScenarioWindow = {
    seed,
    startMs: endMs - days * MS_PER_DAY,
    endMs,
    days,
    hubZone: HUB.zone,
  }
  const partners = buildPartners(seed, options.partners, window)
  const users = buildPopulation(window, partners, options.users)
  planTrips(window, users)
  const access = buildAccess(window, partners, users)
  const keepOpen = new Set<string>()
  const schedulerCtx = {
    window,
    users,
    partners,
    access,
    rng: new Rng(seed, STREAM.anomalies),
    used: new Set<number>(),
    roleGrants: [],
    keepOpen,
  }
  const injections = scheduleAnomalies(schedulerCtx)
  const admin = planAdminActions(window, users, access)
  const roleGrants = [...admin.roleGrants, ...schedulerCtx.roleGrants]

  await mkdir(outDir, { recursive: true })
  const eventsPath = join(outDir, SCENARIO_FILES.events)
  // A deep write queue lets generation go on while the disk catches up; drain still bounds it.
  const out = createWriteStream(eventsPath, { highWaterMark: 32 << 20 })
  const buffer = new EventBuffer(window.startMs, endMs)
  const labels = new Labels()
  const emitter: Emitter = {
    window,
    rng: new Rng(seed, STREAM.day, -1),
    users,
    states: users.map((u) => initialState(u, usualAddresses(u, window))),
    access,
    labels,
    emit: (event) => buffer.add(event),
    ipFailures: new Map(),
    confounderCounts: {},
    keepOpen,
  }
  const cache = new PlanCache(seed)
  let nextAdmin = 0
  let nextInjection = 0
  try {
    for (let d = 0; d < days; d++) {
      if (options.signal?.aborted) {
        throw new Error(`generation aborted after ${d} of ${days} days`)
      }
      const dayStart = window.startMs + d * MS_PER_DAY
      const dayEnd = dayStart + MS_PER_DAY
      emitter.rng = new Rng(seed, STREAM.day, d)
      pruneFailures(emitter, dayStart)
      const activities: Activity[] = sessionActivities(emitter, cache, dayStart)
      for (
        ;
        nextAdmin < admin.actions.length && (admin.actions[nextAdmin]?.t ?? Infinity) < dayEnd;
        nextAdmin++
      ) {
        const action = admin.actions[nextAdmin]
        if (action) {
          activities.push({ t: action.t, run: (e) => runAdminAction(e, action) })
        }
      }
      for (
        ;
        nextInjection < injections.length && (injections[nextInjection]?.t ?? Infinity) < dayEnd;
        nextInjection++
      ) {
        const injection: Injection | undefined = injections[nextInjection]
        if (injection) {
          activities.push({ t: injection.t, run: (e) => injection.run(e) })
        }
      }
      activities.sort((a, b) => a.t - b.t)
      for (const a of activities) {
        a.run(emitter)
      }
      await buffer.flush(out, dayEnd)
      options.onProgress?.(buffer.written)
    }
    await buffer.flush(out, endMs)
  } finally {
    out.end()
    await finished(out)
  }

  const directory = buildDirectory(window, partners, users, emitter.states, access, roleGrants)
  const params = {
    partners: options.partners,
    users: options.users,
    days,
    end: new Date(endMs).toISOString(),
  }
  const counts = { events: buffer.written, signIns: buffer.signIns }
  const files = [eventsPath]
  const write = async (name: string, value: unknown): Promise<void> => {
    const path = join(outDir, name)
    await writeFile(path, `${JSON.stringify(value, null, 2)}\n`)
    files.push(path)
  }
  await write(SCENARIO_FILES.directory, directory)
  await write(SCENARIO_FILES.config, configFile(partners))
  await write(SCENARIO_FILES.labels, labels.toJson(seed, params, counts))
  const eventTypes: Record<string, number> = {}
  for (const type of [...buffer.byType.keys()].sort()) {
    eventTypes[type] = buffer.byType.get(type) ?? 0
  }
  return {
    outDir,
    seed,
    params: { ...params, start: new Date(window.startMs).toISOString() },
    counts: {
      ...counts,
      users: users.length,
      partners: partners.length,
      anomalies: labels.countBy(ANOMALY_KINDS, labels.anomalies),
      confounders: labels.countBy(CONFOUNDER_KINDS, labels.confounders),
      eventTypes,
    },
    files,
    elapsedMs: Math.round(performance.now() - began),
  }
}
