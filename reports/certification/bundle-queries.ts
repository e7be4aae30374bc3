// The tables of an evidence bundle, each streamed from DuckDB chunk by chunk (never all at once):
// the frozen items, the decisions, the reassignment trail, the exclusions and the remediation.
import type { Database } from '../../lib/db.js'
import { StoreError, errorLine } from '../../lib/errors.js'

export interface BundleTable {
  name: 'items' | 'decisions' | 'reassignments' | 'exclusions' | 'remediation' | 'verification'
  columns: readonly string[]
  /** Selects the columns plus `_k`, a rising key, for campaign `$c`. */
  sql: string
}

const ITEM_COLUMNS = [
  'seq',
  'org',
  'user_id',
  'login',
  'email',
  'display_name',
  'user_status',
  'partner_id',
  'partner_rule',
  'sponsor',
  'contract_end',
  'contract_end_source',
  'credential_provider',
  'idp_id',
  'idp_name',
  'user_created',
  'last_login',
  'last_sign_in_event',
  'last_activity',
  'last_activity_source',
  'days_inactive',
  'mfa_used_in_period',
  'findings_in_period',
  'open_high_findings',
  'entitlement_type',
  'entitlement_id',
  'entitlement_name',
  'assignment',
  'via_group_id',
  'via_group_name',
  'recommendation',
  'reasons',
  'reviewer',
  'original_reviewer',
] as const

export const BUNDLE_TABLES: readonly BundleTable[] = [
  {
    name: 'items',
    columns: ITEM_COLUMNS,
    sql: `SELECT ${ITEM_COLUMNS.map((c) => (c === 'contract_end' ? `strftime(contract_end, '%Y-%m-%d') AS contract_end` : c)).join(', ')},
      seq AS _k FROM cert_items WHERE campaign_id = $c`,
  },
  {
    name: 'decisions',
    columns: [
      'item_seq',
      'user_id',
      'login',
      'entitlement_type',
      'entitlement_id',
      'entitlement_name',
      'original_reviewer',
      'reviewer',
      'decision',
      'effect',
      'justification',
      'decided_by',
      'decided_at',
    ],
    sql: `SELECT d.item_seq, i.user_id, i.login, i.entitlement_type, i.entitlement_id, i.entitlement_name,
        i.original_reviewer, i.reviewer, d.decision, d.effect, d.justification, d.decided_by, d.decided_at,
        d.item_seq AS _k
      FROM cert_decisions d JOIN cert_items i ON i.campaign_id = d.campaign_id AND i.seq = d.item_seq
      WHERE d.campaign_id = $c`,
  },
  {
    name: 'reassignments',
    columns: ['item_seq', 'from_reviewer', 'to_reviewer', 'reason', 'by_actor', 'reassigned_at'],
    sql: `SELECT item_seq, from_reviewer, to_reviewer, reason, by_actor, reassigned_at,
        row_number() OVER (ORDER BY reassigned_at, item_seq, to_reviewer) AS _k
      FROM cert_reassignments WHERE campaign_id = $c`,
  },
  {
    name: 'exclusions',
    columns: [
      'seq',
      'org',
      'user_id',
      'login',
      'partner_id',
      'entitlement_type',
      'entitlement_id',
      'entitlement_name',
      'reason',
    ],
    sql: `SELECT seq, org, user_id, login, partner_id, entitlement_type, entitlement_id, entitlement_name,
        reason, seq AS _k FROM cert_exclusions WHERE campaign_id = $c`,
  },
  {
    name: 'remediation',
    columns: [
      'id',
      'trigger_type',
      'item_seq',
      'action',
      'org',
      'user_id',
      'login',
      'partner_id',
      'target_id',
      'target_name',
      'note',
      'status',
      'planned_at',
      'planned_by',
      'applied_at',
      'applied_by',
      'okta_status',
      'okta_request_id',
      'okta_error_code',
      'okta_error',
      'evidence_event_uuid',
      'evidence_event_type',
      'evidence_published',
    ],
    sql: `SELECT id, trigger_type, item_seq, action, org, user_id, login, partner_id, target_id, target_name,
        note, status, planned_at, planned_by, applied_at, applied_by, okta_status, okta_request_id,
        okta_error_code, okta_error, evidence_event_uuid, evidence_event_type, evidence_published, id AS _k
      FROM remediation_actions WHERE campaign_id = $c`,
  },
  {
    // Access after remediation: each revoked item checked against the directory snapshot as it is
    // now (launch → now, the Okta auditor package's before/after); sync the directory first.
    name: 'verification',
    columns: [
      'item_seq',
      'org',
      'user_id',
      'login',
      'entitlement_type',
      'entitlement_id',
      'entitlement_name',
      'effect',
      'remediation_status',
      'still_present',
      'snapshot_at',
    ],
    sql: `SELECT i.seq AS item_seq, i.org, i.user_id, i.login, i.entitlement_type, i.entitlement_id,
        i.entitlement_name, d.effect,
        (SELECT string_agg(r.status, '; ' ORDER BY r.id) FROM remediation_actions r
         WHERE r.campaign_id = i.campaign_id AND r.item_seq = i.seq) AS remediation_status,
        CASE i.entitlement_type
          WHEN 'account' THEN EXISTS (SELECT 1 FROM dir_users u WHERE u.org = i.org AND u.id = i.user_id
            AND u.status <> 'DEPROVISIONED')
          WHEN 'app' THEN EXISTS (SELECT 1 FROM dir_app_users a WHERE a.org = i.org
            AND a.user_id = i.user_id AND a.app_id = i.entitlement_id)
          WHEN 'group' THEN EXISTS (SELECT 1 FROM dir_group_members m WHERE m.org = i.org
            AND m.user_id = i.user_id AND m.group_id = i.entitlement_id)
          ELSE EXISTS (SELECT 1 FROM dir_admin_roles r WHERE r.org = i.org AND r.user_id = i.user_id
            AND r.role_id = i.entitlement_id) END AS still_present,
        (SELECT max(s.started_at) FROM directory_syncs s WHERE s.org = i.org AND s.status = 'succeeded')
          AS snapshot_at,
        i.seq AS _k
      FROM cert_items i JOIN cert_decisions d ON d.campaign_id = i.campaign_id AND d.item_seq = i.seq
      WHERE i.campaign_id = $c AND d.effect = 'revoke'`,
  },
]

/**
 * Yields the table's rows as value arrays in column order, one DuckDB chunk (about 2048 rows) at a
 * time, from one streaming query: a consistent view of the campaign, never held whole.
 */
export async function* readTable(
  db: Database,
  table: BundleTable,
  campaignId: string,
): AsyncGenerator<unknown[][]> {
  const width = table.columns.length
  let result
  try {
    result = await db.connection.stream(`SELECT * FROM (${table.sql}) ORDER BY _k`, {
      c: campaignId,
    })
  } catch (err) {
    throw new StoreError(`reading ${table.name} failed: ${errorLine(err)}`, { cause: err })
  }
  for await (const rows of result.yieldRowsJs()) {
    yield rows.map((r) => r.slice(0, width))
  }
}

export async function remediationCounts(
  db: Database,
  campaignId: string,
): Promise<{ status: string; n: number }[]> {
  return db.all<{ status: string; n: number }>(
    `SELECT status, count(*)::INTEGER AS n FROM remediation_actions WHERE campaign_id = $c
     GROUP BY 1 ORDER BY 1`,
    { c: campaignId },
  )
}

export async function readSignOff(
  db: Database,
  campaignId: string,
): Promise<{ signedBy: string; signedAt: Date; statement: string | null } | undefined> {
  return db.one<{ signedBy: string; signedAt: Date; statement: string | null }>(
    `SELECT signed_by AS "signedBy", signed_at AS "signedAt", statement FROM cert_signoffs
     WHERE campaign_id = $c`,
    { c: campaignId },
  )
}
