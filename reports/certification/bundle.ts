// The evidence bundle of a campaign, written to a folder: items, decisions, reassignments,
// exclusions and remediation in one format (csv, json or xlsx), summary.json, and the manifest with
// the SHA-256 of every file. Tables stream from DuckDB in batches. Without a campaign, a preview
// freezes the population in a transaction that is rolled back, so nothing is stored.
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import type { Database } from '../../lib/db.js'
import { InputInvalid } from '../../lib/errors.js'
import { getCampaign, insertCampaign, listCampaigns, type Campaign } from './campaign-queries.js'
import { freeze } from './campaigns.js'
import { campaignStats } from './decision-queries.js'
import { BUNDLE_TABLES, readSignOff, readTable, remediationCounts } from './bundle-queries.js'
import { openTableWriter } from './formats/table-writer.js'
import { writeManifest, type ManifestEntry } from './manifest.js'
import { parsePeriod } from './period.js'
import { BundleFormat, checkInput } from './schemas.js'
import { GENERATOR, type Actor, type CertContext } from './types.js'
import { Type, type Static } from '@sinclair/typebox'
import { inSpan } from '../../lib/telemetry.js'

export const BundleInput = Type.Object(
  {
    campaignId: Type.Optional(Type.String({ minLength: 1 })),
    period: Type.Optional(Type.String({ pattern: '^\\d{4}-Q[1-4]$' })),
    partnerId: Type.Optional(Type.String({ minLength: 1 })),
    format: BundleFormat,
  },
  { additionalProperties: false },
)

export interface BundleResult {
  dir: string
  kind: 'campaign' | 'preview'
  campaignId: string
  files: ManifestEntry[]
  summary: Record<string, unknown>
}

/**
 * Writes the bundle of `campaignId`, or of the newest campaign for `period` + `partnerId`, or (no
 * campaign) a preview of the population as a launch would freeze it now.
 */
export async function writeBundle(
  ctx: CertContext,
  input: { campaignId?: string; period?: string; partnerId?: string; format: BundleFormat },
  actor: Actor,
  outDir: string,
): Promise<BundleResult> {
  const i = checkInput(BundleInput, input, 'report')
  return inSpan('certification.bundle', { format: i.format, period: i.period ?? '' }, () =>
    bundle(ctx, i, actor, outDir),
  )
}

async function bundle(
  ctx: CertContext,
  i: Static<typeof BundleInput>,
  actor: Actor,
  outDir: string,
): Promise<BundleResult> {
  await mkdir(outDir, { recursive: true })
  if (i.campaignId) {
    return write(ctx.db, await getCampaign(ctx.db, i.campaignId), i.format, outDir, actor, ctx)
  }
  if (!i.period) {
    throw new InputInvalid('report', 'needs a campaign id or a period')
  }
  const period = parsePeriod(i.period, 'report.period')
  const existing = (await listCampaigns(ctx.db, { period: period.label, partnerId: i.partnerId }))
    .filter((c) => c.state !== 'created' && c.partnerId === (i.partnerId ?? null))
    .at(0)
  if (existing) {
    return write(ctx.db, existing, i.format, outDir, actor, ctx)
  }
  return preview(ctx, period, i.partnerId ?? null, i.format, outDir, actor)
}

class RollBack extends Error {}

async function preview(
  ctx: CertContext,
  period: ReturnType<typeof parsePeriod>,
  partnerId: string | null,
  format: BundleFormat,
  outDir: string,
  actor: Actor,
): Promise<BundleResult> {
  let result: BundleResult | undefined
  const id = `preview_${randomUUID()}`
  await ctx.db
    .transaction(async () => {
      await insertCampaign(ctx.db, {
        id,
        name: `Preview ${period.label} (${partnerId ?? 'all partners'})`,
        description: 'population as a launch would freeze it; not stored',
        period: period.label,
        periodStart: period.start,
        periodEndExclusive: period.endExclusive,
        partnerId,
        owner: actor,
        noResponseRule: ctx.settings.noResponse,
        createdAt: ctx.clock.now(),
        createdBy: actor,
        generatorVersion: GENERATOR,
      })
      await freeze(ctx, id, actor)
      result = await write(ctx.db, await getCampaign(ctx.db, id), format, outDir, actor, ctx, true)
      throw new RollBack()
    })
    .catch((err: unknown) => {
      if (!(err instanceof RollBack)) {
        throw err
      }
    })
  if (!result) {
    throw new Error('preview wrote nothing')
  }
  return result
}

async function write(
  db: Database,
  c: Campaign,
  format: BundleFormat,
  outDir: string,
  actor: Actor,
  ctx: CertContext,
  isPreview = false,
): Promise<BundleResult> {
  const names: string[] = []
  const rowCounts: Record<string, number> = {}
  const tables = isPreview
    ? BUNDLE_TABLES.filter((t) => t.name === 'items' || t.name === 'exclusions')
    : BUNDLE_TABLES
  for (const table of tables) {
    const name = `${table.name}.${format}`
    const writer = await openTableWriter(join(outDir, name), format, table.columns, table.name)
    let n = 0
    for await (const batch of readTable(db, table, c.id)) {
      for (const values of batch) {
        await writer.row(values)
      }
      n += batch.length
    }
    await writer.end()
    names.push(name)
    rowCounts[table.name] = n
  }
  const stats = await campaignStats(db, c.id)
  const remediation = await remediationCounts(db, c.id)
  const signOff = await readSignOff(db, c.id)
  const createdAt = ctx.clock.now().toISOString()
  const summary = {
    kind: isPreview ? 'preview' : 'campaign',
    note: isPreview
      ? 'No campaign exists for this period and scope: the population as a launch would freeze it now. Nothing was stored.'
      : undefined,
    generator: GENERATOR,
    generatedAt: createdAt,
    generatedBy: actor,
    format,
    campaign: {
      id: isPreview ? null : c.id,
      name: c.name,
      description: c.description,
      period: c.period,
      periodStart: c.periodStart.toISOString(),
      periodEndExclusive: c.periodEndExclusive.toISOString(),
      scope: c.partnerId === null ? { partners: 'all' } : { partner: c.partnerId },
      owner: c.owner,
      state: c.state,
      createdAt: c.createdAt.toISOString(),
      launchedAt: c.launchedAt?.toISOString() ?? null,
      dueAt: c.dueAt?.toISOString() ?? null,
      closedAt: c.closedAt?.toISOString() ?? null,
      noResponseRule: c.noResponseRule,
      reviewerRule:
        'the user’s sponsor (profile attribute), else the campaign owner; no self-review',
      lastActivity:
        'the later of Okta lastLogin and the newest successful user.session.start / user.authentication.sso in the System Log; last_activity_source says which',
    },
    source: {
      system: 'Okta directory snapshot (partnerwatch directory sync)',
      query: c.sourceQuery,
      filter: c.sourceFilter,
      countedAt: c.sourceCountedAt?.toISOString() ?? null,
      snapshotAt: c.snapshotAt?.toISOString() ?? null,
      snapshots: c.snapshot,
    },
    counts: {
      sourceCount: c.sourceCount,
      items: stats.items,
      exclusions: stats.exclusions,
      reconciled: c.sourceCount === stats.items + stats.exclusions,
      rows: rowCounts,
      decisions: {
        decided: stats.decided,
        undecided: stats.undecided,
        approved: stats.approved,
        revoked: stats.revoked,
        noResponse: stats.noResponse,
        effectRevoke: stats.effectRevoke,
        reassigned: stats.reassigned,
      },
      reviewers: stats.reviewers,
      remediation: Object.fromEntries(remediation.map((r) => [r.status, r.n])),
    },
    signOff: signOff ? { ...signOff, signedAt: signOff.signedAt.toISOString() } : null,
    retention: {
      days: ctx.settings.retentionDays,
      keepUntil: signOff
        ? new Date(
            signOff.signedAt.getTime() + ctx.settings.retentionDays * 86_400_000,
          ).toISOString()
        : null,
    },
  }
  await writeFile(join(outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`)
  names.push('summary.json')
  const files = await writeManifest(outDir, names, { generator: GENERATOR, createdAt })
  return { dir: outDir, kind: isPreview ? 'preview' : 'campaign', campaignId: c.id, files, summary }
}
