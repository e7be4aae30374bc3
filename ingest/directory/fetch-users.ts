// Every user of the org through the SDK's typed UserApi: the plain list (which omits DEPROVISIONED
// users) plus a search for the DEPROVISIONED ones, merged by id.
import type { Client, User } from '@okta/okta-sdk-nodejs'
import { collectAll, dateOrNull, settleAll, textOrNull } from './collect.js'
import type { FetchedUser } from './types.js'

/** GET /api/v1/users allows at most 200 per page. */
export const USERS_PAGE_LIMIT = 200
export const DEPROVISIONED_SEARCH = 'status eq "DEPROVISIONED"'

/**
 * All users, DEPROVISIONED included. `attributeNames` are the profile attributes kept beside the
 * profile JSON for attribution. Both lists are read at once; a user in both (deactivated while
 * they were read) is kept as DEPROVISIONED.
 */
export async function fetchUsers(
  client: Client,
  attributeNames: readonly string[],
): Promise<FetchedUser[]> {
  const map = (u: User) => toFetchedUser(u, attributeNames)
  const [listed, deprovisioned] = await settleAll([
    collectAll(client.userApi.listUsers({ limit: USERS_PAGE_LIMIT }), map),
    collectAll(
      client.userApi.listUsers({ search: DEPROVISIONED_SEARCH, limit: USERS_PAGE_LIMIT }),
      map,
    ),
  ] as const)
  const byId = new Map<string, FetchedUser>()
  for (const user of [...listed, ...deprovisioned]) {
    byId.set(user.id, user)
  }
  return [...byId.values()]
}

export function toFetchedUser(
  user: User,
  attributeNames: readonly string[],
): FetchedUser | undefined {
  if (!user.id) {
    return undefined
  }
  // UserProfile is extensible: custom attributes survive the SDK's model (okta-api.md §7.4).
  const profile: Readonly<Record<string, unknown>> = user.profile ?? {}
  const attributes: Record<string, unknown> = {}
  for (const name of attributeNames) {
    if (profile[name] !== undefined) {
      attributes[name] = profile[name]
    }
  }
  const provider = user.credentials?.provider
  return {
    id: user.id,
    status: user.status ?? 'UNKNOWN',
    transitioningToStatus: textOrNull(user.transitioningToStatus),
    login: textOrNull(profile.login),
    email: textOrNull(profile.email),
    firstName: textOrNull(profile.firstName),
    lastName: textOrNull(profile.lastName),
    created: dateOrNull(user.created),
    activated: dateOrNull(user.activated),
    statusChanged: dateOrNull(user.statusChanged),
    lastLogin: dateOrNull(user.lastLogin),
    lastUpdated: dateOrNull(user.lastUpdated),
    passwordChanged: dateOrNull(user.passwordChanged),
    userTypeId: textOrNull(user.type?.id),
    providerType: textOrNull(provider?.type),
    providerName: textOrNull(provider?.name),
    profileJson: JSON.stringify(profile),
    attributes,
  }
}
