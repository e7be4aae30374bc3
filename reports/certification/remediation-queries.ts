// SQL for remediation actions: planning them from a campaign's revokes or from ended contracts,
// reading the plan, recording Okta's answer, and linking the System Log event that proves each.
import type { Database } from '../../lib/db.js'

export type RemediationAction =
  'deactivate_user' | 'remove_app_assignment' | 'remove_group_membership' | 'manual'

export interface PlannedAction {
  id: number
  triggerType: string
  campaignId: string | null
  itemSeq: number | null
  action: RemediationAction
  org: string
  userId: string
  login: string | null
  partnerId: string | null
  targetId: string | null
  targetName: string | null
  note: string | null
  status: string
  oktaStatus: number | null
  oktaRequestId: string | null
  oktaErrorCode: string | null
  oktaError: string | null
  evidenceEventUuid: string | null
}

export const ACTION_COLUMNS = `id::INTEGER AS id, trigger_type AS "triggerType", campaign_id AS "campaignId",
  item_seq AS "itemSeq", action, org, user_id AS "userId", login, partner_id AS "partnerId",
  target_id AS "targetId", target_name AS "targetName", note, status, okta_status AS "oktaStatus",
  okta_request_id AS "oktaRequestId", okta_error_code AS "oktaErrorCode", okta_error AS "oktaError",
  evidence_event_uuid AS "evidenceEventUuid"`

/**
 * One action per revoked item not planned before. Account → deactivate the user; a direct app
 * assignment → remove it; an app held through a group → remove that group membership (Okta refuses
 * to unassign a group-held app per user); a group → remove the membership; an admin role → manual.
 */
export async function planFromCampaign(
  db: Database,
  campaignId: string,
  by: string,
  at: Date,
): Promise<number> {
  return db.changes(
    `INSERT INTO remediation_actions (id, trigger_type, campaign_id, item_seq, action, org, user_id, login,
       partner_id, target_id, target_name, note, status, planned_at, planned_by)
     SELECT nextval('remediation_seq'), 'certification', i.campaign_id, i.seq, a.action, i.org, i.user_id,
       i.login, i.partner_id, a.target_id, a.target_name, a.note,
       CASE WHEN a.action = 'manual' THEN 'manual' ELSE 'planned' END, $at::TIMESTAMPTZ, $by
     FROM cert_items i
     JOIN cert_decisions d ON d.campaign_id = i.campaign_id AND d.item_seq = i.seq AND d.effect = 'revoke'
     CROSS JOIN LATERAL (SELECT
       CASE i.entitlement_type WHEN 'account' THEN 'deactivate_user'
         WHEN 'app' THEN CASE WHEN i.via_group_id IS NOT NULL THEN 'remove_group_membership' ELSE 'remove_app_assignment' END
         WHEN 'group' THEN 'remove_group_membership' ELSE 'manual' END AS action,
       CASE WHEN i.entitlement_type = 'app' AND i.via_group_id IS NOT NULL THEN i.via_group_id
         WHEN i.entitlement_type = 'account' THEN i.user_id ELSE i.entitlement_id END AS target_id,
       CASE WHEN i.entitlement_type = 'app' AND i.via_group_id IS NOT NULL THEN i.via_group_name
         ELSE i.entitlement_name END AS target_name,
       CASE WHEN i.entitlement_type = 'app' AND i.via_group_id IS NOT NULL
           THEN 'app ' || coalesce(i.entitlement_name, i.entitlement_id) || ' is held through group '
             || coalesce(i.via_group_name, i.via_group_id) || '; the membership goes, with all the group grants'
         WHEN i.entitlement_type = 'admin_role'
           THEN 'admin role ' || coalesce(i.entitlement_name, i.entitlement_id) || ': remove it in the Admin Console'
         END AS note) a
     WHERE i.campaign_id = $c
       AND NOT EXISTS (SELECT 1 FROM remediation_actions r WHERE r.campaign_id = i.campaign_id AND r.item_seq = i.seq)`,
    { c: campaignId, by, at: at.toISOString() },
  )
}

/**
 * Offboarding: deactivate every partner user (not yet DEPROVISIONED) whose contract ended before
 * `today`: their own contract end, else their partner's. Users with an open deactivation are skipped.
 */
export async function planOffboarding(
  db: Database,
  input: {
    partner: string | null
    today: string
    partners: { id: string; contractEnd: string | null }[]
    by: string
    at: Date
  },
): Promise<number> {
  return db.changes(
    `INSERT INTO remediation_actions (id, trigger_type, action, org, user_id, login, partner_id, target_id,
       target_name, note, status, planned_at, planned_by)
     WITH pc AS (
       SELECT unnest(from_json($partners::JSON, '[{"id":"VARCHAR","contractEnd":"DATE"}]'), recursive := true)
     ),
     ended AS (
       SELECT u.org, u.id, u.login, u.partner_id, coalesce(u.contract_end, pc.contractEnd) AS contract_end,
         CASE WHEN u.contract_end IS NOT NULL THEN 'user contract end' ELSE 'partner contract end' END AS source
       FROM dir_users u LEFT JOIN pc ON pc.id = u.partner_id
       WHERE u.partner_id IS NOT NULL AND u.status <> 'DEPROVISIONED'
         AND ($partner::VARCHAR IS NULL OR u.partner_id = $partner::VARCHAR)
     )
     SELECT nextval('remediation_seq'), 'offboarding', 'deactivate_user', e.org, e.id, e.login, e.partner_id,
       e.id, e.login, e.source || ' ' || strftime(e.contract_end, '%Y-%m-%d') || ' has passed',
       'planned', $at::TIMESTAMPTZ, $by
     FROM ended e
     WHERE e.contract_end < $today::DATE
       AND NOT EXISTS (SELECT 1 FROM remediation_actions r WHERE r.org = e.org AND r.user_id = e.id
         AND r.action = 'deactivate_user' AND r.status IN ('planned', 'applied'))
     ORDER BY e.partner_id, e.login`,
    {
      partner: input.partner,
      today: input.today,
      partners: JSON.stringify(input.partners),
      by: input.by,
      at: input.at.toISOString(),
    },
  )
}

export async function pendingActions(
  db: Database,
  filter: { campaignId: string | null; trigger: string | null },
): Promise<PlannedAction[]> {
  return db.all<PlannedAction>(
    `SELECT ${ACTION_COLUMNS} FROM remediation_actions
     WHERE status = 'planned'
       AND ($c::VARCHAR IS NULL OR campaign_id = $c::VARCHAR)
       AND ($t::VARCHAR IS NULL OR trigger_type = $t::VARCHAR)
     ORDER BY action = 'deactivate_user', id`,
    { c: filter.campaignId, t: filter.trigger },
  )
}

export interface OktaAnswer {
  status: 'applied' | 'failed'
  oktaStatus: number | null
  requestId: string | null
  errorCode: string | null
  error: string | null
}

export async function recordAnswer(
  db: Database,
  id: number,
  answer: OktaAnswer,
  by: string,
  at: Date,
): Promise<void> {
  await db.run(
    `UPDATE remediation_actions SET status = $status, applied_at = $at::TIMESTAMPTZ, applied_by = $by,
       okta_status = $oktaStatus, okta_request_id = $requestId, okta_error_code = $errorCode, okta_error = $error
     WHERE id = $id`,
    {
      id,
      status: answer.status,
      at: at.toISOString(),
      by,
      oktaStatus: answer.oktaStatus,
      requestId: answer.requestId,
      errorCode: answer.errorCode,
      error: answer.error,
    },
  )
}

/**
 * Links each applied action to the System Log event it caused: the event of the expected type with
 * Okta's request id (debugContext.debugData.requestId); without a request id, the first event of
 * that type about that user within an hour after the call. Returns how many were linked.
 */
export async function linkEvidence(db: Database): Promise<number> {
  return db.changes(
    `UPDATE remediation_actions r SET evidence_event_uuid = m.uuid, evidence_event_type = m.event_type,
       evidence_published = m.published
     FROM (
       SELECT r.id, e.uuid, e.event_type, e.published
       FROM remediation_actions r
       JOIN events e ON e.org = r.org AND e.target_user_id = r.user_id
         AND e.event_type = CASE r.action WHEN 'deactivate_user' THEN 'user.lifecycle.deactivate'
           WHEN 'remove_app_assignment' THEN 'application.user_membership.remove'
           ELSE 'group.user_membership.remove' END
         AND (e.request_id = r.okta_request_id OR (r.okta_request_id IS NULL
           AND e.published >= r.applied_at - INTERVAL 1 MINUTE AND e.published < r.applied_at + INTERVAL 1 HOUR))
       WHERE r.status = 'applied' AND r.evidence_event_uuid IS NULL
       QUALIFY row_number() OVER (PARTITION BY r.id ORDER BY e.published, e.ingest_seq) = 1
     ) m
     WHERE r.id = m.id`,
  )
}
