// The anchors' rules for the lifecycle pack, run on the same data for comparison (reference
// detections.md §1, §4). Contract expiry, access after deactivation and dormancy have no anchor.
// Each returns evidence uuid lists, one per alert, as the eval scores them.
import type { Database } from '../lib/db.js'

async function lists(db: Database, sql: string): Promise<string[][]> {
  const rows = await db.all<{ ids: string[] }>(sql)
  return rows.map((r) => [...r.ids])
}

/** Panther Okta.AdminRoleAssigned (`privilegeGranted` matches "administrator") and
 * Okta.Group.Admin.Role.Assigned (every `group.privilege.grant`). */
export function anchorPrivilegeGrant(db: Database): Promise<string[][]> {
  return lists(
    db,
    `SELECT [uuid] AS ids FROM events
     WHERE (event_type = 'user.account.privilege.grant' AND outcome_result = 'SUCCESS'
            AND regexp_matches(coalesce(json_extract_string(raw, '$.debugContext.debugData.privilegeGranted'), ''), '[aA]dministrator'))
        OR event_type = 'group.privilege.grant'`,
  )
}

/** Panther Okta.PotentiallyStolenSession: per (externalSessionId, dtHash) on session start and SSO,
 * an event from an address not seen before under that key with another raw user agent (1-day memory). */
export function anchorSessionHijack(db: Database): Promise<string[][]> {
  return lists(
    db,
    `WITH s AS (
       SELECT uuid, published, client_ip, user_agent,
         first_value(uuid) OVER w AS first_uuid, first_value(user_agent) OVER w AS first_ua,
         first_value(published) OVER w AS first_at,
         list(client_ip) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS seen_ips
       FROM events
       WHERE event_type IN ('user.session.start', 'user.authentication.sso')
         AND coalesce(session_id, 'unknown') <> 'unknown' AND coalesce(dt_hash, 'unknown') <> 'unknown'
         AND coalesce(client_app_id, '') NOT LIKE 'okta.%'
       WINDOW w AS (PARTITION BY session_id, dt_hash ORDER BY published, ingest_seq)
     )
     SELECT [first_uuid, uuid] AS ids FROM s
     WHERE uuid <> first_uuid AND published - first_at <= INTERVAL 1 DAY
       AND NOT list_contains(coalesce(seen_ips, []), client_ip)
       AND user_agent IS DISTINCT FROM first_ua`,
  )
}

/** Panther Okta.Anonymizing.VPN.Login / Sigma: any `user.session.start` with isProxy. */
export function anchorAnonymizer(db: Database): Promise<string[][]> {
  return lists(
    db,
    `SELECT [uuid] AS ids FROM events WHERE event_type = 'user.session.start' AND is_proxy`,
  )
}

/** Elastic's ThreatInsight promotion: `security.threat.detected` or any event with threatSuspected. */
export function anchorOktaThreat(db: Database): Promise<string[][]> {
  return lists(
    db,
    `SELECT [uuid] AS ids FROM events
     WHERE event_type = 'security.threat.detected' OR threat_suspected`,
  )
}

export const LIFECYCLE_ANCHORS: readonly {
  detector: string
  name: string
  run: (db: Database) => Promise<string[][]>
}[] = [
  {
    detector: 'privilege-grant',
    name: 'Panther AdminRoleAssigned + Group.Admin.Role.Assigned',
    run: anchorPrivilegeGrant,
  },
  {
    detector: 'session-hijack',
    name: 'Panther PotentiallyStolenSession',
    run: anchorSessionHijack,
  },
  { detector: 'anonymizer', name: 'Panther Anonymizing.VPN.Login', run: anchorAnonymizer },
  {
    detector: 'okta-threat',
    name: 'Elastic ThreatInsight + threatSuspected',
    run: anchorOktaThreat,
  },
]
