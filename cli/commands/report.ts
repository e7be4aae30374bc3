// `partnerwatch report`: the certification evidence bundle of a period (a campaign's, or a preview
// of the population when none exists) and the partner-lifecycle reports, written into a folder with
// summary.json and a SHA-256 manifest.
import { resolve } from 'node:path'
import { UsageError } from '../../lib/errors.js'
import { writeBundle } from '../../reports/certification/bundle.js'
import { writeLifecycleReport } from '../../reports/certification/lifecycle-reports.js'
import {
  LIFECYCLE_REPORTS,
  type LifecycleReport,
} from '../../reports/certification/lifecycle-queries.js'
import { parsePeriod } from '../../reports/certification/period.js'
import { linkEvidence } from '../../reports/certification/remediation.js'
import type { BundleFormat } from '../../reports/certification/schemas.js'
import { intFlag, parseFlags, writeLine, type Command } from '../command.js'
import { configFor, count, withDatabase } from '../context.js'
import { certContext } from './cert-context.js'

const help = `usage: partnerwatch report certification --period 2026-Q4 [--partner ID] [--campaign ID]
                             --format csv|json|xlsx --out DIR [--as LOGIN] [--config FILE]
       partnerwatch report contracts-ending [--days N] [--partner ID] --format F --out DIR
       partnerwatch report contracts-expired|dormant|missing-data|deactivations [--partner ID]
                             --format F --out DIR

certification     the evidence bundle of the newest launched campaign for the period and scope
                  (or --campaign ID): items, decisions, reassignments, exclusions, remediation,
                  summary.json (counts, scope, source query, snapshot time, generator) and
                  manifest.json + SHA256SUMS (check with: cd DIR && sha256sum -c SHA256SUMS).
                  With no campaign: a preview of the population a launch would freeze now (items
                  and exclusions only; nothing is stored).
contracts-ending  partner users whose contract ends within --days (default 30), marked T-7 / T-30
contracts-expired partner users whose contract has ended but whose account is not deactivated
dormant           partner accounts inactive at least their partner's dormantAfterDays, with access
missing-data      partner users with no contract end or no sponsor
deactivations     deactivations done: when, by whom, trigger, Okta's answer and System Log event

Last activity is the later of Okta's lastLogin and the newest successful user.session.start /
user.authentication.sso in the stored System Log; each row says which.

options:
  --period Q       calendar quarter, e.g. 2026-Q4 (certification)
  --partner ID     one partner only (default: all partners)
  --campaign ID    this campaign's bundle (certification)
  --days N         horizon in days, 1-3650 (contracts-ending; default 30)
  --format F       csv (RFC 4180, formula cells neutralised), json or xlsx
  --out DIR        folder to write (created if missing)
  --as LOGIN       who generates the report (recorded in summary.json; default: cli)
  --config FILE    configuration file (default: $PARTNERWATCH_CONFIG or ./partnerwatch.config.json)
`

const FORMATS: readonly BundleFormat[] = ['csv', 'json', 'xlsx']

export const reportCommand: Command = {
  name: 'report',
  summary: 'write a certification evidence bundle or a partner-lifecycle report',
  help,
  async run(io) {
    const { values, positionals } = parseFlags(
      io.argv,
      {
        period: { type: 'string' },
        partner: { type: 'string' },
        campaign: { type: 'string' },
        days: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        as: { type: 'string' },
        config: { type: 'string' },
      },
      true,
    )
    const [kind, ...extra] = positionals
    if (kind === undefined || extra.length > 0) {
      throw new UsageError(`report needs one kind: certification, ${LIFECYCLE_REPORTS.join(', ')}`)
    }
    const format = values.format as BundleFormat | undefined
    if (format === undefined || !FORMATS.includes(format)) {
      throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`)
    }
    if (!values.out) {
      throw new UsageError('--out is required: the folder to write into')
    }
    if (values.partner !== undefined && values.partner.trim() === '') {
      throw new UsageError('--partner needs a partner id')
    }
    const out = resolve(io.cwd, values.out)
    const actor = values.as?.trim() || 'cli'
    const config = configFor(io, values.config)
    if (kind === 'certification') {
      if (!values.period && !values.campaign) {
        throw new UsageError('--period (e.g. 2026-Q4) or --campaign is required')
      }
      if (values.period) {
        parsePeriod(values.period, '--period')
      }
      const result = await withDatabase(config, async (db) => {
        await linkEvidence(db)
        return writeBundle(
          certContext(config, db),
          {
            format,
            ...(values.campaign ? { campaignId: values.campaign } : {}),
            ...(values.period ? { period: values.period } : {}),
            ...(values.partner ? { partnerId: values.partner } : {}),
          },
          actor,
          out,
        )
      })
      const counts = result.summary.counts as {
        items: number
        exclusions: number
        reconciled: boolean
      }
      writeLine(
        io.stdout,
        `${result.kind} ${result.kind === 'campaign' ? result.campaignId : ''}: ${count(counts.items)} items, ${count(counts.exclusions)} exclusions, ${counts.reconciled ? 'reconciled' : 'NOT reconciled'}; ${result.files.length} files + manifest in ${out}`.replace(
          '  ',
          ' ',
        ),
      )
      return 0
    }
    if (!(LIFECYCLE_REPORTS as readonly string[]).includes(kind)) {
      throw new UsageError(
        `unknown report ${JSON.stringify(kind)}; one of certification, ${LIFECYCLE_REPORTS.join(', ')}`,
      )
    }
    const days = intFlag(values.days, 'days', 30, 1, 3650)
    const result = await withDatabase(config, (db) =>
      writeLifecycleReport(
        certContext(config, db),
        {
          report: kind as LifecycleReport,
          format,
          days,
          ...(values.partner ? { partnerId: values.partner } : {}),
        },
        actor,
        out,
      ),
    )
    writeLine(
      io.stdout,
      `${kind}: ${count(result.rows)} rows; ${result.files.length} files + manifest in ${out}`,
    )
    return 0
  },
}
