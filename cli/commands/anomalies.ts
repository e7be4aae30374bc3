import { UsageError } from '../../lib/errors.js'
import { createFindingsQueries } from '../../detectors/findings-queries.js'
import { intFlag, isoFlag, parseFlags, writeLine, type Command } from '../command.js'
import { configFor, withDatabase } from '../context.js'

const help = `usage: partnerwatch anomalies [--partner ID] [--detector ID] [--since ISO] [--limit N] [--json]
                              [--config FILE]

Lists findings, newest first: one line each (when, severity, score, detector, partner, user, summary),
or with --json a JSON array of findings with id, detector, severity, score, org, partnerId, userId,
userLogin, occurredAt, eventIds (the evidence, the triggering event last), summary, details and status.

options:
  --partner ID    only this partner's findings
  --detector ID   only this detector's findings
  --since ISO     only findings that occurred since this instant
  --limit N       at most N findings (default 100, at most 100000)
  --json          print a JSON array
  --config FILE   configuration file (default: $PARTNERWATCH_CONFIG or ./partnerwatch.config.json)
`

export const anomaliesCommand: Command = {
  name: 'anomalies',
  summary: 'list findings, newest first',
  help,
  async run(io) {
    const { values } = parseFlags(io.argv, {
      partner: { type: 'string' },
      detector: { type: 'string' },
      since: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
      config: { type: 'string' },
    })
    const since = isoFlag(values.since, 'since')
    const limit = intFlag(values.limit, 'limit', 100, 1, 100_000)
    if (values.partner !== undefined && values.partner.trim() === '') {
      throw new UsageError('--partner needs a partner id')
    }
    const config = configFor(io, values.config)
    const findings = await withDatabase(config, (db) =>
      createFindingsQueries(db).list({
        limit,
        ...(values.partner ? { partnerId: values.partner } : {}),
        ...(values.detector ? { detector: values.detector } : {}),
        ...(since ? { since } : {}),
      }),
    )
    if (values.json) {
      writeLine(io.stdout, JSON.stringify(findings))
      return 0
    }
    for (const f of findings) {
      writeLine(
        io.stdout,
        `${f.occurredAt.toISOString()}  ${f.severity.padEnd(8)} ${String(f.score).padStart(3)}  ${f.detector}  ${f.partnerId ?? '-'}  ${f.userLogin ?? '-'}  ${f.summary}`,
      )
    }
    if (findings.length === 0) {
      writeLine(io.stderr, 'no findings match')
    }
    return 0
  },
}
