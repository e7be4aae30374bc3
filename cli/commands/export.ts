import { UsageError } from '../../lib/errors.js'
import { EXPORT_STREAMS, type ExportStream } from '../../reports/export/cursor.js'
import {
  DEFAULT_FORMAT_THREADS,
  exportPage,
  FORMAT_THREADS_MIN_ROWS,
  MAX_FORMAT_THREADS,
  MAX_LIMIT,
} from '../../reports/export/export-page.js'
import { EXPORT_FORMATS, type ExportFormat } from '../../reports/export/formats/index.js'
import {
  BULK_MEMORY_LIMIT,
  EXPORT_MEMORY_LIMIT,
  exportMemoryLimit,
} from '../../reports/export/memory-limit.js'
import {
  intFlag,
  isoFlag,
  memorySizeFlag,
  parseFlags,
  writeLine,
  type Command,
} from '../command.js'
import { configFor, withDatabase } from '../context.js'

const help = `usage: partnerwatch export events|anomalies --format FORMAT [--after CURSOR] [--limit N]
                           [--partner ID] [--event-type TYPE]... [--since ISO]
                           [--framing lf|octet-counting] [--memory-limit SIZE]
                           [--format-threads N] [--config FILE]

Writes one page of a SIEM export stream to stdout, in ascending order of ingestion (events) or of
detection (anomalies), and the cursor to resume from on stderr as 'next-cursor: <cursor>'. Pass it
back with --after to get the next page; it is exclusive, so nothing is repeated or skipped, also when
events arrive late with an older published time. Every record carries a stable id for de-duplication.

formats: ${EXPORT_FORMATS.join(', ')}
  ndjson   the raw event exactly as Okta sent it (anomalies: the finding as JSON)
  cef      ArcSight CEF            leef     QRadar LEEF 2.0 (delimiter ^)
  ocsf     OCSF 1.8.0 JSON         ecs      Elastic Common Schema JSON (as the Okta integration)
  hec      Splunk HEC envelopes    syslog   RFC 5424 with a CEF message
  arrow    Arrow IPC stream        parquet  Parquet file (bytes to stdout)

options:
  --after CURSOR       resume after this cursor (from a previous next-cursor line)
  --limit N            at most N records (default 1000, at most ${MAX_LIMIT})
  --partner ID         only this partner's records
  --event-type TYPE    only events of this type (anomalies: this detector); repeat for several
  --since ISO          bootstrap: only records whose event time is at or after this instant
  --framing F          syslog framing: lf (default) or octet-counting (RFC 6587)
  --memory-limit SIZE  DuckDB's buffer pool for this run (e.g. 96MB, 1GB). Default: the config's
                       databaseMemoryLimit if it sets one, else 32MB + 32MB per core for the text
                       formats (${EXPORT_MEMORY_LIMIT} here; each block is read once, a cache buys nothing),
                       ${BULK_MEMORY_LIMIT.arrow} for arrow, ${BULK_MEMORY_LIMIT.parquet} for parquet
  --format-threads N   threads that format a page of ${FORMAT_THREADS_MIN_ROWS.toLocaleString('en')} events or more in a text format
                       beside the main thread (default: one per core but one, ${DEFAULT_FORMAT_THREADS} here;
                       0: the main thread only)
  --config FILE        configuration file (default: $PARTNERWATCH_CONFIG or ./partnerwatch.config.json)
`

export const exportCommand: Command = {
  name: 'export',
  summary: 'write a page of events or anomalies in a SIEM format, with the cursor to resume from',
  help,
  async run(io) {
    const { values, positionals } = parseFlags(
      io.argv,
      {
        format: { type: 'string' },
        after: { type: 'string' },
        limit: { type: 'string' },
        partner: { type: 'string' },
        'event-type': { type: 'string', multiple: true },
        since: { type: 'string' },
        framing: { type: 'string' },
        'memory-limit': { type: 'string' },
        'format-threads': { type: 'string' },
        config: { type: 'string' },
      },
      true,
    )
    const stream = positionals[0]
    if (positionals.length !== 1 || !isStream(stream)) {
      throw new UsageError(`name the stream: partnerwatch export ${EXPORT_STREAMS.join('|')}`)
    }
    const format = values.format
    if (!isFormat(format)) {
      throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`)
    }
    const framing = values.framing
    if (framing !== undefined && framing !== 'lf' && framing !== 'octet-counting') {
      throw new UsageError('--framing must be lf or octet-counting')
    }
    if (values.partner !== undefined && values.partner.trim() === '') {
      throw new UsageError('--partner needs a partner id')
    }
    const limit = intFlag(values.limit, 'limit', 1000, 1, MAX_LIMIT)
    const since = isoFlag(values.since, 'since')
    const formatThreads =
      values['format-threads'] === undefined
        ? undefined
        : intFlag(values['format-threads'], 'format-threads', 0, 0, MAX_FORMAT_THREADS)
    const memoryLimit = memorySizeFlag(values['memory-limit'], '64MB')
    const config = configFor(io, values.config)
    const pool = exportMemoryLimit(format, config.databaseMemoryLimit, memoryLimit)
    // Inside `serve` (a forwarded command) the server's own database and pool are used instead.
    await withDatabase({ ...config, databaseMemoryLimit: pool }, async (db) => {
      const page = await exportPage(db, {
        stream,
        format,
        limit,
        after: values.after,
        partner: values.partner,
        eventTypes: values['event-type'],
        since,
        framing,
        formatThreads,
      })
      for await (const chunk of page.records) {
        if (!io.stdout.write(chunk)) {
          await new Promise<void>((resolve) => io.stdout.once('drain', () => resolve()))
        }
      }
      writeLine(io.stderr, `next-cursor: ${page.nextCursor}`)
      writeLine(io.stderr, `records: ${page.count}${page.hasMore ? ' (more follow)' : ''}`)
    })
    return 0
  },
}

function isStream(value: string | undefined): value is ExportStream {
  return (EXPORT_STREAMS as readonly (string | undefined)[]).includes(value)
}

function isFormat(value: string | undefined): value is ExportFormat {
  return (EXPORT_FORMATS as readonly (string | undefined)[]).includes(value)
}
