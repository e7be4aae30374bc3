import { systemClock } from '../../lib/clock.js'
import { UsageError, errorLine } from '../../lib/errors.js'
import { FAILED_PART, ingestOrg, type OrgIngestResult } from '../../ingest/org-ingest.js'
import type { PageProgress, PullMode } from '../../ingest/log-pull.js'
import type { DirectorySyncSummary } from '../../ingest/directory/types.js'
import { isoFlag, memorySizeFlag, parseFlags, writeLine, type Command } from '../command.js'
import { configFor, count, duration, withDatabase } from '../context.js'
import { ingestMemoryLimit, ingestProcessSettings } from '../../ingest/process-settings.js'

const help = `usage: partnerwatch ingest [--once] [--since ISO] [--until ISO] [--org NAME] [--skip-directory]
                           [--json] [--memory-limit SIZE] [--config FILE]

Pulls the Okta System Log of every configured org (or one) into the database. Polling follows Okta's
next links from a cursor stored with each page, so a restart resumes exactly where it stopped; without
--once it keeps polling (every ingest.pollIntervalSeconds) until interrupted. The first run starts
ingest.sinceDays back (default 7, at most 90). --since and --until together run a bounded backfill,
kept at least 20 s behind now. Requests use at most ingest.rateLimitShare of each Okta rate-limit
budget; 429s are waited out; 5xx, timeouts and broken responses are retried.

The directory (users including deactivated ones, groups, apps and assignments, IdPs, admin roles) is
synced too, and every user attributed to a partner by the config's match rules: after the log with
--once, otherwise at start and every ingest.directorySyncMinutes.

An org is OKTA_ORG_URL + OKTA_API_TOKEN, or the orgs of the config file.

options:
  --once          stop when caught up
  --since ISO     start here instead of the stored cursor
  --until ISO     with --since: a bounded backfill
  --org NAME      only this org
  --skip-directory  pull the System Log only
  --json          print the summary as JSON
  --memory-limit SIZE
                  DuckDB's buffer pool for this run (default: databaseMemoryLimit if the
                  configuration sets one, else 128MB; at least 96MB; queries spill to
                  disk beyond it)
  --config FILE   configuration file (default: $PARTNERWATCH_CONFIG or ./partnerwatch.config.json)
`

export const ingestCommand: Command = {
  name: 'ingest',
  summary: 'pull the Okta System Log of the configured org(s)',
  help,
  async run(io) {
    const { values } = parseFlags(io.argv, {
      once: { type: 'boolean' },
      since: { type: 'string' },
      until: { type: 'string' },
      org: { type: 'string' },
      'skip-directory': { type: 'boolean' },
      json: { type: 'boolean' },
      config: { type: 'string' },
      'memory-limit': { type: 'string' },
    })
    const memoryLimit = memorySizeFlag(values['memory-limit'])
    const since = isoFlag(values.since, 'since')
    const until = isoFlag(values.until, 'until')
    if (until && !since) {
      throw new UsageError('--until needs --since (a bounded backfill)')
    }
    const config = configFor(io, values.config)
    // This process's own pool and settings (ingest/process-settings.ts); inside `serve` (a forwarded
    // command) the server's own database, pool and settings are used instead.
    const pool = ingestMemoryLimit(config.databaseMemoryLimit, memoryLimit)
    if (config.orgs.length === 0) {
      throw new UsageError(
        'no Okta org configured: set OKTA_ORG_URL and OKTA_API_TOKEN, or list orgs in the config file',
      )
    }
    const orgs = values.org ? config.orgs.filter((o) => o.name === values.org) : config.orgs
    if (orgs.length === 0) {
      throw new UsageError(
        `no org named ${JSON.stringify(values.org)} (configured: ${config.orgs.map((o) => o.name).join(', ')})`,
      )
    }
    const mode: PullMode =
      since && until
        ? { kind: 'backfill', since, until }
        : {
            kind: 'poll',
            once: values.once ?? false,
            pollIntervalMs: config.ingest.pollIntervalSeconds * 1000,
            bootstrapDays: config.ingest.sinceDays,
            ...(since ? { since } : {}),
          }
    const progress = progressLine(io.stderr, orgs.length)
    const started = Date.now()
    const results = await withDatabase(
      config,
      (db) =>
        Promise.all(
          orgs.map((org) =>
            ingestOrg({
              db,
              clock: systemClock,
              config,
              org,
              mode,
              directory: !values['skip-directory'],
              signal: io.signal,
              onPage: progress.update,
              onFailure: (name, f) => {
                progress.clear()
                writeLine(
                  io.stderr,
                  `partnerwatch ingest: org ${name}: ${FAILED_PART[f.part]} failed, trying again in ${duration(f.retryInMs)}: ${errorLine(f.error)}`,
                )
              },
            }),
          ),
        ),
      ingestProcessSettings(pool),
    )
    progress.clear()
    const elapsedMs = Date.now() - started
    if (values.json) {
      writeLine(
        io.stdout,
        JSON.stringify({ database: config.databasePath, elapsedMs, orgs: results.map(jsonResult) }),
      )
    } else {
      for (const r of results) {
        writeLine(io.stdout, summaryLine(r, elapsedMs))
        if (r.directory) {
          writeLine(io.stdout, directoryLine(r.org, r.directory))
        }
      }
    }
    const failed = results.filter((r) => r.error)
    for (const r of failed) {
      writeLine(io.stderr, `partnerwatch ingest: org ${r.org}: ${errorLine(r.error)}`)
    }
    return failed.length > 0 ? 1 : 0
  },
}

function summaryLine(r: OrgIngestResult, elapsedMs: number): string {
  const s = r.summary
  if (!s) {
    return `org ${r.org}: ${r.error ? 'failed' : 'stopped'} after ${count(r.requests)} requests (${count(r.retries)} retries, ${count(r.rateLimited)} rate-limited)`
  }
  const behind = s.newestPublished
    ? `, newest event ${duration(Date.now() - s.newestPublished.getTime())} old`
    : ''
  return (
    `org ${r.org}: ${count(s.received)} events in ${count(s.pages)} pages: ${count(s.stored)} stored, ` +
    `${count(s.duplicates)} duplicates, ${count(s.quarantined)} quarantined; ${s.caughtUp ? 'caught up' : 'not caught up'}${behind}; ` +
    `${count(r.requests)} requests, ${count(r.retries)} retries, ${count(r.rateLimited)} rate-limited; ${duration(elapsedMs)}` +
    `${s.resumedFromCursor ? ' (resumed from the stored cursor)' : ''}`
  )
}

function directoryLine(org: string, d: DirectorySyncSummary): string {
  const partners = Object.values(d.partnerUsers).reduce((a, b) => a + b, 0)
  return (
    `org ${org}: directory synced: ${count(d.counts.users)} users (${count(partners)} attributed to ${Object.keys(d.partnerUsers).length} partners, ` +
    `${count(d.unattributedExternalUsers)} external users matching no partner), ${count(d.counts.groups)} groups, ` +
    `${count(d.counts.apps)} apps, ${count(d.counts.appUsers)} app assignments, ${count(d.counts.idps)} IdPs in ${duration(d.elapsedMs)}`
  )
}

function jsonResult(r: OrgIngestResult) {
  return {
    org: r.org,
    ok: !r.error,
    ...(r.error ? { error: errorLine(r.error) } : {}),
    requests: r.requests,
    retries: r.retries,
    rateLimited: r.rateLimited,
    ...(r.summary
      ? { ...r.summary, newestPublished: r.summary.newestPublished?.toISOString() ?? null }
      : {}),
    ...(r.directory ? { directory: r.directory } : {}),
  }
}

/** On a terminal: one line rewritten in place (events/s, pages, how far behind now). */
function progressLine(stream: NodeJS.WritableStream & { isTTY?: boolean }, orgs: number) {
  const tty = stream.isTTY === true
  const started = Date.now()
  const totals = new Map<string, { events: number; pages: number; newest?: Date }>()
  return {
    update: (p: PageProgress): void => {
      const t = totals.get(p.org) ?? { events: 0, pages: 0 }
      t.events += p.received
      t.pages = p.page
      if (p.newestPublished) {
        t.newest = p.newestPublished
      }
      totals.set(p.org, t)
      if (!tty) {
        return
      }
      const secs = Math.max(0.001, (Date.now() - started) / 1000)
      const parts = [...totals].map(
        ([org, v]) =>
          `${orgs > 1 ? `${org}: ` : ''}${count(v.events)} events, ${count(v.pages)} pages, ${count(Math.round(v.events / secs))}/s` +
          (v.newest ? `, ${duration(Date.now() - v.newest.getTime())} behind` : ''),
      )
      stream.write(`\r\x1b[K${parts.join(' | ')}`)
    },
    clear: (): void => {
      if (tty && totals.size > 0) {
        stream.write('\r\x1b[K')
      }
    },
  }
}
