// The partner-lifecycle reports beside campaigns, each one SQL query over the directory snapshot,
// the System Log and the remediation record: contracts ending soon (T-30, T-7), contracts expired
// with the account still active, dormant accounts with their access, users missing a contract end or
// a sponsor, and deactivations done.

export type LifecycleReport =
  'contracts-ending' | 'contracts-expired' | 'dormant' | 'missing-data' | 'deactivations'

export const LIFECYCLE_REPORTS: readonly LifecycleReport[] = [
  'contracts-ending',
  'contracts-expired',
  'dormant',
  'missing-data',
  'deactivations',
]

/** Partner users with their effective contract end, sponsor and last activity (both sources). */
const PARTNER_USERS = `
pc AS (
  SELECT unnest(from_json($partners::JSON,
    '[{"id":"VARCHAR","contractEnd":"DATE","dormantAfterDays":"INTEGER"}]'), recursive := true)
),
signins AS (
  SELECT e.org, e.actor_id AS user_id, max(e.published) AS last_sign_in
  FROM events e SEMI JOIN dir_users u ON u.org = e.org AND u.id = e.actor_id AND u.partner_id IS NOT NULL
  WHERE e.event_type IN ('user.session.start', 'user.authentication.sso') AND e.outcome_result = 'SUCCESS'
  GROUP BY 1, 2
),
pu AS (
  SELECT u.org, u.id AS user_id, u.login, nullif(trim(concat_ws(' ', u.first_name, u.last_name)), '') AS display_name,
    u.status, u.partner_id, nullif(trim(json_extract_string(u.profile, $sponsorPath)), '') AS sponsor,
    coalesce(u.contract_end, pc.contractEnd) AS contract_end,
    CASE WHEN u.contract_end IS NOT NULL THEN 'user profile' WHEN pc.contractEnd IS NOT NULL THEN 'partner config' END
      AS contract_end_source,
    u.created, u.last_login, s.last_sign_in, greatest(u.last_login, s.last_sign_in) AS last_activity,
    CASE WHEN u.last_login IS NULL AND s.last_sign_in IS NULL THEN 'none'
      WHEN s.last_sign_in IS NULL OR u.last_login > s.last_sign_in THEN 'okta lastLogin'
      ELSE 'system log sign-in' END AS last_activity_source,
    coalesce(pc.dormantAfterDays, 90) AS dormant_after_days
  FROM dir_users u LEFT JOIN pc ON pc.id = u.partner_id
  LEFT JOIN signins s ON s.org = u.org AND s.user_id = u.id
  WHERE u.partner_id IS NOT NULL AND ($partner::VARCHAR IS NULL OR u.partner_id = $partner::VARCHAR)
)`

const today = `$now::TIMESTAMPTZ::DATE`

export interface LifecycleQuery {
  columns: readonly string[]
  sql: string
  /** Which of the shared parameters the query binds. */
  params: readonly ('partners' | 'sponsorPath' | 'partner' | 'now' | 'days')[]
}

const SHARED = ['partners', 'sponsorPath', 'partner', 'now'] as const

export const LIFECYCLE_QUERIES: Readonly<Record<LifecycleReport, LifecycleQuery>> = {
  'contracts-ending': {
    columns: [
      'partner_id',
      'org',
      'user_id',
      'login',
      'display_name',
      'status',
      'sponsor',
      'contract_end',
      'contract_end_source',
      'days_left',
      'milestone',
    ],
    sql: `WITH ${PARTNER_USERS}
      SELECT partner_id, org, user_id, login, display_name, status, sponsor, strftime(contract_end, '%Y-%m-%d') AS contract_end, contract_end_source,
        date_diff('day', ${today}, contract_end) AS days_left,
        CASE WHEN date_diff('day', ${today}, contract_end) <= 7 THEN 'T-7'
          WHEN date_diff('day', ${today}, contract_end) <= 30 THEN 'T-30'
          ELSE 'T-' || $days::INTEGER END AS milestone
      FROM pu WHERE status <> 'DEPROVISIONED' AND contract_end >= ${today}
        AND contract_end <= ${today} + $days::INTEGER
      ORDER BY contract_end, partner_id, lower(login)`,
    params: [...SHARED, 'days'],
  },
  'contracts-expired': {
    columns: [
      'partner_id',
      'org',
      'user_id',
      'login',
      'display_name',
      'status',
      'sponsor',
      'contract_end',
      'contract_end_source',
      'days_since_end',
      'last_activity',
      'last_activity_source',
    ],
    sql: `WITH ${PARTNER_USERS}
      SELECT partner_id, org, user_id, login, display_name, status, sponsor, strftime(contract_end, '%Y-%m-%d') AS contract_end, contract_end_source,
        date_diff('day', contract_end, ${today}) AS days_since_end, last_activity, last_activity_source
      FROM pu WHERE status <> 'DEPROVISIONED' AND contract_end < ${today}
      ORDER BY contract_end, partner_id, lower(login)`,
    params: SHARED,
  },
  dormant: {
    columns: [
      'partner_id',
      'org',
      'user_id',
      'login',
      'display_name',
      'status',
      'sponsor',
      'last_login',
      'last_sign_in_event',
      'last_activity',
      'last_activity_source',
      'days_inactive',
      'dormant_after_days',
      'apps',
      'groups',
      'admin_roles',
    ],
    sql: `WITH ${PARTNER_USERS},
      dormant AS (
        SELECT *, date_diff('day', coalesce(last_activity, created), $now::TIMESTAMPTZ) AS days_inactive
        FROM pu WHERE status <> 'DEPROVISIONED'
      )
      SELECT d.partner_id, d.org, d.user_id, d.login, d.display_name, d.status, d.sponsor, d.last_login,
        d.last_sign_in, d.last_activity, d.last_activity_source, d.days_inactive, d.dormant_after_days,
        (SELECT list(coalesce(a.label, au.app_id) || CASE WHEN au.scope = 'GROUP' THEN ' (via group)' ELSE '' END
           ORDER BY a.label) FROM dir_app_users au LEFT JOIN dir_apps a ON a.org = au.org AND a.id = au.app_id
         WHERE au.org = d.org AND au.user_id = d.user_id) AS apps,
        (SELECT list(coalesce(g.name, gm.group_id) ORDER BY g.name) FROM dir_group_members gm
           LEFT JOIN dir_groups g ON g.org = gm.org AND g.id = gm.group_id
         WHERE gm.org = d.org AND gm.user_id = d.user_id) AS groups,
        (SELECT list(coalesce(r.label, r.role_type) ORDER BY r.role_type) FROM dir_admin_roles r
         WHERE r.org = d.org AND r.user_id = d.user_id) AS admin_roles
      FROM dormant d WHERE d.days_inactive >= d.dormant_after_days
      ORDER BY d.days_inactive DESC, d.partner_id, lower(d.login)`,
    params: SHARED,
  },
  'missing-data': {
    columns: [
      'partner_id',
      'org',
      'user_id',
      'login',
      'display_name',
      'status',
      'missing',
      'sponsor',
      'contract_end',
    ],
    sql: `WITH ${PARTNER_USERS}
      SELECT partner_id, org, user_id, login, display_name, status,
        list_filter([CASE WHEN contract_end IS NULL THEN 'contract_end' END,
          CASE WHEN sponsor IS NULL THEN 'sponsor' END], x -> x IS NOT NULL) AS missing, sponsor, strftime(contract_end, '%Y-%m-%d') AS contract_end
      FROM pu WHERE status <> 'DEPROVISIONED' AND (contract_end IS NULL OR sponsor IS NULL)
      ORDER BY partner_id, lower(login)`,
    params: ['partners', 'sponsorPath', 'partner'],
  },
  deactivations: {
    columns: [
      'deactivated_at',
      'partner_id',
      'org',
      'user_id',
      'login',
      'deactivated_by',
      'trigger',
      'campaign_id',
      'okta_status',
      'okta_request_id',
      'okta_event_uuid',
      'okta_event_published',
    ],
    sql: `WITH ${PARTNER_USERS},
      ours AS (
        SELECT r.applied_at AS deactivated_at, r.partner_id, r.org, r.user_id, r.login, r.applied_by AS deactivated_by,
          CASE r.trigger_type WHEN 'offboarding' THEN 'offboarding: ' || coalesce(r.note, 'contract ended')
            ELSE 'certification campaign revoke' END AS trigger,
          r.campaign_id, r.okta_status, r.okta_request_id, r.evidence_event_uuid AS okta_event_uuid,
          r.evidence_published AS okta_event_published
        FROM remediation_actions r
        WHERE r.action = 'deactivate_user' AND r.status = 'applied'
          AND ($partner::VARCHAR IS NULL OR r.partner_id = $partner::VARCHAR)
      ),
      theirs AS (
        SELECT e.published, pu.partner_id, e.org, e.target_user_id, e.target_user_login, e.actor_login,
          'in Okta, outside partnerwatch' AS trigger, NULL::VARCHAR, NULL::INTEGER, e.request_id, e.uuid, e.published
        FROM events e JOIN pu ON pu.org = e.org AND pu.user_id = e.target_user_id
        WHERE e.event_type = 'user.lifecycle.deactivate' AND e.outcome_result = 'SUCCESS'
          AND e.uuid NOT IN (SELECT okta_event_uuid FROM ours WHERE okta_event_uuid IS NOT NULL)
          AND e.published <= $now::TIMESTAMPTZ
      )
      SELECT * FROM ours UNION ALL SELECT * FROM theirs
      ORDER BY 1, 4`,
    params: SHARED,
  },
}
