// The population of a campaign, frozen in SQL at launch: the source query (every partner user ×
// entitlement in the directory snapshot), split into items and exclusions, each item enriched with
// activity, MFA, findings and a recommendation. Everything runs inside DuckDB.
import type { Database } from '../../lib/db.js'

/**
 * The source: one row per partner user × entitlement in the directory snapshot. The text is stored
 * with each campaign as its source query, beside the parameter values (`source_filter`).
 * Entitlements: the account itself, each app assignment (direct, or via the group named), each
 * group membership, each admin role.
 */
export const SOURCE_QUERY = `
pu AS (
  SELECT * FROM dir_users
  WHERE partner_id IS NOT NULL AND ($partner::VARCHAR IS NULL OR partner_id = $partner::VARCHAR)
),
src AS (
  SELECT org, id AS user_id, 'account' AS entitlement_type, id AS entitlement_id,
    coalesce(login, id) AS entitlement_name, NULL::VARCHAR AS assignment,
    NULL::VARCHAR AS via_group_id, NULL::VARCHAR AS group_type
  FROM pu
  UNION ALL
  SELECT au.org, au.user_id, 'app', au.app_id, coalesce(a.label, a.name),
    CASE au.scope WHEN 'GROUP' THEN 'group' ELSE 'direct' END, au.group_id, NULL
  FROM dir_app_users au
  JOIN pu ON pu.org = au.org AND pu.id = au.user_id
  LEFT JOIN dir_apps a ON a.org = au.org AND a.id = au.app_id
  UNION ALL
  SELECT gm.org, gm.user_id, 'group', gm.group_id, g.name, 'direct', NULL, g.type
  FROM dir_group_members gm
  JOIN pu ON pu.org = gm.org AND pu.id = gm.user_id
  LEFT JOIN dir_groups g ON g.org = gm.org AND g.id = gm.group_id
  UNION ALL
  SELECT r.org, r.user_id, 'admin_role', r.role_id, coalesce(r.label, r.role_type),
    coalesce(lower(r.assignment_type), 'direct'), NULL, NULL
  FROM dir_admin_roles r
  JOIN pu ON pu.org = r.org AND pu.id = r.user_id
)`

/** Why a source row is not reviewed (NULL: it is an item). */
const EXCLUSION_REASON = `CASE
  WHEN s.entitlement_type = 'account' AND u.status = 'DEPROVISIONED'
    THEN 'account already deactivated (DEPROVISIONED); its remaining entitlements are reviewed'
  WHEN s.entitlement_type = 'group' AND list_contains(from_json($excludeGroupTypes::JSON, '["VARCHAR"]'), s.group_type)
    THEN 'membership of a ' || s.group_type || ' group, which no one can be removed from'
  END`

export interface SourceFilter {
  partner: string | null
  excludeGroupTypes: string[]
}

export function sourceParams(f: SourceFilter) {
  return { partner: f.partner, excludeGroupTypes: JSON.stringify(f.excludeGroupTypes) }
}

/** The number of source rows right now (the reconciliation's left side). */
export async function countSource(db: Database, f: SourceFilter): Promise<number> {
  const row = await db.one<{ n: number }>(
    `WITH ${SOURCE_QUERY} SELECT count(*)::INTEGER AS n FROM src`,
    { partner: f.partner },
  )
  return row?.n ?? 0
}

export interface FreezeInput extends SourceFilter {
  campaignId: string
  owner: string
  asOf: Date
  periodStart: Date
  periodEndExclusive: Date
  sponsorAttribute: string
  /** Each configured partner's contract end and dormancy threshold. */
  partners: { id: string; contractEnd: string | null; dormantAfterDays: number }[]
}

/** Inserts the items and exclusions of a campaign; returns how many of each. */
export async function freezePopulation(
  db: Database,
  input: FreezeInput,
): Promise<{ items: number; exclusions: number }> {
  await db.run(
    `CREATE OR REPLACE TEMP TABLE cert_source AS
     WITH ${SOURCE_QUERY}
     SELECT s.*, u.login, u.partner_id, ${EXCLUSION_REASON} AS exclusion_reason,
       row_number() OVER (ORDER BY u.partner_id, lower(u.login), s.user_id, s.entitlement_type,
         s.entitlement_id, s.org)::INTEGER AS rn
     FROM src s JOIN pu u ON u.org = s.org AND u.id = s.user_id`,
    sourceParams(input),
  )
  const exclusions = await db.changes(
    `INSERT INTO cert_exclusions
     SELECT $campaignId, row_number() OVER (ORDER BY rn)::INTEGER, org, user_id, login, partner_id,
       entitlement_type, entitlement_id, entitlement_name, exclusion_reason
     FROM cert_source WHERE exclusion_reason IS NOT NULL`,
    { campaignId: input.campaignId },
  )
  const items = await db.changes(
    `INSERT INTO cert_items
     WITH users AS (SELECT DISTINCT org, user_id FROM cert_source WHERE exclusion_reason IS NULL),
     pc AS (
       SELECT unnest(from_json($partners::JSON,
         '[{"id":"VARCHAR","contractEnd":"DATE","dormantAfterDays":"INTEGER"}]'), recursive := true)
     ),
     activity AS (
       SELECT e.org, e.actor_id AS user_id,
         max(e.published) FILTER (WHERE e.event_type IN ('user.session.start', 'user.authentication.sso'))
           AS last_sign_in,
         count(*) FILTER (WHERE e.event_type IN ('user.authentication.auth_via_mfa', 'user.authentication.verify')
           AND e.published >= $periodStart::TIMESTAMPTZ AND e.published < $periodEnd::TIMESTAMPTZ) AS mfa
       FROM events e SEMI JOIN users ON users.org = e.org AND users.user_id = e.actor_id
       WHERE e.outcome_result = 'SUCCESS' AND e.published < $asOf::TIMESTAMPTZ
       GROUP BY 1, 2
     ),
     found AS (
       SELECT f.org, f.user_id,
         count(*) FILTER (WHERE f.occurred_at >= $periodStart::TIMESTAMPTZ AND f.occurred_at < $periodEnd::TIMESTAMPTZ)::INTEGER AS in_period,
         count(*) FILTER (WHERE f.status = 'open' AND f.severity IN ('high', 'critical'))::INTEGER AS open_high
       FROM findings f SEMI JOIN users ON users.org = f.org AND users.user_id = f.user_id
       GROUP BY 1, 2
     ),
     rows AS (
       SELECT s.rn, s.org, s.user_id, u.login, u.email,
         nullif(trim(concat_ws(' ', u.first_name, u.last_name)), '') AS display_name,
         u.status AS user_status, u.partner_id, u.partner_rule,
         nullif(trim(json_extract_string(u.profile, $sponsorPath)), '') AS sponsor,
         coalesce(u.contract_end, pc.contractEnd) AS contract_end,
         CASE WHEN u.contract_end IS NOT NULL THEN 'user profile'
           WHEN pc.contractEnd IS NOT NULL THEN 'partner config' END AS contract_end_source,
         u.provider_type AS credential_provider, u.idp_id, i.name AS idp_name, u.created AS user_created,
         u.last_login, a.last_sign_in,
         greatest(u.last_login, a.last_sign_in) AS last_activity,
         CASE WHEN u.last_login IS NULL AND a.last_sign_in IS NULL THEN 'none'
           WHEN a.last_sign_in IS NULL OR u.last_login > a.last_sign_in THEN 'okta lastLogin'
           ELSE 'system log sign-in' END AS last_activity_source,
         coalesce(a.mfa, 0) > 0 AS mfa_used,
         coalesce(f.in_period, 0) AS findings_in_period, coalesce(f.open_high, 0) AS open_high,
         coalesce(pc.dormantAfterDays, 90) AS dormant_after_days,
         s.entitlement_type, s.entitlement_id, s.entitlement_name, s.assignment, s.via_group_id,
         vg.name AS via_group_name
       FROM cert_source s
       JOIN dir_users u ON u.org = s.org AND u.id = s.user_id
       LEFT JOIN pc ON pc.id = u.partner_id
       LEFT JOIN dir_idps i ON i.org = u.org AND i.id = u.idp_id
       LEFT JOIN activity a ON a.org = s.org AND a.user_id = s.user_id
       LEFT JOIN found f ON f.org = s.org AND f.user_id = s.user_id
       LEFT JOIN dir_groups vg ON vg.org = s.org AND vg.id = s.via_group_id
       WHERE s.exclusion_reason IS NULL
     ),
     judged AS (
       SELECT *,
         date_diff('day', coalesce(last_activity, user_created, $asOf::TIMESTAMPTZ), $asOf::TIMESTAMPTZ)::INTEGER AS days_inactive,
         list_filter([
           CASE WHEN contract_end < $asOf::TIMESTAMPTZ::DATE THEN 'contract-expired' END,
           CASE WHEN user_status = 'DEPROVISIONED' THEN 'deactivated-but-assigned' END,
           CASE WHEN date_diff('day', coalesce(last_activity, user_created, $asOf::TIMESTAMPTZ), $asOf::TIMESTAMPTZ) >= dormant_after_days
             THEN 'dormant' END,
           CASE WHEN open_high > 0 THEN 'open-high-findings' END
         ], x -> x IS NOT NULL) AS reasons
       FROM rows
     )
     SELECT $campaignId, row_number() OVER (ORDER BY rn)::INTEGER, org, user_id, login, email,
       display_name, user_status, partner_id, partner_rule, sponsor, contract_end, contract_end_source,
       credential_provider, idp_id, idp_name, user_created, last_login, last_sign_in, last_activity,
       last_activity_source, days_inactive, mfa_used, findings_in_period, open_high,
       entitlement_type, entitlement_id, entitlement_name, assignment, via_group_id, via_group_name,
       CASE WHEN list_contains(reasons, 'contract-expired') OR list_contains(reasons, 'deactivated-but-assigned')
         THEN 'revoke' WHEN len(reasons) > 0 THEN 'review' ELSE 'keep' END,
       reasons, coalesce(sponsor, $owner), coalesce(sponsor, $owner)
     FROM judged`,
    {
      campaignId: input.campaignId,
      partners: JSON.stringify(input.partners),
      periodStart: input.periodStart.toISOString(),
      periodEnd: input.periodEndExclusive.toISOString(),
      asOf: input.asOf.toISOString(),
      sponsorPath: `$."${input.sponsorAttribute.replaceAll('"', '')}"`,
      owner: input.owner,
    },
  )
  await db.run('DROP TABLE IF EXISTS cert_source')
  return { items, exclusions }
}
