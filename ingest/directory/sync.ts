// One directory sync of one org: read users, groups, apps, IdPs and admin roles through the SDK's
// typed APIs, attribute users to partners, then replace the org's snapshot in one transaction.
// Every attempt is recorded in directory_syncs; a failed one leaves the previous snapshot as it was.
import type { Client } from '@okta/okta-sdk-nodejs'
import type { Clock } from '../../lib/clock.js'
import type { PartnerConfig, ResolvedOrg } from '../../lib/config.js'
import type { Database } from '../../lib/db.js'
import { errorLine } from '../../lib/errors.js'
import { fillAssignmentGroups } from './assignment-groups.js'
import { settleAll } from './collect.js'
import { attributeUsers } from './attribute-users.js'
import {
  completeDirectorySync,
  failDirectorySync,
  startDirectorySync,
} from './directory-queries.js'
import { fetchAdminRoles, probeRoleAssignees } from './fetch-admin-roles.js'
import { fetchApps } from './fetch-apps.js'
import { fetchGroups } from './fetch-groups.js'
import { fetchIdps } from './fetch-idps.js'
import { fetchUsers } from './fetch-users.js'
import { toServiceError } from './okta-errors.js'
import { replaceSnapshot } from './snapshot-queries.js'
import type { DirectoryCounts, DirectorySnapshot, DirectorySyncSummary } from './types.js'

export const DEFAULT_CONTRACT_END_ATTRIBUTE = 'contractEndDate'
export const DEFAULT_CONCURRENCY = 4
export const DEFAULT_MAX_ROLE_LOOKUPS = 2000

export interface SyncDirectoryOptions {
  db: Database
  client: Client
  org: ResolvedOrg
  partners: readonly PartnerConfig[]
  clock: Clock
  /** The org's own login domains; empty or absent: inferred (see internal-domains.ts). */
  internalDomains?: readonly string[]
  /** Profile attribute holding a partner user's contract end (YYYY-MM-DD). */
  contractEndAttribute?: string
  /** Per-group, per-app, per-IdP and per-user calls in flight at once. */
  concurrency?: number
  /** The most users whose admin roles are asked for one by one (see fetch-admin-roles.ts). */
  maxRoleLookups?: number
}

export async function syncDirectory(options: SyncDirectoryOptions): Promise<DirectorySyncSummary> {
  const { db, org, clock } = options
  const began = performance.now()
  const syncedAt = clock.now()
  const syncId = await startDirectorySync(db, org.name, syncedAt)
  try {
    const { snapshot, summary } = await readDirectory(options)
    const readMs = performance.now() - began
    await db.transaction(async () => {
      await replaceSnapshot(db, { org: org.name, syncId, syncedAt }, snapshot)
      await completeDirectorySync(db, syncId, {
        finishedAt: clock.now(),
        // Up to the last row appended; only the COMMIT comes after.
        elapsedMs: performance.now() - began,
        counts: summary.counts,
        partnerUsers: Object.values(summary.partnerUsers).reduce((a, b) => a + b, 0),
        unattributedExternalUsers: summary.unattributedExternalUsers,
        internalDomains: summary.internalDomains.domains,
        internalDomainsInferred: summary.internalDomains.inferred,
        adminRolesSource: summary.adminRoles.source,
      })
    })
    const elapsedMs = performance.now() - began
    return {
      org: org.name,
      syncId,
      syncedAt,
      elapsedMs: Math.round(elapsedMs),
      writeMs: Math.round(elapsedMs - readMs),
      ...summary,
    }
  } catch (err) {
    const error = toServiceError(err, org.name, 'directory sync')
    // Recording the failure must not hide it: a store error here is dropped, the cause is thrown.
    await failDirectorySync(
      db,
      syncId,
      clock.now(),
      performance.now() - began,
      errorLine(error),
    ).catch(() => undefined)
    throw error
  }
}

type ReadSummary = Omit<
  DirectorySyncSummary,
  'org' | 'syncId' | 'syncedAt' | 'elapsedMs' | 'writeMs'
>

async function readDirectory(
  options: SyncDirectoryOptions,
): Promise<{ snapshot: DirectorySnapshot; summary: ReadSummary }> {
  const { client, partners } = options
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY
  const contractEndAttribute = options.contractEndAttribute ?? DEFAULT_CONTRACT_END_ATTRIBUTE
  const attributeNames = [
    contractEndAttribute,
    ...partners.flatMap((p) => (p.match.profileAttribute ? [p.match.profileAttribute.name] : [])),
  ]
  const [users, groups, apps, idps, assignees] = await settleAll([
    fetchUsers(client, attributeNames),
    fetchGroups(client, concurrency),
    fetchApps(client, concurrency),
    fetchIdps(client, concurrency),
    probeRoleAssignees(client),
  ] as const)
  const { rows, internalDomains } = attributeUsers(
    users,
    { groupMembers: groups.members, idpUsers: idps.idpUsers, idps: idps.idps },
    { partners, internalDomains: options.internalDomains ?? [], contractEndAttribute },
  )
  const roles = await fetchAdminRoles(client, assignees, {
    allUserIds: rows.map((u) => u.user.id),
    externalUserIds: rows
      .filter((u) => u.partnerId !== null || u.looksExternal)
      .map((u) => u.user.id),
    maxLookups: options.maxRoleLookups ?? DEFAULT_MAX_ROLE_LOOKUPS,
    concurrency,
  })
  const snapshot: DirectorySnapshot = {
    users: rows,
    groups: groups.groups,
    groupMembers: groups.members,
    apps: apps.apps,
    appUsers: fillAssignmentGroups(apps.appUsers, apps.appGroups, groups.members),
    appGroups: apps.appGroups,
    idps: idps.idps,
    idpUsers: idps.idpUsers,
    adminRoles: roles.roles,
  }
  const partnerUsers: Record<string, number> = {}
  for (const u of rows) {
    if (u.partnerId !== null) {
      partnerUsers[u.partnerId] = (partnerUsers[u.partnerId] ?? 0) + 1
    }
  }
  return {
    snapshot,
    summary: {
      counts: countsOf(snapshot),
      partnerUsers,
      unattributedExternalUsers: rows.filter((u) => u.partnerId === null && u.looksExternal).length,
      internalDomains,
      adminRoles: {
        source: roles.source,
        usersChecked: roles.usersChecked,
        ...(roles.reason === undefined ? {} : { reason: roles.reason }),
      },
    },
  }
}

function countsOf(s: DirectorySnapshot): DirectoryCounts {
  return {
    users: s.users.length,
    groups: s.groups.length,
    groupMembers: s.groupMembers.length,
    apps: s.apps.length,
    appUsers: s.appUsers.length,
    appGroups: s.appGroups.length,
    idps: s.idps.length,
    idpUsers: s.idpUsers.length,
    adminRoles: s.adminRoles.length,
  }
}
