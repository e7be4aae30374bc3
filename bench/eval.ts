// `npm run eval`: generates labelled scenarios (several seeds and sizes), loads each the way production
// does, runs every registered detector, and prints precision and recall per detector beside the naive
// anchor rules on the same data; then replays the public samples and says which labelled attacks fire.
// Run: node bin/run-ts.js bench/eval.ts [--quick]
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { fixedClock } from '../lib/clock.js'
import { openDatabase } from '../lib/db.js'
import { DEMO_SCENARIO_VERSION } from '../data/demo-scenario.js'
import { generateScenario } from '../data/scenario/generate.js'
import type { ScenarioLabels } from '../data/scenario/types.js'
import { DETECTORS } from '../detectors/index.js'
import { runDetectors } from '../detectors/runner.js'
import { loadScenario } from './load-scenario.js'
import { replaySamples } from './samples-replay.js'
import { labelSets, score, type Scored } from './eval-metrics.js'
import { naiveImpossibleTravel, naiveOffHours } from './naive-rules-queries.js'
import { SIGN_IN_ANCHORS } from './anchor-rules-sign-in.js'
import { LIFECYCLE_ANCHORS } from './anchor-rules-lifecycle.js'

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } })
const END = new Date('2026-11-29T00:00:00Z')
const SCENARIOS = values.quick
  ? [{ seed: 1, partners: 6, users: 200, days: 45 }]
  : [
      { seed: 1, partners: 6, users: 400, days: 60 },
      { seed: 2, partners: 6, users: 300, days: 45 },
      { seed: 3, partners: 9, users: 600, days: 60 },
    ]
const out = resolve('bench/out/eval')
mkdirSync(out, { recursive: true })

const results: Record<string, unknown>[] = []
for (const s of SCENARIOS) {
  // The generator's version in the name: a cached scenario of an older generator is never reused.
  const dir = join(
    out,
    `scenario-v${DEMO_SCENARIO_VERSION}-${s.seed}-${s.partners}-${s.users}-${s.days}`,
  )
  if (!existsSync(join(dir, 'labels.json'))) {
    await generateScenario({ outDir: dir, ...s, end: END })
  }
  const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as ScenarioLabels
  const dbPath = join(out, `eval-${s.seed}.duckdb`)
  rmSync(dbPath, { force: true })
  rmSync(`${dbPath}.wal`, { force: true })
  const db = await openDatabase({ path: dbPath })
  try {
    const clock = fixedClock(END)
    const config = await loadScenario(db, dir, clock)
    const started = performance.now()
    const runs = await runDetectors({
      db,
      clock,
      detectors: DETECTORS,
      partners: config.partners,
      settings: config.detectors,
    })
    const detectMs = Math.round(performance.now() - started)
    const findings = await db.all<{ detector: string; event_ids: string[] }>(
      'SELECT detector, event_ids FROM findings',
    )
    const perDetector: Record<string, Scored> = {}
    for (const d of DETECTORS) {
      perDetector[d.id] = score(
        findings.filter((f) => f.detector === d.id).map((f) => [...f.event_ids]),
        labelSets(labels, d.id),
      )
    }
    // The naive rules are scored like ours: strict precision, and over unexplained findings.
    const naive = {
      'impossible-travel (naive 900 km/h)': score(
        await naiveImpossibleTravel(db),
        labelSets(labels, 'impossible-travel'),
      ),
      'off-hours (naive 08-18 UTC)': score(await naiveOffHours(db), labelSets(labels, 'off-hours')),
    } as Record<string, Scored>
    for (const a of [...SIGN_IN_ANCHORS, ...LIFECYCLE_ANCHORS]) {
      naive[`${a.detector} (${a.name})`] = score(await a.run(db), labelSets(labels, a.detector))
    }
    results.push({
      scenario: s,
      events: labels.counts.events,
      signIns: labels.counts.signIns,
      detectMs,
      runs,
      detectors: perDetector,
      naive,
    })
  } finally {
    db.closeSync()
  }
}

// The public samples, replayed in order: as they are (colliding uuids quarantined), and with every
// colliding line given its own uuid so the events those collisions hide are judged too.
const samples = resolve('test/fixtures/samples')
const replay = {
  asIs: await replaySamples({ dir: samples, clock: fixedClock(END), uniqueUuids: false }),
  uniqueUuids: await replaySamples({ dir: samples, clock: fixedClock(END), uniqueUuids: true }),
}

process.stdout.write(
  `${JSON.stringify({ eval: results, samplesReplay: replay, command: `node bin/run-ts.js bench/eval.ts${values.quick ? ' --quick' : ''}` }, null, 1)}\n`,
)
