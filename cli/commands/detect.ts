import { systemClock } from '../../lib/clock.js'
import { runDetectors } from '../../detectors/runner.js'
import { DETECTORS } from '../../detectors/index.js'
import { isoFlag, memorySizeFlag, parseFlags, writeLine, type Command } from '../command.js'
import { configFor, count, withDatabase } from '../context.js'
import { detectMemoryLimit } from '../../detectors/memory-limit.js'

const help = `usage: partnerwatch detect [--since ISO] [--json] [--memory-limit SIZE] [--config FILE]

Runs every detector over the events stored since its last run (its watermark on the ingest order).
With --since, runs over every event published since then instead. Finding ids derive from the
detector and the evidence, so running again adds nothing and keeps triage state.

options:
  --since ISO     re-run over events published since this instant
  --json          print the run summary as JSON
  --memory-limit SIZE
                  DuckDB's buffer pool for this run (default: databaseMemoryLimit if the
                  configuration sets one, else 256MB; queries spill to disk beyond it)
  --config FILE   configuration file (default: $PARTNERWATCH_CONFIG or ./partnerwatch.config.json)
`

export const detectCommand: Command = {
  name: 'detect',
  summary: 'run the detectors over what is stored',
  help,
  async run(io) {
    const { values } = parseFlags(io.argv, {
      since: { type: 'string' },
      json: { type: 'boolean' },
      config: { type: 'string' },
      'memory-limit': { type: 'string' },
    })
    const since = isoFlag(values.since, 'since')
    const memoryLimit = memorySizeFlag(values['memory-limit'])
    const config = configFor(io, values.config)
    const pool = detectMemoryLimit(config.databaseMemoryLimit, memoryLimit)
    // Inside `serve` (a forwarded command) the server's own database and pool are used instead.
    const runs = await withDatabase({ ...config, databaseMemoryLimit: pool }, (db) =>
      runDetectors({
        db,
        clock: systemClock,
        detectors: DETECTORS,
        partners: config.partners,
        settings: config.detectors,
        ...(since ? { since } : {}),
      }),
    )
    const failed = runs.filter((r) => r.error !== undefined)
    if (values.json) {
      writeLine(io.stdout, JSON.stringify({ database: config.databasePath, detectors: runs }))
      return failed.length > 0 ? 1 : 0
    }
    for (const r of runs) {
      writeLine(
        io.stdout,
        r.error === undefined
          ? `${r.detector}: ${count(r.findings)} findings (${count(r.added)} new) in ${r.elapsedMs} ms`
          : `${r.detector}: failed, watermark kept: ${r.error}`,
      )
    }
    writeLine(
      io.stdout,
      `ran ${runs.length} detector(s) over ${config.databasePath}; ${count(runs.reduce((a, r) => a + r.added, 0))} new findings`,
    )
    return failed.length > 0 ? 1 : 0
  },
}
