// SQL for reading review items with their decisions, a page at a time by seq.
import type { Database } from '../../lib/db.js'

export interface ReviewItem {
  seq: number
  org: string
  userId: string
  login: string | null
  displayName: string | null
  userStatus: string
  partnerId: string
  sponsor: string | null
  contractEnd: Date | null
  lastActivity: Date | null
  lastActivitySource: string
  daysInactive: number | null
  mfaUsedInPeriod: boolean
  findingsInPeriod: number
  openHighFindings: number
  entitlementType: string
  entitlementId: string
  entitlementName: string | null
  assignment: string | null
  viaGroupId: string | null
  recommendation: string
  reasons: string[]
  reviewer: string
  decision: string | null
  effect: string | null
  justification: string | null
  decidedBy: string | null
  decidedAt: Date | null
}

export interface ItemFilter {
  campaignId: string
  afterSeq: number
  reviewer: string | null
  undecidedOnly: boolean
  limit: number
}

export async function pageItems(db: Database, f: ItemFilter): Promise<ReviewItem[]> {
  return db.all<ReviewItem>(
    `SELECT i.seq, i.org, i.user_id AS "userId", i.login, i.display_name AS "displayName",
       i.user_status AS "userStatus", i.partner_id AS "partnerId", i.sponsor, i.contract_end AS "contractEnd",
       i.last_activity AS "lastActivity", i.last_activity_source AS "lastActivitySource",
       i.days_inactive AS "daysInactive", i.mfa_used_in_period AS "mfaUsedInPeriod",
       i.findings_in_period AS "findingsInPeriod", i.open_high_findings AS "openHighFindings",
       i.entitlement_type AS "entitlementType", i.entitlement_id AS "entitlementId",
       i.entitlement_name AS "entitlementName", i.assignment, i.via_group_id AS "viaGroupId",
       i.recommendation, i.reasons, i.reviewer, d.decision, d.effect, d.justification,
       d.decided_by AS "decidedBy", d.decided_at AS "decidedAt"
     FROM cert_items i
     LEFT JOIN cert_decisions d ON d.campaign_id = i.campaign_id AND d.item_seq = i.seq
     WHERE i.campaign_id = $c AND i.seq > $after
       AND ($reviewer::VARCHAR IS NULL OR lower(i.reviewer) = lower($reviewer::VARCHAR))
       AND (NOT $undecided OR d.decision IS NULL)
     ORDER BY i.seq LIMIT $limit`,
    {
      c: f.campaignId,
      after: f.afterSeq,
      reviewer: f.reviewer,
      undecided: f.undecidedOnly,
      limit: f.limit,
    },
  )
}
