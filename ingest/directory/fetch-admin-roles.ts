// Admin roles held by users. Okta has no list of every role assignment with its role, so: ask
// Okta which users hold roles (GET /iam/assignees/users, one paged call), then ask each of those
// users for their roles. Where that list is unavailable (older orgs, the simulated org), ask user
// by user, but only while that stays cheap: every user in a small org, else only the partner and
// external users, else nobody (recorded as `skipped`).
import {
  OktaApiError,
  type Client,
  type ListGroupAssignedRoles200ResponseInner,
} from '@okta/okta-sdk-nodejs'
import { collectAll, dateOrNull, mapConcurrent, textOrNull } from './collect.js'
import type { AdminRolesOutcome, FetchedAdminRole } from './types.js'

/** GET /iam/assignees/users page size (Okta's default; no maximum is documented). */
export const ROLE_ASSIGNEES_PAGE_LIMIT = 100

export interface AdminRoleScope {
  allUserIds: readonly string[]
  /** Users attributed to a partner or looking external: the ones certification is about. */
  externalUserIds: readonly string[]
  /** The most users asked one by one. */
  maxLookups: number
  concurrency: number
}

/** What Okta said about who holds roles: their ids, or that it cannot say. */
export type RoleAssignees =
  | { kind: 'listed'; userIds: string[] }
  | { kind: 'unavailable' }
  | { kind: 'forbidden'; reason: string }

/**
 * Asks GET /iam/assignees/users. Needs no user list, so it runs beside the other reads. 404/405
 * mean the org (or the simulated org) does not have it; 403 that these credentials may not read
 * roles. Anything else fails the sync.
 */
export async function probeRoleAssignees(client: Client): Promise<RoleAssignees> {
  try {
    return { kind: 'listed', userIds: await listRoleAssignees(client) }
  } catch (err) {
    if (err instanceof OktaApiError && (err.status === 404 || err.status === 405)) {
      return { kind: 'unavailable' }
    }
    if (err instanceof OktaApiError && err.status === 403) {
      return { kind: 'forbidden', reason: `forbidden: ${err.message}` }
    }
    throw err
  }
}

export async function fetchAdminRoles(
  client: Client,
  assignees: RoleAssignees,
  scope: AdminRoleScope,
): Promise<AdminRolesOutcome> {
  if (assignees.kind === 'forbidden') {
    return { source: 'skipped', usersChecked: 0, roles: [], reason: assignees.reason }
  }
  if (assignees.kind === 'listed') {
    return lookUp(client, assignees.userIds, 'role-assignees', scope.concurrency)
  }
  if (scope.allUserIds.length <= scope.maxLookups) {
    return lookUp(client, scope.allUserIds, 'per-user-all', scope.concurrency)
  }
  if (scope.externalUserIds.length <= scope.maxLookups) {
    return lookUp(client, scope.externalUserIds, 'per-user-external', scope.concurrency)
  }
  return {
    source: 'skipped',
    usersChecked: 0,
    roles: [],
    reason: `${scope.externalUserIds.length} partner/external users exceed the ${scope.maxLookups} role lookups allowed`,
  }
}

async function lookUp(
  client: Client,
  userIds: readonly string[],
  source: AdminRolesOutcome['source'],
  concurrency: number,
): Promise<AdminRolesOutcome> {
  try {
    const perUser = await mapConcurrent(userIds, concurrency, (userId) => rolesOf(client, userId))
    return { source, usersChecked: userIds.length, roles: perUser.flat() }
  } catch (err) {
    return forbiddenOr(err)
  }
}

async function rolesOf(client: Client, userId: string): Promise<FetchedAdminRole[]> {
  try {
    return await collectAll(client.roleAssignmentApi.listAssignedRolesForUser({ userId }), (r) =>
      toFetchedRole(userId, r),
    )
  } catch (err) {
    if (err instanceof OktaApiError && err.status === 404) {
      return [] // deleted since it was listed
    }
    throw err
  }
}

/** 403: these credentials may not read roles (e.g. no okta.roles.read scope); anything else fails the sync. */
function forbiddenOr(err: unknown): AdminRolesOutcome {
  if (err instanceof OktaApiError && err.status === 403) {
    return { source: 'skipped', usersChecked: 0, roles: [], reason: `forbidden: ${err.message}` }
  }
  throw err
}

/** Ids of the users holding any admin role, following `_links.next` page by page. */
async function listRoleAssignees(client: Client): Promise<string[]> {
  const ids: string[] = []
  let after: string | undefined
  do {
    const page = await client.roleAssignmentApi.listUsersWithRoleAssignments({
      limit: ROLE_ASSIGNEES_PAGE_LIMIT,
      ...(after === undefined ? {} : { after }),
    })
    for (const u of page.value ?? []) {
      if (u.id) {
        ids.push(u.id)
      }
    }
    const next = page._links?.next?.href
    const cursor = next ? (new URL(next).searchParams.get('after') ?? undefined) : undefined
    after = cursor !== undefined && cursor !== after ? cursor : undefined
  } while (after !== undefined)
  return [...new Set(ids)]
}

export function toFetchedRole(
  userId: string,
  role: ListGroupAssignedRoles200ResponseInner,
): FetchedAdminRole | undefined {
  const roleType = textOrNull(role.type)
  if (!roleType) {
    return undefined
  }
  return {
    userId,
    roleId: textOrNull(role.id) ?? roleType,
    roleType,
    label: textOrNull(role.label),
    status: textOrNull(role.status),
    assignmentType: textOrNull(role.assignmentType),
    created: dateOrNull(role.created),
    lastUpdated: dateOrNull(role.lastUpdated),
  }
}
