// The group a GROUP-scope app assignment came from, when Okta's AppUser did not link it: the one
// group assigned to the app that the user belongs to (by the assignment's priority when several).
import type { FetchedAppGroup, FetchedAppUser, GroupMember } from './types.js'

export function fillAssignmentGroups(
  appUsers: readonly FetchedAppUser[],
  appGroups: readonly FetchedAppGroup[],
  groupMembers: readonly GroupMember[],
): FetchedAppUser[] {
  if (!appUsers.some((a) => a.scope === 'GROUP' && a.groupId === null)) {
    return [...appUsers]
  }
  const members = new Set(groupMembers.map((m) => `${m.groupId}/${m.userId}`))
  const groupsOfApp = new Map<string, FetchedAppGroup[]>()
  for (const g of appGroups) {
    groupsOfApp.set(g.appId, [...(groupsOfApp.get(g.appId) ?? []), g])
  }
  for (const list of groupsOfApp.values()) {
    list.sort(
      (a, b) =>
        (a.priority ?? Number.MAX_SAFE_INTEGER) - (b.priority ?? Number.MAX_SAFE_INTEGER) ||
        (a.groupId < b.groupId ? -1 : 1),
    )
  }
  return appUsers.map((a) => {
    if (a.scope !== 'GROUP' || a.groupId !== null) {
      return a
    }
    const source = (groupsOfApp.get(a.appId) ?? []).find((g) =>
      members.has(`${g.groupId}/${a.userId}`),
    )
    return source ? { ...a, groupId: source.groupId } : a
  })
}
