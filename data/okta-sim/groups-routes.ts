// GET /api/v1/groups, one group, its members and its apps (okta-api.md §5).
import type { OktaGroup } from '../scenario/types.js'
import { applySearch, prefixMatch, readSearch } from './directory-search.js'
import { appJson, groupJson, userJson } from './directory-shapes.js'
import { found } from './errors.js'
import { listResponse, pagedList, readLimit } from './paging.js'
import type { Route, SimContext, SimRequest, SimResponse } from './types.js'

function listGroups(req: SimRequest, ctx: SimContext): SimResponse {
  const all = [...ctx.directory.groups.values()]
  const withStats = req.query.get('expand') === 'stats'
  const render = (g: OktaGroup) =>
    groupJson(
      g,
      req.baseUrl,
      withStats ? (ctx.directory.groupMembers.get(g.id)?.size ?? 0) : undefined,
    )
  const q = req.query.get('q')
  if (q !== null && q !== '') {
    const limit = readLimit(req.query, 300, 10000)
    const hits = all.filter((g) => prefixMatch(q, [g.profile.name])).slice(0, limit)
    return listResponse(req, hits.map(render))
  }
  const groups = applySearch(all, readSearch(req.query))
  return pagedList(req, groups, (g) => g.id, { fallback: 10000, max: 10000 }, render)
}

function requireGroup(req: SimRequest, ctx: SimContext): OktaGroup {
  return found(ctx.directory.groups, req.params.groupId ?? '', 'UserGroup')
}

function getGroup(req: SimRequest, ctx: SimContext): SimResponse {
  return { status: 200, body: JSON.stringify(groupJson(requireGroup(req, ctx), req.baseUrl)) }
}

function listGroupUsers(req: SimRequest, ctx: SimContext): SimResponse {
  const group = requireGroup(req, ctx)
  const members = [...(ctx.directory.groupMembers.get(group.id) ?? [])].flatMap((id) => {
    const user = ctx.directory.users.get(id)
    return user ? [user] : []
  })
  return pagedList(
    req,
    members,
    (u) => u.id,
    { fallback: 1000, max: 10000 },
    (u) => userJson(u, req.baseUrl),
  )
}

function listGroupApps(req: SimRequest, ctx: SimContext): SimResponse {
  const group = requireGroup(req, ctx)
  const apps = [...ctx.directory.apps.values()].filter((a) =>
    ctx.directory.appGroups.get(a.id)?.has(group.id),
  )
  return pagedList(
    req,
    apps,
    (a) => a.id,
    { fallback: 20, max: 200 },
    (a) => appJson(a, req.baseUrl),
  )
}

export const groupsRoutes: readonly Route[] = [
  { method: 'GET', pattern: '/api/v1/groups', scope: 'okta.groups.read', handle: listGroups },
  {
    method: 'GET',
    pattern: '/api/v1/groups/:groupId',
    scope: 'okta.groups.read',
    handle: getGroup,
  },
  {
    method: 'GET',
    pattern: '/api/v1/groups/:groupId/users',
    scope: 'okta.groups.read',
    handle: listGroupUsers,
  },
  {
    method: 'GET',
    pattern: '/api/v1/groups/:groupId/apps',
    scope: 'okta.groups.read',
    handle: listGroupApps,
  },
]
