// Off-hours end to end on a generated scenario: events through `import`, the directory through the
// SDK from the simulated org, only this detector run with the scenario's partners, and precision /
// recall against the labelled off-hours anomalies (a finding matches a label by any shared uuid).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, onTestFinished } from 'vitest'
import { fixedClock } from '../../lib/clock.js'
import { parseConfig } from '../../lib/config.js'
import { SCENARIO_FILES } from '../../data/scenario/types.js'
import { startOktaSim } from '../../data/okta-sim/server.js'
import { importFiles } from '../../ingest/import-files.js'
import { syncDirectory } from '../../ingest/directory/sync.js'
import { createOktaClient } from '../../ingest/okta-client.js'
import { PacingExecutor } from '../../ingest/pacing-executor.js'
import { runDetectors } from '../../detectors/runner.js'
import { offHours } from '../../detectors/off-hours/index.js'
import { readOffHoursCandidates } from '../../detectors/off-hours/queries.js'
import { score } from '../../detectors/off-hours/score.js'
import { generate, readLabels } from '../data/scenario-helpers.js'
import { dbTest } from '../helpers/db.js'

const END = '2026-11-20T00:00:00Z'
const SEED = Number(process.env.OFF_HOURS_SEED ?? 11)

describe('off-hours on a generated scenario', () => {
  dbTest(
    `finds the labelled off-hours sign-ins and little else (seed ${SEED})`,
    { timeout: 60_000 },
    async ({ db }) => {
      const scenario = await generate({ seed: SEED, partners: 6, users: 120, days: 32, end: END })
      onTestFinished(scenario.cleanup)
      const clock = fixedClock(END)
      const raw: unknown = JSON.parse(
        readFileSync(join(scenario.dir, SCENARIO_FILES.config), 'utf8'),
      )
      const { partners } = parseConfig(raw, { env: {}, cwd: '/', source: 'scenario' })
      await importFiles({
        db,
        clock,
        files: [join(scenario.dir, SCENARIO_FILES.events)],
        org: 'hub',
      })
      const sim = await startOktaSim({
        scenarioDir: scenario.dir,
        port: 0,
        clock,
        rateLimits: { users: 1e6, groups: 1e6, apps: 1e6, idps: 1e6, other: 1e6 },
      })
      onTestFinished(() => sim.close())
      const org = {
        name: 'hub',
        url: sim.url,
        role: 'hub' as const,
        credentials: { kind: 'ssws' as const, token: sim.token },
      }
      const executor = new PacingExecutor({ share: 1, maxRetries: 2, requestTimeoutMs: 10_000 })
      const client = createOktaClient(org, { requestExecutor: executor })
      await syncDirectory({ db, client, org, partners, clock })

      const [run] = await runDetectors({
        db,
        clock,
        detectors: [offHours],
        partners,
        settings: {},
      })
      const findings = await db.all<{ event_ids: string[]; summary: string }>(
        `SELECT event_ids, summary FROM findings WHERE detector = 'off-hours'`,
      )
      const labels = readLabels(scenario.dir).anomalies.filter((a) => a.kind === 'off-hours')
      const labelOf = new Map<string, string>()
      labels.forEach((a) => a.eventUuids.forEach((u) => labelOf.set(u, a.id)))
      const found = new Set<string>()
      let truePositives = 0
      const unmatched: string[] = []
      for (const f of findings) {
        const hits = f.event_ids.map((u) => labelOf.get(u)).filter((id) => id !== undefined)
        if (hits.length > 0) {
          truePositives++
          hits.forEach((id) => found.add(id))
        } else {
          unmatched.push(f.summary)
        }
      }
      const precision = findings.length > 0 ? truePositives / findings.length : 0
      const recall = labels.length > 0 ? found.size / labels.length : 0
      process.stdout.write(
        `${JSON.stringify({ test: 'off-hours scenario', seed: SEED, labels: labels.length, findings: findings.length, truePositives, found: found.size, precision, recall, detectMs: run?.elapsedMs, unmatched })}\n`,
      )
      expect(labels.length).toBeGreaterThan(0)
      expect(precision).toBeGreaterThanOrEqual(0.85)
      expect(recall).toBeGreaterThanOrEqual(0.85)

      // The SQL prefilter hands the score only what it could flag: the same findings with and
      // without it, over the whole store and over a late slice with its history, from far fewer
      // candidates.
      const max = (await db.one<{ s: bigint }>('SELECT max(ingest_seq) AS s FROM events'))?.s ?? 0n
      const ctx = { now: clock.now(), config: {}, partners }
      for (const window of [
        { afterSeq: 0n, untilSeq: max },
        { afterSeq: max - 2000n, untilSeq: max },
      ]) {
        const on = await readOffHoursCandidates(db, window, ctx)
        const off = await readOffHoursCandidates(db, window, ctx, { prefilter: false })
        const ids = (c: typeof on) => score(c, ctx).map((f) => f.eventIds.join(' '))
        expect(ids(on)).toEqual(ids(off))
        expect(on.candidates.length).toBeLessThan(off.candidates.length / 5)
      }
      expect(findings.length).toBeGreaterThan(0)
    },
  )
})
