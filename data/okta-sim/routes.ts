// The route table of the simulated org.
import type { Authenticator } from './auth.js'
import { appsRoutes } from './apps-routes.js'
import { groupsRoutes } from './groups-routes.js'
import { idpsRoutes } from './idps-routes.js'
import { lifecycleRoutes } from './lifecycle-routes.js'
import { logsRoutes } from './logs-route.js'
import { oauthRoutes, type OAuthOptions } from './oauth-route.js'
import type { Route } from './types.js'
import { usersRoutes } from './users-routes.js'

export function allRoutes(oauth: OAuthOptions | undefined, auth: Authenticator): Route[] {
  return [
    ...logsRoutes,
    ...usersRoutes,
    ...groupsRoutes,
    ...appsRoutes,
    ...idpsRoutes,
    ...lifecycleRoutes,
    ...oauthRoutes(oauth, auth),
  ]
}
