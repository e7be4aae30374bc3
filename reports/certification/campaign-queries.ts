// SQL for campaign rows: insert, read, list, state changes, and the directory snapshot's age.
import type { Database } from '../../lib/db.js'
import { NotFound } from '../../lib/errors.js'
import type { CampaignState } from './types.js'

export interface Campaign {
  id: string
  name: string
  description: string | null
  period: string
  periodStart: Date
  periodEndExclusive: Date
  partnerId: string | null
  owner: string
  state: CampaignState
  noResponseRule: string
  createdAt: Date
  createdBy: string
  launchedAt: Date | null
  launchedBy: string | null
  /** When reviews are due: launch + certification.reviewDays. */
  dueAt: Date | null
  closedAt: Date | null
  closedBy: string | null
  asOf: Date | null
  snapshotAt: Date | null
  snapshot: unknown
  sourceQuery: string | null
  sourceFilter: unknown
  sourceCountedAt: Date | null
  sourceCount: number | null
  itemCount: number | null
  exclusionCount: number | null
  generatorVersion: string
}

const COLUMNS = `id, name, description, period, period_start AS "periodStart",
  period_end_exclusive AS "periodEndExclusive", partner_id AS "partnerId", owner, state,
  no_response_rule AS "noResponseRule", created_at AS "createdAt", created_by AS "createdBy",
  launched_at AS "launchedAt", launched_by AS "launchedBy", due_at AS "dueAt", closed_at AS "closedAt",
  closed_by AS "closedBy", as_of AS "asOf", snapshot_at AS "snapshotAt", snapshot::VARCHAR AS snapshot,
  source_query AS "sourceQuery", source_filter::VARCHAR AS "sourceFilter",
  source_counted_at AS "sourceCountedAt", source_count::INTEGER AS "sourceCount",
  item_count::INTEGER AS "itemCount", exclusion_count::INTEGER AS "exclusionCount",
  generator_version AS "generatorVersion"`

function parse(row: Campaign): Campaign {
  const json = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as unknown) : v)
  return { ...row, snapshot: json(row.snapshot), sourceFilter: json(row.sourceFilter) }
}

export async function insertCampaign(
  db: Database,
  c: Pick<
    Campaign,
    'id' | 'name' | 'description' | 'period' | 'periodStart' | 'periodEndExclusive' | 'partnerId'
  > &
    Pick<Campaign, 'owner' | 'noResponseRule' | 'createdAt' | 'createdBy' | 'generatorVersion'>,
): Promise<void> {
  await db.run(
    `INSERT INTO cert_campaigns (id, name, description, period, period_start, period_end_exclusive,
       partner_id, owner, state, no_response_rule, created_at, created_by, generator_version)
     VALUES ($id, $name, $description, $period, $periodStart::TIMESTAMPTZ, $periodEnd::TIMESTAMPTZ,
       $partnerId, $owner, 'created', $rule, $createdAt::TIMESTAMPTZ, $createdBy, $generator)`,
    {
      id: c.id,
      name: c.name,
      description: c.description,
      period: c.period,
      periodStart: c.periodStart.toISOString(),
      periodEnd: c.periodEndExclusive.toISOString(),
      partnerId: c.partnerId,
      owner: c.owner,
      rule: c.noResponseRule,
      createdAt: c.createdAt.toISOString(),
      createdBy: c.createdBy,
      generator: c.generatorVersion,
    },
  )
}

export async function getCampaign(db: Database, id: string): Promise<Campaign> {
  const row = await db.one<Campaign>(`SELECT ${COLUMNS} FROM cert_campaigns WHERE id = $id`, { id })
  if (!row) {
    throw new NotFound(`campaign ${id}`)
  }
  return parse(row)
}

export async function listCampaigns(
  db: Database,
  filter: { period?: string | undefined; partnerId?: string | undefined },
): Promise<Campaign[]> {
  const rows = await db.all<Campaign>(
    `SELECT ${COLUMNS} FROM cert_campaigns
     WHERE ($period::VARCHAR IS NULL OR period = $period::VARCHAR)
       AND ($partner::VARCHAR IS NULL OR partner_id IS NOT DISTINCT FROM $partner::VARCHAR)
     ORDER BY created_at DESC, id`,
    { period: filter.period ?? null, partner: filter.partnerId ?? null },
  )
  return rows.map(parse)
}

export interface LaunchRecord {
  id: string
  launchedAt: Date
  launchedBy: string
  dueAt: Date
  asOf: Date
  snapshotAt: Date
  snapshot: unknown
  sourceQuery: string
  sourceFilter: unknown
  sourceCountedAt: Date
  sourceCount: number
  itemCount: number
  exclusionCount: number
}

export async function recordLaunch(db: Database, r: LaunchRecord): Promise<void> {
  await db.run(
    `UPDATE cert_campaigns SET state = 'active', launched_at = $at::TIMESTAMPTZ, launched_by = $by,
       due_at = $dueAt::TIMESTAMPTZ, as_of = $asOf::TIMESTAMPTZ, snapshot_at = $snapshotAt::TIMESTAMPTZ, snapshot = $snapshot::JSON,
       source_query = $query, source_filter = $filter::JSON, source_counted_at = $countedAt::TIMESTAMPTZ,
       source_count = $sourceCount, item_count = $items, exclusion_count = $exclusions
     WHERE id = $id`,
    {
      id: r.id,
      at: r.launchedAt.toISOString(),
      by: r.launchedBy,
      dueAt: r.dueAt.toISOString(),
      asOf: r.asOf.toISOString(),
      snapshotAt: r.snapshotAt.toISOString(),
      snapshot: JSON.stringify(r.snapshot),
      query: r.sourceQuery,
      filter: JSON.stringify(r.sourceFilter),
      countedAt: r.sourceCountedAt.toISOString(),
      sourceCount: r.sourceCount,
      items: r.itemCount,
      exclusions: r.exclusionCount,
    },
  )
}

export async function setState(
  db: Database,
  id: string,
  state: CampaignState,
  extra: { closedAt?: Date; closedBy?: string } = {},
): Promise<void> {
  await db.run(
    `UPDATE cert_campaigns SET state = $state,
       closed_at = coalesce($closedAt::TIMESTAMPTZ, closed_at), closed_by = coalesce($closedBy, closed_by)
     WHERE id = $id`,
    {
      id,
      state,
      closedAt: extra.closedAt?.toISOString() ?? null,
      closedBy: extra.closedBy ?? null,
    },
  )
}

export interface OrgSnapshot {
  org: string
  syncId: number
  syncedAt: Date
  /** Users that look external but match no partner: outside every campaign's population. */
  unattributedExternalUsers: number | null
}

/** The newest successful directory sync of each org: what the snapshot tables hold. */
export async function latestSnapshots(db: Database): Promise<OrgSnapshot[]> {
  return db.all<OrgSnapshot>(
    `SELECT org, arg_max(id, started_at)::INTEGER AS "syncId", max(started_at) AS "syncedAt",
       arg_max(unattributed_external_users, started_at)::INTEGER AS "unattributedExternalUsers"
     FROM directory_syncs WHERE status = 'succeeded' GROUP BY org ORDER BY org`,
  )
}

/** Items and exclusions as stored now (the reconciliation's right side). */
export async function storedCounts(
  db: Database,
  id: string,
): Promise<{ items: number; exclusions: number }> {
  const row = await db.one<{ items: number; exclusions: number }>(
    `SELECT (SELECT count(*) FROM cert_items WHERE campaign_id = $id)::INTEGER AS items,
       (SELECT count(*) FROM cert_exclusions WHERE campaign_id = $id)::INTEGER AS exclusions`,
    { id },
  )
  return row ?? { items: 0, exclusions: 0 }
}

/** Signed-off campaigns whose sign-off is older than `before`, oldest first. */
export async function expiredCampaigns(db: Database, before: Date): Promise<string[]> {
  const rows = await db.all<{ id: string }>(
    `SELECT campaign_id AS id FROM cert_signoffs WHERE signed_at < $before::TIMESTAMPTZ ORDER BY signed_at`,
    { before: before.toISOString() },
  )
  return rows.map((r) => r.id)
}

/** Deletes a campaign and everything recorded under it. */
export async function deleteCampaign(db: Database, id: string): Promise<void> {
  for (const table of [
    'remediation_actions',
    'cert_signoffs',
    'cert_reassignments',
    'cert_decisions',
    'cert_exclusions',
    'cert_items',
  ]) {
    await db.run(`DELETE FROM ${table} WHERE campaign_id = $id`, { id })
  }
  await db.run('DELETE FROM cert_campaigns WHERE id = $id', { id })
}
