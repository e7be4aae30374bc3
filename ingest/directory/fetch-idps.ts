// Identity providers and the users linked to each, through the SDK's typed IdentityProviderApi.
import type {
  Client,
  IdentityProvider,
  IdentityProviderApplicationUser,
} from '@okta/okta-sdk-nodejs'
import { collectAll, dateOrNull, mapConcurrent, textOrNull } from './collect.js'
import type { FetchedIdp, FetchedIdpUser } from './types.js'

/** GET /api/v1/idps and /idps/{id}/users allow 200 per page. */
export const IDPS_PAGE_LIMIT = 200
export const IDP_USERS_PAGE_LIMIT = 200

export interface FetchedIdps {
  idps: FetchedIdp[]
  idpUsers: FetchedIdpUser[]
}

export async function fetchIdps(client: Client, concurrency: number): Promise<FetchedIdps> {
  const idps = await collectAll(
    client.identityProviderApi.listIdentityProviders({ limit: IDPS_PAGE_LIMIT }),
    toFetchedIdp,
  )
  const perIdp = await mapConcurrent(idps, concurrency, (idp) =>
    collectAll(
      client.identityProviderApi.listIdentityProviderApplicationUsers({
        idpId: idp.id,
        limit: IDP_USERS_PAGE_LIMIT,
      }),
      (u) => toFetchedIdpUser(idp.id, u),
    ),
  )
  return { idps, idpUsers: perIdp.flat() }
}

export function toFetchedIdp(idp: IdentityProvider): FetchedIdp | undefined {
  if (!idp.id) {
    return undefined
  }
  // IdentityProviderProtocol is a union of protocol classes; each carries its `type`.
  const protocol: unknown = idp.protocol
  const protocolType =
    typeof protocol === 'object' && protocol !== null && 'type' in protocol ? protocol.type : null
  return {
    id: idp.id,
    name: textOrNull(idp.name),
    type: textOrNull(idp.type),
    status: textOrNull(idp.status),
    protocol: textOrNull(protocolType),
    provisioningAction: textOrNull(idp.policy?.provisioning?.action),
    created: dateOrNull(idp.created),
    lastUpdated: dateOrNull(idp.lastUpdated),
  }
}

export function toFetchedIdpUser(
  idpId: string,
  u: IdentityProviderApplicationUser,
): FetchedIdpUser | undefined {
  if (!u.id) {
    return undefined
  }
  return {
    idpId,
    userId: u.id,
    externalId: textOrNull(u.externalId),
    created: dateOrNull(u.created),
    lastUpdated: dateOrNull(u.lastUpdated),
  }
}
