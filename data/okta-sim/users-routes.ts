// GET /api/v1/users and a user's groups, app links and admin roles (okta-api.md §5). A plain list
// hides DEPROVISIONED users; `search` / `filter` see every user; `q` is a prefix match that is not
// pageable (no next link) and also hides DEPROVISIONED users.
import type { OktaUser } from '../scenario/types.js'
import { applySearch, prefixMatch, readSearch } from './directory-search.js'
import { appLinkJson, groupJson, roleJson, userJson } from './directory-shapes.js'
import { notFound } from './errors.js'
import { listResponse, pagedList, readLimit } from './paging.js'
import type { Route, SimContext, SimRequest, SimResponse } from './types.js'

const USER_LIMITS = { fallback: 200, max: 200 }

function listUsers(req: SimRequest, ctx: SimContext): SimResponse {
  const all = [...ctx.directory.users.values()]
  const q = req.query.get('q')
  if (q !== null && q !== '') {
    const limit = readLimit(req.query, 10, USER_LIMITS.max)
    const hits = all
      .filter((u) => u.status !== 'DEPROVISIONED')
      .filter((u) =>
        prefixMatch(q, [u.profile.firstName, u.profile.lastName, u.profile.email, u.profile.login]),
      )
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .slice(0, limit)
    return listResponse(
      req,
      hits.map((u) => userJson(u, req.baseUrl)),
    )
  }
  const search = readSearch(req.query)
  const users = search ? applySearch(all, search) : all.filter((u) => u.status !== 'DEPROVISIONED')
  return pagedList(
    req,
    users,
    (u) => u.id,
    USER_LIMITS,
    (u) => userJson(u, req.baseUrl),
  )
}

/** The user named by the `:userId` segment (an id or a login), or 404 E0000007. */
export function requireUser(req: SimRequest, ctx: SimContext): OktaUser {
  const id = req.params.userId ?? ''
  const user = ctx.directory.findUser(id)
  if (!user) {
    throw notFound(`${id} (User)`)
  }
  return user
}

function getUser(req: SimRequest, ctx: SimContext): SimResponse {
  return { status: 200, body: JSON.stringify(userJson(requireUser(req, ctx), req.baseUrl)) }
}

function listUserGroups(req: SimRequest, ctx: SimContext): SimResponse {
  const user = requireUser(req, ctx)
  const groups = ctx.directory.groupsOf(user.id).sort((a, b) => (a.id < b.id ? -1 : 1))
  return listResponse(
    req,
    groups.map((g) => groupJson(g, req.baseUrl)),
  )
}

function listAppLinks(req: SimRequest, ctx: SimContext): SimResponse {
  const user = requireUser(req, ctx)
  const links = ctx.directory
    .assignmentsOf(user.id)
    .flatMap((a) => {
      const app = ctx.directory.apps.get(a.appId)
      return app && app.status === 'ACTIVE' ? [{ a, app }] : []
    })
    .sort((x, y) => x.app.label.localeCompare(y.app.label))
    .map(({ a, app }, i) => appLinkJson(a, app, req.baseUrl, i))
  return listResponse(req, links)
}

function listUserRoles(req: SimRequest, ctx: SimContext): SimResponse {
  const user = requireUser(req, ctx)
  const roles = ctx.directory.rolesOf(user.id).map((r, i) => roleJson(r, i, req.baseUrl))
  return listResponse(req, roles)
}

export const usersRoutes: readonly Route[] = [
  { method: 'GET', pattern: '/api/v1/users', scope: 'okta.users.read', handle: listUsers },
  { method: 'GET', pattern: '/api/v1/users/:userId', scope: 'okta.users.read', handle: getUser },
  {
    method: 'GET',
    pattern: '/api/v1/users/:userId/groups',
    scope: 'okta.users.read',
    handle: listUserGroups,
  },
  {
    method: 'GET',
    pattern: '/api/v1/users/:userId/appLinks',
    scope: 'okta.users.read',
    handle: listAppLinks,
  },
  {
    method: 'GET',
    pattern: '/api/v1/users/:userId/roles',
    scope: 'okta.roles.read',
    handle: listUserRoles,
  },
]
