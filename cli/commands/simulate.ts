// `partnerwatch simulate`: writes a synthetic partner scenario (System Log, directory, config and
// labels) into a folder, for demos, benchmarks and judging detectors against known answers.
import { resolve } from 'node:path'
import { systemClock } from '../../lib/clock.js'
import { UsageError } from '../../lib/errors.js'
import { generateScenario, type ScenarioSummary } from '../../data/scenario/generate.js'
import { intFlag, isoFlag, parseFlags, writeLine, type Command } from '../command.js'

const help = `usage: partnerwatch simulate --out DIR [--seed N] [--partners N] [--users N] [--days N]
                             [--end ISO] [--json]

Writes a synthetic partner (B2B) ecosystem into DIR: events.ndjson (the Okta System Log, sorted by
published), directory.json (users, groups, apps, IdPs, admin roles at the end), a
partnerwatch.config.json describing the partners, and labels.json (every injected anomaly with its
evidence events, and the benign look-alikes).

The output is a pure function of the options: the same seed, sizes and end give byte-identical
files. --end defaults to the start of the current UTC day, so the same seed run on the same day
gives the same bytes; pass --end to pin it.

options:
  --out DIR        folder to write (created if missing; files in it are replaced)
  --seed N         random seed (default 1)
  --partners N     partner organisations, 1-100 (default 6)
  --users N        users in all, employees of the hub included (default 400; at least 3 + 3 per partner)
  --days N         days of log, 1-400 (default 60)
  --end ISO        end of the scenario, exclusive (default: today 00:00 UTC)
  --json           print the summary as JSON instead of one line
`

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'write a synthetic partner scenario (log, directory, config, labels)',
  help,
  async run(io) {
    const { values } = parseFlags(io.argv, {
      out: { type: 'string' },
      seed: { type: 'string' },
      partners: { type: 'string' },
      users: { type: 'string' },
      days: { type: 'string' },
      end: { type: 'string' },
      json: { type: 'boolean' },
    })
    const seed = intFlag(values.seed, 'seed', 1, 0, 0xffffffff)
    const partners = intFlag(values.partners, 'partners', 6, 1, 100)
    const users = intFlag(values.users, 'users', 400, 1, 1_000_000)
    const days = intFlag(values.days, 'days', 60, 1, 400)
    if (!values.out) {
      throw new UsageError('--out is required: the folder to write the scenario into')
    }
    if (users < 3 + 3 * partners) {
      throw new UsageError(
        `--users must be at least ${3 + 3 * partners} for ${partners} partners (3 each, plus 3 employees)`,
      )
    }
    const now = systemClock.now()
    const end =
      isoFlag(values.end, 'end') ??
      new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
    const summary = await generateScenario({
      outDir: resolve(io.cwd, values.out),
      seed,
      partners,
      users,
      days,
      end,
      signal: io.signal,
    })
    writeLine(io.stdout, values.json ? JSON.stringify(summary, null, 2) : oneLine(summary))
    return 0
  },
}

function oneLine(s: ScenarioSummary): string {
  const n = (x: number): string => x.toLocaleString('en-US')
  const anomalies = Object.values(s.counts.anomalies).reduce((a, b) => a + b, 0)
  const confounders = Object.values(s.counts.confounders).reduce((a, b) => a + b, 0)
  return (
    `wrote ${s.outDir}: ${n(s.counts.events)} events (${n(s.counts.signIns)} sign-ins), ` +
    `${n(s.counts.users)} users, ${s.counts.partners} partners, from ${s.params.start.slice(0, 10)} until ` +
    `${s.params.end.slice(0, 10)}, ${anomalies} labelled anomalies, ${confounders} confounders, ` +
    `seed ${s.seed}, in ${(s.elapsedMs / 1000).toFixed(1)} s`
  )
}
