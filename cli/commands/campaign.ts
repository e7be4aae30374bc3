// `partnerwatch campaign`: the certification campaign from the command line: create, launch, list,
// items, decide, reassign, close, sign-off; remediate (a campaign's revokes) and offboard (partners
// whose contract ended) as a dry run unless --apply.
import { UsageError } from '../../lib/errors.js'
import type { Database } from '../../lib/db.js'
import {
  createCampaign,
  launchCampaign,
  listCampaigns,
} from '../../reports/certification/campaigns.js'
import {
  closeCampaign,
  decideItem,
  reassignItem,
  signOffCampaign,
} from '../../reports/certification/decisions.js'
import { listItems } from '../../reports/certification/items.js'
import {
  applyRemediation,
  planCampaignRemediation,
  planOffboardingRemediation,
  type ApplyResult,
} from '../../reports/certification/remediation.js'
import { createNextCampaign, purgeCampaigns } from '../../reports/certification/recurrence.js'
import { intFlag, parseFlags, writeLine, type Command, type CommandIo } from '../command.js'
import { configFor, count, withDatabase } from '../context.js'
import { actorFlag, certContext, oktaFor } from './cert-context.js'

const help = `usage: partnerwatch campaign create --period 2026-Q4 [--partner ID] [--name TEXT] --as LOGIN
       partnerwatch campaign next ID --as LOGIN          (the next quarter, same scope and owner)
       partnerwatch campaign launch ID --as LOGIN
       partnerwatch campaign list [--period Q] [--partner ID]
       partnerwatch campaign items ID [--reviewer LOGIN] [--undecided] [--after SEQ] [--limit N]
       partnerwatch campaign decide ID --item SEQ --approve|--revoke [--justification TEXT] --as LOGIN
       partnerwatch campaign reassign ID --item SEQ --to LOGIN [--reason TEXT] --as LOGIN
       partnerwatch campaign close ID --as LOGIN
       partnerwatch campaign sign-off ID [--statement TEXT] --as LOGIN
       partnerwatch campaign remediate ID [--apply] --as LOGIN
       partnerwatch campaign offboard [--partner ID] [--apply] --as LOGIN
       partnerwatch campaign purge     (campaigns signed off over certification.retentionDays ago)

A campaign reviews every partner user × entitlement (account, app assignment direct or via a group,
group membership, admin role) of one quarter. launch freezes the population from the directory
snapshot (refused when the snapshot is older than certification.maxSnapshotAgeHours); reviewers are
each user's sponsor, else the owner; no one reviews their own access; a revoke needs a
justification. close applies certification.noResponse to unanswered items; sign-off (owner only)
needs every item decided and source count = items + exclusions.

remediate plans one Okta change per revoked item and offboard one deactivation per partner user whose
contract ended; both only print the plan unless --apply, which calls Okta (okta.users.manage,
okta.apps.manage, okta.groups.manage) and records Okta's answer. The System Log event of each change
is linked after the next ingest (report certification links it too).

options:
  --as LOGIN      who acts (recorded as evidence; the self-review check compares it)
  --json          print JSON instead of lines
  --config FILE   configuration file (default: $PARTNERWATCH_CONFIG or ./partnerwatch.config.json)
`

const FLAGS = {
  period: { type: 'string' },
  partner: { type: 'string' },
  name: { type: 'string' },
  owner: { type: 'string' },
  as: { type: 'string' },
  item: { type: 'string' },
  approve: { type: 'boolean' },
  revoke: { type: 'boolean' },
  justification: { type: 'string' },
  to: { type: 'string' },
  reason: { type: 'string' },
  statement: { type: 'string' },
  reviewer: { type: 'string' },
  undecided: { type: 'boolean' },
  after: { type: 'string' },
  limit: { type: 'string' },
  apply: { type: 'boolean' },
  json: { type: 'boolean' },
  config: { type: 'string' },
} as const

type Values = ReturnType<typeof parseFlags<typeof FLAGS>>['values']

export const campaignCommand: Command = {
  name: 'campaign',
  summary: 'run a certification campaign: create, launch, decide, close, sign off, remediate',
  help,
  async run(io) {
    const { values, positionals } = parseFlags(io.argv, FLAGS, true)
    const [verb, id, ...extra] = positionals
    if (verb === undefined || extra.length > 0) {
      throw new UsageError(
        'campaign needs a verb: create, next, launch, list, items, decide, reassign, close, sign-off, remediate, offboard',
      )
    }
    const config = configFor(io, values.config)
    return withDatabase(config, (db) => {
      const ctx = certContext(config, db)
      const print = (value: unknown, line: string) =>
        writeLine(io.stdout, values.json ? JSON.stringify(value) : line)
      return runVerb(verb, id, values, { io, db, ctx, config, print })
    })
  },
}

interface Run {
  io: CommandIo
  db: Database
  ctx: ReturnType<typeof certContext>
  config: Parameters<typeof oktaFor>[0]
  print: (value: unknown, line: string) => void
}

function need(id: string | undefined, verb: string): string {
  if (!id) {
    throw new UsageError(`campaign ${verb} needs the campaign id`)
  }
  return id
}

async function runVerb(verb: string, id: string | undefined, v: Values, r: Run): Promise<number> {
  const { ctx, print } = r
  const item = () => intFlag(v.item, 'item', 0, 1, 2_147_483_647)
  switch (verb) {
    case 'create': {
      const actor = actorFlag(v.as)
      if (!v.period) {
        throw new UsageError('--period is required, e.g. 2026-Q4')
      }
      const c = await createCampaign(
        ctx,
        {
          period: v.period,
          ...(v.partner ? { partnerId: v.partner } : {}),
          ...(v.name ? { name: v.name } : {}),
          ...(v.owner ? { owner: v.owner } : {}),
        },
        actor,
      )
      print(c, `created ${c.id} (${c.name}); owner ${c.owner}`)
      return 0
    }
    case 'next': {
      const c = await createNextCampaign(ctx, { campaignId: need(id, verb) }, actorFlag(v.as))
      print(c, `created ${c.id} (${c.name}); owner ${c.owner}`)
      return 0
    }
    case 'purge': {
      const ids = await purgeCampaigns(ctx)
      print(
        ids,
        `purged ${count(ids.length)} campaigns signed off more than ${ctx.settings.retentionDays} days ago`,
      )
      return 0
    }
    case 'launch': {
      const c = await launchCampaign(ctx, { campaignId: need(id, verb) }, actorFlag(v.as))
      print(
        c,
        `launched ${c.id}: source ${count(c.sourceCount ?? 0)} = ${count(c.itemCount ?? 0)} items + ${count(c.exclusionCount ?? 0)} exclusions; snapshot ${c.snapshotAt?.toISOString() ?? '-'}`,
      )
      return 0
    }
    case 'list': {
      const list = await listCampaigns(
        ctx,
        {
          ...(v.period ? { period: v.period } : {}),
          ...(v.partner ? { partnerId: v.partner } : {}),
        },
        'cli',
      )
      print(
        list,
        list
          .map(
            (c) =>
              `${c.id}  ${c.period}  ${c.partnerId ?? 'all'}  ${c.state}  ${c.itemCount ?? '-'} items  ${c.name}`,
          )
          .join('\n') || 'no campaigns',
      )
      return 0
    }
    case 'items': {
      const page = await listItems(
        ctx,
        {
          campaignId: need(id, verb),
          limit: intFlag(v.limit, 'limit', 100, 1, 1000),
          afterSeq: intFlag(v.after, 'after', 0, 0, 2_147_483_647),
          ...(v.reviewer ? { reviewer: v.reviewer } : {}),
          ...(v.undecided ? { undecidedOnly: true } : {}),
        },
        'cli',
      )
      print(
        page,
        page.items
          .map(
            (i) =>
              `${i.seq}  ${i.login ?? i.userId}  ${i.entitlementType}:${i.entitlementName ?? i.entitlementId}  ${i.recommendation}${i.reasons.length ? ` (${i.reasons.join(', ')})` : ''}  reviewer ${i.reviewer}  ${i.decision ?? 'undecided'}`,
          )
          .join('\n') + (page.nextAfterSeq === null ? '' : `\nmore: --after ${page.nextAfterSeq}`),
      )
      return 0
    }
    case 'decide': {
      if (Boolean(v.approve) === Boolean(v.revoke)) {
        throw new UsageError('give exactly one of --approve or --revoke')
      }
      const d = await decideItem(
        ctx,
        {
          campaignId: need(id, verb),
          itemSeq: item(),
          decision: v.revoke ? 'revoke' : 'approve',
          ...(v.justification ? { justification: v.justification } : {}),
        },
        actorFlag(v.as),
      )
      print(d, `item ${d.itemSeq}: ${d.decision}`)
      return 0
    }
    case 'reassign': {
      if (!v.to) {
        throw new UsageError('--to is required: the new reviewer')
      }
      const a = await reassignItem(
        ctx,
        {
          campaignId: need(id, verb),
          itemSeq: item(),
          toReviewer: v.to,
          ...(v.reason ? { reason: v.reason } : {}),
        },
        actorFlag(v.as),
      )
      print(a, `item ${a.itemSeq}: reviewer ${a.reviewer}`)
      return 0
    }
    case 'close': {
      const c = await closeCampaign(ctx, { campaignId: need(id, verb) }, actorFlag(v.as))
      print(c, `closed: ${count(c.unanswered)} unanswered items → no_response (${c.rule})`)
      return 0
    }
    case 'sign-off': {
      const s = await signOffCampaign(
        ctx,
        { campaignId: need(id, verb), ...(v.statement ? { statement: v.statement } : {}) },
        actorFlag(v.as),
      )
      print(
        s,
        `signed off by ${s.signedBy} at ${s.signedAt.toISOString()}: ${count(s.completeness.sourceCount)} = ${count(s.completeness.items)} items + ${count(s.completeness.exclusions)} exclusions; ${count(s.stats.approved)} approved, ${count(s.stats.revoked)} revoked, ${count(s.stats.noResponse)} no response`,
      )
      return 0
    }
    case 'remediate':
    case 'offboard': {
      const actor = actorFlag(v.as)
      const campaignId = verb === 'remediate' ? need(id, verb) : undefined
      const planned = campaignId
        ? await planCampaignRemediation(ctx, { campaignId }, actor)
        : await planOffboardingRemediation(ctx, v.partner ? { partnerId: v.partner } : {}, actor)
      const result = await applyRemediation(
        ctx,
        { apply: Boolean(v.apply), ...(campaignId ? { campaignId } : { trigger: 'offboarding' }) },
        actor,
        oktaFor(r.config),
      )
      print(result, describeResult(result, planned))
      return result.failed > 0 ? 1 : 0
    }
    default:
      throw new UsageError(`unknown campaign verb ${JSON.stringify(verb)}`)
  }
}

function describeResult(result: ApplyResult, planned: number): string {
  const lines = result.actions.map(
    (a) =>
      `${a.id}  ${a.action}  ${a.login ?? a.userId}${a.targetId && a.action !== 'deactivate_user' ? ` ${a.targetName ?? a.targetId}` : ''}  ${a.status}${a.oktaStatus ? ` HTTP ${a.oktaStatus}` : ''}${a.oktaErrorCode ? ` ${a.oktaErrorCode}` : ''}`,
  )
  const head = result.dryRun
    ? `dry run: ${count(result.actions.length)} planned actions (${count(planned)} new); nothing sent to Okta, pass --apply to carry them out`
    : `applied ${count(result.applied)}, failed ${count(result.failed)}`
  return [head, ...lines].join('\n')
}
