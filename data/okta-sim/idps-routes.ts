// GET /api/v1/idps (with `q` and `type`), one IdP, and the users linked to it (okta-api.md §5).
import type { OktaIdp } from '../scenario/types.js'
import { prefixMatch } from './directory-search.js'
import { idpJson, idpUserJson } from './directory-shapes.js'
import { found } from './errors.js'
import { pagedList } from './paging.js'
import type { Route, SimContext, SimRequest, SimResponse } from './types.js'

const IDP_LIMITS = { fallback: 20, max: 200 }

function listIdps(req: SimRequest, ctx: SimContext): SimResponse {
  const q = req.query.get('q')
  const type = req.query.get('type')
  const idps = [...ctx.directory.idps.values()].filter(
    (i) => (!q || prefixMatch(q, [i.name])) && (!type || i.type === type),
  )
  return pagedList(
    req,
    idps,
    (i) => i.id,
    IDP_LIMITS,
    (i) => idpJson(i, req.baseUrl),
  )
}

function requireIdp(req: SimRequest, ctx: SimContext): OktaIdp {
  return found(ctx.directory.idps, req.params.idpId ?? '', 'IdpAppInstance')
}

function getIdp(req: SimRequest, ctx: SimContext): SimResponse {
  return { status: 200, body: JSON.stringify(idpJson(requireIdp(req, ctx), req.baseUrl)) }
}

function listIdpUsers(req: SimRequest, ctx: SimContext): SimResponse {
  const idp = requireIdp(req, ctx)
  const links = [...(ctx.directory.idpUsers.get(idp.id)?.values() ?? [])]
  return pagedList(
    req,
    links,
    (l) => l.userId,
    IDP_LIMITS,
    (l) => idpUserJson(l, req.baseUrl),
  )
}

export const idpsRoutes: readonly Route[] = [
  { method: 'GET', pattern: '/api/v1/idps', scope: 'okta.idps.read', handle: listIdps },
  { method: 'GET', pattern: '/api/v1/idps/:idpId', scope: 'okta.idps.read', handle: getIdp },
  {
    method: 'GET',
    pattern: '/api/v1/idps/:idpId/users',
    scope: 'okta.idps.read',
    handle: listIdpUsers,
  },
]
