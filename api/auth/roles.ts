// The API's roles (DESIGN.md): who may do what is declared per route as a list of these.

export const ROLES = ['admin', 'analyst', 'auditor', 'siem', 'partner-admin'] as const
export type Role = (typeof ROLES)[number]

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value)
}

/**
 * Who is asking: the token's id, name and role, and `partnerScope`, the one partner a partner-admin
 * may read (null for every other role). Every query of every route binds `partnerScope`, so no
 * parameter can widen it.
 */
export interface Principal {
  tokenId: string
  name: string
  role: Role
  partnerScope: string | null
}
