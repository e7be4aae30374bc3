// SQL over the directory snapshot: the directory_syncs bookkeeping of each sync attempt, and
// readers of the snapshot (the unattributed external users, the latest sync of an org).
import type { Database } from '../../lib/db.js'
import type { AdminRolesSource, DirectoryCounts } from './types.js'

/** Records a sync attempt as `running`; returns its id. */
export async function startDirectorySync(
  db: Database,
  org: string,
  startedAt: Date,
): Promise<number> {
  const row = await db.one<{ id: bigint }>(
    `INSERT INTO directory_syncs (id, org, started_at, status)
     VALUES (nextval('directory_syncs_seq'), $org, $startedAt, 'running')
     RETURNING id`,
    { org, startedAt: startedAt.toISOString() },
  )
  return Number(row?.id ?? 0)
}

export interface SyncOutcome {
  finishedAt: Date
  elapsedMs: number
  counts: DirectoryCounts
  partnerUsers: number
  unattributedExternalUsers: number
  internalDomains: readonly string[]
  internalDomainsInferred: boolean
  adminRolesSource: AdminRolesSource
}

/** Marks the sync succeeded with its counts; run in the transaction that wrote the snapshot. */
export async function completeDirectorySync(
  db: Database,
  syncId: number,
  o: SyncOutcome,
): Promise<void> {
  const c = o.counts
  await db.run(
    `UPDATE directory_syncs SET status = 'succeeded', finished_at = $finishedAt,
       elapsed_ms = $elapsedMs, users = $users, groups = $groups, group_members = $groupMembers,
       apps = $apps, app_users = $appUsers, app_groups = $appGroups, idps = $idps,
       idp_users = $idpUsers, admin_roles = $adminRoles, partner_users = $partnerUsers,
       unattributed_external_users = $unattributed, internal_domains = $internalDomains,
       internal_domains_inferred = $inferred, admin_roles_source = $adminRolesSource
     WHERE id = $syncId`,
    {
      syncId,
      finishedAt: o.finishedAt.toISOString(),
      elapsedMs: Math.round(o.elapsedMs),
      users: c.users,
      groups: c.groups,
      groupMembers: c.groupMembers,
      apps: c.apps,
      appUsers: c.appUsers,
      appGroups: c.appGroups,
      idps: c.idps,
      idpUsers: c.idpUsers,
      adminRoles: c.adminRoles,
      partnerUsers: o.partnerUsers,
      unattributed: o.unattributedExternalUsers,
      internalDomains: JSON.stringify(o.internalDomains),
      inferred: o.internalDomainsInferred,
      adminRolesSource: o.adminRolesSource,
    },
  )
}

/** Marks the sync failed with its error; the org's previous snapshot stays as it was. */
export async function failDirectorySync(
  db: Database,
  syncId: number,
  finishedAt: Date,
  elapsedMs: number,
  error: string,
): Promise<void> {
  await db.run(
    `UPDATE directory_syncs SET status = 'failed', finished_at = $finishedAt,
       elapsed_ms = $elapsedMs, error = $error
     WHERE id = $syncId`,
    { syncId, finishedAt: finishedAt.toISOString(), elapsedMs: Math.round(elapsedMs), error },
  )
}

export interface DirectorySyncRow {
  id: number
  org: string
  status: 'running' | 'succeeded' | 'failed'
  startedAt: Date
  finishedAt: Date | null
  users: number | null
  error: string | null
}

/** The org's most recent sync attempt (of any status), or undefined. */
export async function latestDirectorySync(
  db: Database,
  org: string,
): Promise<DirectorySyncRow | undefined> {
  return db.one<DirectorySyncRow>(
    `SELECT id::INTEGER AS id, org, status, started_at AS "startedAt",
       finished_at AS "finishedAt", users, error
     FROM directory_syncs WHERE org = $org ORDER BY id DESC LIMIT 1`,
    { org },
  )
}

export interface UnattributedExternalUser {
  org: string
  id: string
  login: string | null
  email: string | null
  status: string
  providerType: string | null
  providerName: string | null
  idpId: string | null
  created: Date | null
  lastLogin: Date | null
  syncedAt: Date
}

/**
 * Users who look external (federated or social credentials, or a login domain outside the org's
 * internal domains) but match no partner: they need a partner rule or an explanation.
 */
export async function listUnattributedExternalUsers(
  db: Database,
  org?: string,
): Promise<UnattributedExternalUser[]> {
  return db.all<UnattributedExternalUser>(
    `SELECT org, id, login, email, status, provider_type AS "providerType",
       provider_name AS "providerName", idp_id AS "idpId", created, last_login AS "lastLogin",
       synced_at AS "syncedAt"
     FROM dir_users
     WHERE partner_id IS NULL AND looks_external
       AND (CAST($org AS VARCHAR) IS NULL OR org = $org)
     ORDER BY org, login, id`,
    { org: org ?? null },
  )
}
