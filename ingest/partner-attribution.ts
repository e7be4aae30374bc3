// Which partner a directory user belongs to, and by which rule. Pure: the caller gathers the
// user's groups and IdP links. Rules apply in a fixed order across all partners (profile attribute,
// then IdP, then group, then email domain); within one rule the first partner in config order wins.
import type { PartnerConfig } from '../lib/config.js'

export const PARTNER_RULES = ['profile-attribute', 'idp', 'group', 'email-domain'] as const
export type PartnerRule = (typeof PARTNER_RULES)[number]

export interface Attribution {
  partnerId: string
  rule: PartnerRule
  /** The IdP that matched when `rule` is `idp`. */
  idpId?: string
}

export interface AttributionUser {
  login: string | null | undefined
  email: string | null | undefined
  /** Profile attributes (at least those the partners' profileAttribute rules name). */
  profile: Readonly<Record<string, unknown>>
  /** `credentials.provider.type`: OKTA, FEDERATION, SOCIAL, ACTIVE_DIRECTORY, … */
  providerType: string | null | undefined
  /** `credentials.provider.name`; for federated users it may name the IdP (its id or name). */
  providerName: string | null | undefined
}

export interface AttributionContext {
  partners: readonly PartnerConfig[]
  /** Ids of the groups the user is a member of (those the partners name are enough). */
  groupIds: readonly string[]
  /** Ids of the IdPs the user is linked to (`GET /idps/{id}/users`). */
  linkedIdpIds: readonly string[]
  /** IdP names by id, so a provider name that is an IdP's name points at that IdP. */
  idpNames?: ReadonlyMap<string, string>
}

/** The partner of `user`, or null when no rule of any partner matches. */
export function attributePartner(
  user: AttributionUser,
  context: AttributionContext,
): Attribution | null {
  const { partners } = context
  for (const p of partners) {
    const attr = p.match.profileAttribute
    if (attr && profileMatches(user.profile[attr.name], attr.value)) {
      return { partnerId: p.id, rule: 'profile-attribute' }
    }
  }
  const providerIdps = providerIdpIds(user, context.idpNames)
  for (const p of partners) {
    const idpId = p.match.idpIds.find(
      (id) => context.linkedIdpIds.includes(id) || providerIdps.includes(id),
    )
    if (idpId !== undefined) {
      return { partnerId: p.id, rule: 'idp', idpId }
    }
  }
  for (const p of partners) {
    if (p.match.groupIds.some((id) => context.groupIds.includes(id))) {
      return { partnerId: p.id, rule: 'group' }
    }
  }
  const domains = [domainOf(user.login), domainOf(user.email)].filter((d) => d !== null)
  for (const p of partners) {
    if (p.match.emailDomains.some((d) => domains.includes(d.toLowerCase()))) {
      return { partnerId: p.id, rule: 'email-domain' }
    }
  }
  return null
}

/** True for FEDERATION and SOCIAL users: their credentials come from an identity provider. */
export function isFederatedProvider(providerType: string | null | undefined): boolean {
  return providerType === 'FEDERATION' || providerType === 'SOCIAL'
}

/**
 * Looks external: federated or social credentials, or a login domain outside the org's internal
 * domains. With no internal domains known, only the provider decides.
 */
export function looksExternal(
  user: Pick<AttributionUser, 'login' | 'providerType'>,
  internalDomains: ReadonlySet<string>,
): boolean {
  if (isFederatedProvider(user.providerType)) {
    return true
  }
  const domain = domainOf(user.login)
  return internalDomains.size > 0 && domain !== null && !internalDomains.has(domain)
}

/** The lower-cased domain after the last `@`, or null when there is none. */
export function domainOf(address: string | null | undefined): string | null {
  if (!address) {
    return null
  }
  const at = address.lastIndexOf('@')
  const domain = at < 0 ? '' : address.slice(at + 1).trim()
  return domain === '' ? null : domain.toLowerCase()
}

function profileMatches(value: unknown, wanted: string): boolean {
  if (Array.isArray(value)) {
    return value.some((v) => profileMatches(v, wanted))
  }
  if (typeof value === 'string') {
    return value === wanted
  }
  return (typeof value === 'number' || typeof value === 'boolean') && String(value) === wanted
}

/** IdP ids a federated user's provider name points at: the id itself, or an IdP's name. */
function providerIdpIds(
  user: AttributionUser,
  idpNames: ReadonlyMap<string, string> | undefined,
): string[] {
  const name = user.providerName
  if (!name || !isFederatedProvider(user.providerType)) {
    return []
  }
  const ids = [name]
  const wanted = name.toLowerCase()
  for (const [id, idpName] of idpNames ?? []) {
    if (idpName.toLowerCase() === wanted) {
      ids.push(id)
    }
  }
  return ids
}
