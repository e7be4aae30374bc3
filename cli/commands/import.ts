import { resolve } from 'node:path'
import { systemClock } from '../../lib/clock.js'
import { UsageError } from '../../lib/errors.js'
import { importFiles } from '../../ingest/import-files.js'
import {
  holdsRowGroupTransactions,
  ingestMemoryLimit,
  ingestProcessSettings,
} from '../../ingest/process-settings.js'
import { memorySizeFlag, parseFlags, writeLine, type Command } from '../command.js'
import { configFor, count, withDatabase } from '../context.js'

const help = `usage: partnerwatch import FILE... [--org NAME] [--json] [--memory-limit SIZE] [--config FILE]

Imports Okta System Log files: NDJSON (one event per line, as Log Streaming and exports write it) or a
JSON array, either of them gzipped. Files are streamed. Every line is stored, counted as a duplicate
(its uuid is already stored with the same content), or quarantined with its line number and the
reason; blank lines are counted. The summary adds up.

options:
  --org NAME      tag the events with this org (default: the only configured org, else "import")
  --json          print the summary as JSON
  --memory-limit SIZE
                  DuckDB's buffer pool for this run (default: databaseMemoryLimit if the
                  configuration sets one, else 128MB; at least 96MB; queries spill to
                  disk beyond it)
  --config FILE   configuration file (default: $PARTNERWATCH_CONFIG or ./partnerwatch.config.json)
`

export const importCommand: Command = {
  name: 'import',
  summary: 'import Okta System Log NDJSON or JSON-array files (gzip too)',
  help,
  async run(io) {
    const { values, positionals } = parseFlags(
      io.argv,
      {
        org: { type: 'string' },
        json: { type: 'boolean' },
        config: { type: 'string' },
        'memory-limit': { type: 'string' },
      },
      true,
    )
    if (positionals.length === 0) {
      throw new UsageError('name at least one file to import')
    }
    const memoryLimit = memorySizeFlag(values['memory-limit'])
    const config = configFor(io, values.config)
    const org =
      values.org ?? (config.orgs.length === 1 ? config.orgs[0]?.name : undefined) ?? 'import'
    const files = positionals.map((f) => resolve(io.cwd, f))
    // This process's own pool and settings (ingest/process-settings.ts); inside `serve` (a forwarded
    // command) the server's own database, pool and settings are used instead.
    const pool = ingestMemoryLimit(config.databaseMemoryLimit, memoryLimit)
    const summary = await withDatabase(
      config,
      (db, owned) =>
        importFiles({
          db,
          clock: systemClock,
          files,
          org,
          rowGroupTransactions: owned && holdsRowGroupTransactions(pool),
        }),
      ingestProcessSettings(pool),
    )
    if (values.json) {
      writeLine(io.stdout, JSON.stringify({ database: config.databasePath, org, ...summary }))
    } else {
      for (const f of summary.files) {
        writeLine(
          io.stdout,
          `${f.path}: ${count(f.received)} events: ${count(f.stored)} stored, ${count(f.duplicates)} duplicates, ${count(f.quarantined)} quarantined${f.blank ? `, ${count(f.blank)} blank lines` : ''}`,
        )
      }
      writeLine(
        io.stdout,
        `imported ${count(summary.received)} events from ${summary.files.length} file(s) into ${config.databasePath} (org ${org}): ${count(summary.stored)} stored, ${count(summary.duplicates)} duplicates, ${count(summary.quarantined)} quarantined in ${(summary.elapsedMs / 1000).toFixed(1)} s`,
      )
    }
    return 0
  },
}
