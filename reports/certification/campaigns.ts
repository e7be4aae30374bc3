// Campaign lifecycle: create (period + scope), launch (freeze the population after checking the
// directory snapshot is fresh enough), list, get. Functions take (ctx, input, actor).
import { randomUUID } from 'node:crypto'
import { NotFound } from '../../lib/errors.js'
import {
  getCampaign,
  insertCampaign,
  latestSnapshots,
  listCampaigns as listRows,
  recordLaunch,
  type Campaign,
} from './campaign-queries.js'
import { CertificationRefused } from './errors.js'
import { parsePeriod } from './period.js'
import { SOURCE_QUERY, countSource, freezePopulation } from './population-queries.js'
import { CampaignRef, CreateCampaignInput, ListCampaignsInput, checkInput } from './schemas.js'
import { GENERATOR, type Actor, type CertContext } from './types.js'
import { inSpan } from '../../lib/telemetry.js'

export type { Campaign } from './campaign-queries.js'

export async function createCampaign(
  ctx: CertContext,
  input: CreateCampaignInput,
  actor: Actor,
): Promise<Campaign> {
  const i = checkInput(CreateCampaignInput, input, 'campaign')
  const period = parsePeriod(i.period, 'campaign.period')
  if (i.partnerId !== undefined && !ctx.partners.some((p) => p.id === i.partnerId)) {
    throw new NotFound(`partner ${i.partnerId}`)
  }
  const id = `cmp_${randomUUID()}`
  const scope = i.partnerId ?? 'all partners'
  await insertCampaign(ctx.db, {
    id,
    name: i.name ?? `Partner access review ${period.label} (${scope})`,
    description: i.description ?? null,
    period: period.label,
    periodStart: period.start,
    periodEndExclusive: period.endExclusive,
    partnerId: i.partnerId ?? null,
    owner: i.owner ?? actor,
    noResponseRule: ctx.settings.noResponse,
    createdAt: ctx.clock.now(),
    createdBy: actor,
    generatorVersion: GENERATOR,
  })
  return getCampaign(ctx.db, id)
}

export async function listCampaigns(
  ctx: CertContext,
  input: ListCampaignsInput,
  _actor: Actor,
): Promise<Campaign[]> {
  const i = checkInput(ListCampaignsInput, input, 'query')
  return listRows(ctx.db, i)
}

export async function readCampaign(
  ctx: CertContext,
  input: CampaignRef,
  _actor: Actor,
): Promise<Campaign> {
  return getCampaign(ctx.db, checkInput(CampaignRef, input, 'campaign').campaignId)
}

/**
 * Freezes the population: refuses a campaign that is not `created`, a missing directory snapshot,
 * or one older than `certification.maxSnapshotAgeHours`. In one transaction it counts the source
 * rows, inserts items and exclusions, and checks count = items + exclusions before committing.
 */
export async function launchCampaign(
  ctx: CertContext,
  input: CampaignRef,
  actor: Actor,
): Promise<Campaign> {
  const { campaignId } = checkInput(CampaignRef, input, 'campaign')
  const { db } = ctx
  await inSpan('certification.launch', { campaignId }, () =>
    db.transaction(() => freeze(ctx, campaignId, actor)),
  )
  return getCampaign(db, campaignId)
}

/** The launch without its transaction (a preview runs it in one that is rolled back). */
export async function freeze(ctx: CertContext, campaignId: string, actor: Actor): Promise<void> {
  const { db } = ctx
  const c = await getCampaign(db, campaignId)
  if (c.state !== 'created') {
    throw new CertificationRefused(
      'campaign-state',
      `campaign ${c.id}`,
      `is ${c.state}; only a created campaign can be launched`,
    )
  }
  const now = ctx.clock.now()
  const snapshots = await latestSnapshots(db)
  if (snapshots.length === 0) {
    throw new CertificationRefused(
      'snapshot-stale',
      'directory',
      'no successful directory sync is stored; run partnerwatch ingest first',
    )
  }
  const maxAgeMs = ctx.settings.maxSnapshotAgeHours * 3_600_000
  const oldest = snapshots.reduce((a, b) => (a.syncedAt <= b.syncedAt ? a : b))
  if (now.getTime() - oldest.syncedAt.getTime() > maxAgeMs) {
    throw new CertificationRefused(
      'snapshot-stale',
      'certification.maxSnapshotAgeHours',
      `the directory snapshot of org ${oldest.org} is from ${oldest.syncedAt.toISOString()}, older than ${ctx.settings.maxSnapshotAgeHours} h; sync the directory first`,
    )
  }
  const filter = {
    partner: c.partnerId,
    excludeGroupTypes: [...ctx.settings.excludeGroupTypes],
  }
  const sourceCountedAt = ctx.clock.now()
  const sourceCount = await countSource(db, filter)
  const frozen = await freezePopulation(db, {
    ...filter,
    campaignId: c.id,
    owner: c.owner,
    asOf: now,
    periodStart: c.periodStart,
    periodEndExclusive: c.periodEndExclusive,
    sponsorAttribute: ctx.settings.sponsorAttribute,
    partners: ctx.partners.map((p) => ({
      id: p.id,
      contractEnd: p.contractEnd ?? null,
      dormantAfterDays: p.dormantAfterDays,
    })),
  })
  if (frozen.items + frozen.exclusions !== sourceCount) {
    throw new CertificationRefused(
      'incomplete',
      `campaign ${c.id}`,
      `source count ${sourceCount} ≠ ${frozen.items} items + ${frozen.exclusions} exclusions`,
    )
  }
  await recordLaunch(db, {
    id: c.id,
    launchedAt: now,
    launchedBy: actor,
    dueAt: new Date(now.getTime() + ctx.settings.reviewDays * 86_400_000),
    asOf: now,
    snapshotAt: oldest.syncedAt,
    snapshot: snapshots.map((s) => ({
      org: s.org,
      syncId: s.syncId,
      syncedAt: s.syncedAt.toISOString(),
      unattributedExternalUsers: s.unattributedExternalUsers,
    })),
    sourceQuery: `WITH ${SOURCE_QUERY.trim()}\nSELECT count(*) FROM src`,
    sourceFilter: { partner: filter.partner, excludeGroupTypes: filter.excludeGroupTypes },
    sourceCountedAt,
    sourceCount,
    itemCount: frozen.items,
    exclusionCount: frozen.exclusions,
  })
}
