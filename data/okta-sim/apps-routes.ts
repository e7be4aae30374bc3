// GET /api/v1/apps, one app, its users (direct USER and group-derived GROUP scope; `expand=user`
// embeds the user) and its assigned groups (okta-api.md §5).
import type { OktaApp } from '../scenario/types.js'
import { applySearch, prefixMatch, readSearch } from './directory-search.js'
import { appGroupJson, appJson, appUserJson } from './directory-shapes.js'
import type { FilterNode } from './filter.js'
import { found, notFound } from './errors.js'
import { pagedList } from './paging.js'
import type { Route, SimContext, SimRequest, SimResponse } from './types.js'

function listApps(req: SimRequest, ctx: SimContext): SimResponse {
  let apps = [...ctx.directory.apps.values()]
  const q = req.query.get('q')
  if (q !== null && q !== '') {
    apps = apps.filter((a) => prefixMatch(q, [a.name, a.label]))
  }
  const search = readSearch(req.query)
  const userId = search && assignedFilter(search, 'user.id')
  const groupId = search && assignedFilter(search, 'group.id')
  if (userId !== undefined) {
    apps = apps.filter((a) => ctx.directory.appUsers.get(a.id)?.has(userId))
  } else if (groupId !== undefined) {
    apps = apps.filter((a) => ctx.directory.appGroups.get(a.id)?.has(groupId))
  } else {
    apps = applySearch(apps, search)
  }
  return pagedList(
    req,
    apps,
    (a) => a.id,
    { fallback: 20, max: 200 },
    (a) => appJson(a, req.baseUrl),
  )
}

/** `filter=user.id eq "…"` / `group.id eq "…"`: apps assigned to that user or group. */
function assignedFilter(node: FilterNode, path: string): string | undefined {
  return node.kind === 'compare' && node.path === path && node.op === 'eq'
    ? String(node.value)
    : undefined
}

function requireApp(req: SimRequest, ctx: SimContext): OktaApp {
  return found(ctx.directory.apps, req.params.appId ?? '', 'AppInstance')
}

function getApp(req: SimRequest, ctx: SimContext): SimResponse {
  return { status: 200, body: JSON.stringify(appJson(requireApp(req, ctx), req.baseUrl)) }
}

function listAppUsers(req: SimRequest, ctx: SimContext): SimResponse {
  const app = requireApp(req, ctx)
  const embed = req.query.get('expand') === 'user'
  let assignments = [...(ctx.directory.appUsers.get(app.id)?.values() ?? [])]
  const q = req.query.get('q')
  if (q !== null && q !== '') {
    assignments = assignments.filter((a) => {
      const p = ctx.directory.users.get(a.userId)?.profile
      return prefixMatch(q, [p?.login, p?.email, p?.firstName, p?.lastName])
    })
  }
  return pagedList(
    req,
    assignments,
    (a) => a.userId,
    { fallback: 50, max: 500 },
    (a) => appUserJson(a, ctx.directory.users.get(a.userId), req.baseUrl, embed),
  )
}

function getAppUser(req: SimRequest, ctx: SimContext): SimResponse {
  const app = requireApp(req, ctx)
  const userId = req.params.userId ?? ''
  const a = ctx.directory.appUsers.get(app.id)?.get(userId)
  if (!a) {
    throw notFound(`${userId} (AppUser)`)
  }
  const embed = req.query.get('expand') === 'user'
  const body = appUserJson(a, ctx.directory.users.get(userId), req.baseUrl, embed)
  return { status: 200, body: JSON.stringify(body) }
}

function listAppGroups(req: SimRequest, ctx: SimContext): SimResponse {
  const app = requireApp(req, ctx)
  const groupIds = [...(ctx.directory.appGroups.get(app.id) ?? [])]
  return pagedList(
    req,
    groupIds,
    (id) => id,
    { fallback: 20, max: 200 },
    (id) => appGroupJson(app.id, id, req.baseUrl, app.lastUpdated),
  )
}

export const appsRoutes: readonly Route[] = [
  { method: 'GET', pattern: '/api/v1/apps', scope: 'okta.apps.read', handle: listApps },
  { method: 'GET', pattern: '/api/v1/apps/:appId', scope: 'okta.apps.read', handle: getApp },
  {
    method: 'GET',
    pattern: '/api/v1/apps/:appId/users',
    scope: 'okta.apps.read',
    handle: listAppUsers,
  },
  {
    method: 'GET',
    pattern: '/api/v1/apps/:appId/users/:userId',
    scope: 'okta.apps.read',
    handle: getAppUser,
  },
  {
    method: 'GET',
    pattern: '/api/v1/apps/:appId/groups',
    scope: 'okta.apps.read',
    handle: listAppGroups,
  },
]
