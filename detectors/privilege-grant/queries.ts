// Privilege grant, the SQL half: admin roles granted in the slice (`user.account.privilege.grant`,
// `group.privilege.grant`), with who received them (the target user in the directory, or the
// partner users of the target group), what was granted (`debugData.privilegeGranted`, read from the
// raw event: grants are rare), and the grantor's sign-ins in the minutes before, with their risk.
import type { Database } from '../../lib/db.js'
import { sliceParams, type DetectionWindow, type DetectorContext } from '../types.js'

export const DEFAULT_RISKY_SIGN_IN_MINUTES = 60

export interface GrantorSignIn {
  uuid: string
  published: Date
  ip: string | null
  country: string | null
  asNumber: number | null
  asOrg: string | null
  isProxy: boolean
  tunnels: string | null
  threatSuspected: boolean
  riskLevel: string | null
  behaviors: string | null
}

export interface GrantCandidate {
  org: string
  uuid: string
  eventType: string
  published: Date
  privilege: string | null
  grantor: { id: string | null; login: string | null; ip: string | null; isProxy: boolean }
  /** The user who received the role (user grants). */
  target: {
    id: string | null
    login: string | null
    inDirectory: boolean
    partnerId: string | null
    looksExternal: boolean
  }
  /** Group grants: the group and the partner users in it. */
  group: { id: string | null; name: string | null; partnerUsers: number; partnerIds: string[] }
  grantorSignIns: GrantorSignIn[]
}

export const CANDIDATES_SQL = `
WITH grants AS (
  SELECT org, uuid, event_type, published, ingest_seq, actor_id, actor_login, client_ip, is_proxy,
    target_user_id, target_user_login,
    list_filter(targets, t -> t.type = 'UserGroup')[1] AS grp
  FROM events
  WHERE event_type IN ('user.account.privilege.grant', 'group.privilege.grant')
    AND coalesce(outcome_result, 'SUCCESS') = 'SUCCESS'
    AND ingest_seq > $after AND ingest_seq <= $until
    AND ($since IS NULL OR published >= $since::TIMESTAMPTZ)
),
group_partners AS (
  SELECT g.uuid, count(DISTINCT u.id) AS n, list(DISTINCT u.partner_id) AS partner_ids
  FROM grants g
  JOIN dir_group_members m ON m.org = g.org AND m.group_id = g.grp.id
  JOIN dir_users u ON u.org = m.org AND u.id = m.user_id AND u.partner_id IS NOT NULL
  GROUP BY g.uuid
),
grantor_sign_ins AS (
  SELECT g.uuid AS grant_uuid,
    list({uuid: s.uuid, published: s.published, ip: s.client_ip, country: s.country,
          as_number: s.as_number, as_org: s.as_org, is_proxy: s.is_proxy, tunnels: s.tunnels,
          threat_suspected: s.threat_suspected, risk_level: s.risk_level, behaviors: s.behaviors}
         ORDER BY s.published) AS sign_ins
  FROM grants g JOIN events s
    ON s.org = g.org AND s.actor_id = g.actor_id
   AND s.published BETWEEN g.published - to_minutes($riskyMinutes::INTEGER) AND g.published
  WHERE s.event_type = 'user.session.start' AND s.outcome_result = 'SUCCESS' AND s.ingest_seq <= $until
  GROUP BY g.uuid
)
SELECT g.org, g.uuid, g.ingest_seq, g.event_type, g.published, g.actor_id, g.actor_login, g.client_ip,
  g.is_proxy, g.target_user_id, coalesce(u.login, g.target_user_login) AS target_login,
  u.id IS NOT NULL AS in_directory, u.partner_id, coalesce(u.looks_external, false) AS looks_external,
  g.grp.id AS group_id, g.grp.display_name AS group_name,
  coalesce(gp.n, 0) AS group_partner_users, coalesce(gp.partner_ids, []) AS group_partner_ids,
  coalesce(gs.sign_ins, []) AS sign_ins
FROM grants g
LEFT JOIN dir_users u ON u.org = g.org AND u.id = g.target_user_id
LEFT JOIN group_partners gp ON gp.uuid = g.uuid
LEFT JOIN grantor_sign_ins gs ON gs.grant_uuid = g.uuid
ORDER BY g.published, g.ingest_seq
`

interface SignInRow {
  uuid: string
  published: Date
  ip: string | null
  country: string | null
  as_number: bigint | number | null
  as_org: string | null
  is_proxy: boolean | null
  tunnels: string | null
  threat_suspected: boolean | null
  risk_level: string | null
  behaviors: string | null
}

interface Row {
  org: string
  uuid: string
  ingest_seq: bigint
  event_type: string
  published: Date
  actor_id: string | null
  actor_login: string | null
  client_ip: string | null
  is_proxy: boolean | null
  target_user_id: string | null
  target_login: string | null
  in_directory: boolean
  partner_id: string | null
  looks_external: boolean
  group_id: string | null
  group_name: string | null
  group_partner_users: bigint | number
  group_partner_ids: string[]
  sign_ins: SignInRow[]
}

export function riskyMinutes(config: Readonly<Record<string, unknown>>): number {
  const v = config.riskySignInMinutes
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : DEFAULT_RISKY_SIGN_IN_MINUTES
}

/** What was granted, read from the raw event one grant at a time: `raw` is the store's widest
 * column, and a lookup by ingest_seq touches one row group where a filtered scan reads them all. */
export const PRIVILEGE_SQL = `SELECT json_extract_string(raw, '$.debugContext.debugData.privilegeGranted') AS privilege
  FROM events WHERE ingest_seq = $seq`

export async function candidates(
  db: Database,
  window: DetectionWindow,
  ctx: DetectorContext,
): Promise<GrantCandidate[]> {
  const rows = await db.all<Row>(CANDIDATES_SQL, {
    ...sliceParams(window),
    riskyMinutes: riskyMinutes(ctx.config),
  })
  const privileges: (string | null)[] = []
  for (const r of rows) {
    const p = await db.one<{ privilege: string | null }>(PRIVILEGE_SQL, { seq: r.ingest_seq })
    privileges.push(p?.privilege ?? null)
  }
  return rows.map((r, i) => ({
    org: r.org,
    uuid: r.uuid,
    eventType: r.event_type,
    published: r.published,
    privilege: privileges[i] ?? null,
    grantor: {
      id: r.actor_id,
      login: r.actor_login,
      ip: r.client_ip,
      isProxy: r.is_proxy ?? false,
    },
    target: {
      id: r.target_user_id,
      login: r.target_login,
      inDirectory: r.in_directory,
      partnerId: r.partner_id,
      looksExternal: r.looks_external,
    },
    group: {
      id: r.group_id,
      name: r.group_name,
      partnerUsers: Number(r.group_partner_users),
      partnerIds: r.group_partner_ids,
    },
    grantorSignIns: r.sign_ins.map((s) => ({
      uuid: s.uuid,
      published: s.published,
      ip: s.ip,
      country: s.country,
      asNumber: s.as_number === null ? null : Number(s.as_number),
      asOrg: s.as_org,
      isProxy: s.is_proxy ?? false,
      tunnels: s.tunnels,
      threatSuspected: s.threat_suspected ?? false,
      riskLevel: s.risk_level,
      behaviors: s.behaviors,
    })),
  }))
}
