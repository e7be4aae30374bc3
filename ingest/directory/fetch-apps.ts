// Apps, their users (direct USER-scope and GROUP-scope assignments) and their group assignments
// through the SDK's typed ApplicationApi.
import type {
  AppUser,
  Application,
  ApplicationGroupAssignment,
  Client,
} from '@okta/okta-sdk-nodejs'
import { collectAll, dateOrNull, mapConcurrent, textOrNull } from './collect.js'
import type { FetchedApp, FetchedAppGroup, FetchedAppUser } from './types.js'

/** Page maxima: apps 200, app users 500, app group assignments 200. */
export const APPS_PAGE_LIMIT = 200
export const APP_USERS_PAGE_LIMIT = 500
export const APP_GROUPS_PAGE_LIMIT = 200

export interface FetchedApps {
  apps: FetchedApp[]
  appUsers: FetchedAppUser[]
  appGroups: FetchedAppGroup[]
}

/** Every app, then each app's users and group assignments (`concurrency` apps at a time). */
export async function fetchApps(client: Client, concurrency: number): Promise<FetchedApps> {
  const apps = await collectAll(
    client.applicationApi.listApplications({ limit: APPS_PAGE_LIMIT }),
    toFetchedApp,
  )
  const perApp = await mapConcurrent(apps, concurrency, async (app) => ({
    users: await collectAll(
      client.applicationApi.listApplicationUsers({ appId: app.id, limit: APP_USERS_PAGE_LIMIT }),
      (u) => toFetchedAppUser(app.id, u),
    ),
    groups: await collectAll(
      client.applicationApi.listApplicationGroupAssignments({
        appId: app.id,
        limit: APP_GROUPS_PAGE_LIMIT,
      }),
      (g) => toFetchedAppGroup(app.id, g),
    ),
  }))
  return {
    apps,
    appUsers: perApp.flatMap((a) => a.users),
    appGroups: perApp.flatMap((a) => a.groups),
  }
}

export function toFetchedApp(app: Application): FetchedApp | undefined {
  if (!app.id) {
    return undefined
  }
  // `name` lives only on the signOnMode subclasses (SamlApplication, …), not on Application.
  const name: unknown = 'name' in app ? app.name : undefined
  return {
    id: app.id,
    name: textOrNull(name),
    label: textOrNull(app.label),
    status: textOrNull(app.status),
    signOnMode: textOrNull(app.signOnMode),
    created: dateOrNull(app.created),
    lastUpdated: dateOrNull(app.lastUpdated),
  }
}

export function toFetchedAppUser(appId: string, u: AppUser): FetchedAppUser | undefined {
  if (!u.id) {
    return undefined
  }
  const scope = u.scope === 'GROUP' ? 'GROUP' : 'USER'
  return {
    appId,
    userId: u.id,
    scope,
    groupId: scope === 'GROUP' ? idFromHref(u._links?.group?.href, 'groups') : null,
    status: textOrNull(u.status),
    externalId: textOrNull(u.externalId),
    userName: textOrNull(u.credentials?.userName),
    created: dateOrNull(u.created),
    lastUpdated: dateOrNull(u.lastUpdated),
    statusChanged: dateOrNull(u.statusChanged),
  }
}

export function toFetchedAppGroup(
  appId: string,
  g: ApplicationGroupAssignment,
): FetchedAppGroup | undefined {
  if (!g.id) {
    return undefined
  }
  return {
    appId,
    groupId: g.id,
    priority: typeof g.priority === 'number' ? g.priority : null,
    lastUpdated: dateOrNull(g.lastUpdated),
  }
}

/** `…/api/v1/groups/00g123` → `00g123` (the segment after `collection`). */
export function idFromHref(href: string | undefined, collection: string): string | null {
  if (!href) {
    return null
  }
  const parts = href.split('?')[0]?.split('/') ?? []
  const at = parts.lastIndexOf(collection)
  const id = at >= 0 ? parts[at + 1] : undefined
  return id ? decodeURIComponent(id) : null
}
