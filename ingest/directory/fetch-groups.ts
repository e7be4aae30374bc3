// Groups and their members through the SDK's typed GroupApi.
import type { Client, Group } from '@okta/okta-sdk-nodejs'
import { collectAll, dateOrNull, mapConcurrent, textOrNull } from './collect.js'
import type { FetchedGroup, GroupMember } from './types.js'

/** GET /api/v1/groups allows 10 000 per page. */
export const GROUPS_PAGE_LIMIT = 10_000
/** GET /api/v1/groups/{id}/users: default 1000, no documented maximum; 10 000 is served. */
export const GROUP_USERS_PAGE_LIMIT = 10_000

export interface FetchedGroups {
  groups: FetchedGroup[]
  members: GroupMember[]
}

/** Every group, then each group's members (`concurrency` groups at a time). */
export async function fetchGroups(client: Client, concurrency: number): Promise<FetchedGroups> {
  const groups = await collectAll(
    client.groupApi.listGroups({ limit: GROUPS_PAGE_LIMIT }),
    toFetchedGroup,
  )
  const perGroup = await mapConcurrent(groups, concurrency, (g) =>
    collectAll(
      client.groupApi.listGroupUsers({ groupId: g.id, limit: GROUP_USERS_PAGE_LIMIT }),
      (u) => (u.id ? { groupId: g.id, userId: u.id } : undefined),
    ),
  )
  return { groups, members: dedupe(perGroup.flat()) }
}

export function toFetchedGroup(group: Group): FetchedGroup | undefined {
  if (!group.id) {
    return undefined
  }
  return {
    id: group.id,
    name: textOrNull(group.profile?.name),
    description: textOrNull(group.profile?.description),
    type: textOrNull(group.type),
    created: dateOrNull(group.created),
    lastUpdated: dateOrNull(group.lastUpdated),
    lastMembershipUpdated: dateOrNull(group.lastMembershipUpdated),
    profileJson: JSON.stringify(group.profile ?? {}),
  }
}

function dedupe(members: GroupMember[]): GroupMember[] {
  const seen = new Map<string, GroupMember>()
  for (const m of members) {
    seen.set(`${m.groupId}/${m.userId}`, m)
  }
  return [...seen.values()]
}
