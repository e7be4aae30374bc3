// Turns fetched users into dir_users rows: the partner each belongs to and by which rule, whether
// the user looks external, was created through an IdP (JIT), which IdP, and the contract end.
import type { PartnerConfig } from '../../lib/config.js'
import {
  attributePartner,
  isFederatedProvider,
  looksExternal,
  type Attribution,
} from '../partner-attribution.js'
import { resolveInternalDomains, type InternalDomains } from './internal-domains.js'
import type { DirUserRow, FetchedIdp, FetchedUser, GroupMember } from './types.js'

export interface UserLinks {
  groupMembers: readonly GroupMember[]
  idpUsers: readonly { idpId: string; userId: string }[]
  idps: readonly FetchedIdp[]
}

export interface AttributeUsersOptions {
  partners: readonly PartnerConfig[]
  internalDomains: readonly string[]
  contractEndAttribute: string
}

const NONE: readonly string[] = []

export function attributeUsers(
  users: readonly FetchedUser[],
  links: UserLinks,
  options: AttributeUsersOptions,
): { rows: DirUserRow[]; internalDomains: InternalDomains } {
  // Only memberships of groups some partner names can matter to attribution.
  const partnerGroups = new Set(options.partners.flatMap((p) => p.match.groupIds))
  const groupsOf = index(
    links.groupMembers
      .filter((m) => partnerGroups.has(m.groupId))
      .map((m) => [m.userId, m.groupId]),
  )
  const idpsOf = index(links.idpUsers.map((l) => [l.userId, l.idpId]))
  const idpNames = new Map(links.idps.map((i) => [i.id, i.name ?? '']))
  const autoIdps = new Set(
    links.idps.filter((i) => i.provisioningAction === 'AUTO').map((i) => i.id),
  )
  const attributed = users.map((user) => {
    const linkedIdpIds = idpsOf.get(user.id) ?? NONE
    const { login, email, providerType, providerName } = user
    const attribution = attributePartner(
      { login, email, providerType, providerName, profile: user.attributes },
      {
        partners: options.partners,
        groupIds: groupsOf.get(user.id) ?? NONE,
        linkedIdpIds,
        idpNames,
      },
    )
    return { user, attribution, linkedIdpIds }
  })
  const internalDomains = resolveInternalDomains(
    options.internalDomains,
    attributed.filter((a) => a.attribution === null).map((a) => a.user),
  )
  const internal = new Set(internalDomains.domains)
  const rows = attributed.map(({ user, attribution, linkedIdpIds }) => ({
    user,
    partnerId: attribution?.partnerId ?? null,
    partnerRule: attribution?.rule ?? null,
    looksExternal: looksExternal(user, internal),
    jit: isFederatedProvider(user.providerType) || linkedIdpIds.some((id) => autoIdps.has(id)),
    idpId: idpOf(user, attribution, linkedIdpIds, idpNames),
    contractEnd: isoDate(user.attributes[options.contractEndAttribute]),
  }))
  return { rows, internalDomains }
}

/** The IdP that matched, else the first linked one (by id), else one the provider name points at. */
function idpOf(
  user: FetchedUser,
  attribution: Attribution | null,
  linked: readonly string[],
  idpNames: ReadonlyMap<string, string>,
): string | null {
  if (attribution?.idpId !== undefined) {
    return attribution.idpId
  }
  const first = linked[0]
  if (first !== undefined) {
    return first
  }
  const name = user.providerName
  if (!name || !isFederatedProvider(user.providerType)) {
    return null
  }
  if (idpNames.has(name)) {
    return name
  }
  const byName = [...idpNames].find(([, n]) => n.toLowerCase() === name.toLowerCase())
  return byName ? byName[0] : null
}

/** Values by key, each list sorted and without repeats. */
function index(pairs: readonly (readonly [string, string])[]): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const [key, value] of pairs) {
    const list = out.get(key)
    if (list === undefined) {
      out.set(key, [value])
    } else if (!list.includes(value)) {
      list.push(value)
    }
  }
  for (const list of out.values()) {
    if (list.length > 1) {
      list.sort()
    }
  }
  return out
}

/** A `YYYY-MM-DD` calendar date, or null. */
function isoDate(value: unknown): string | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return null
  }
  const date = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value) ? value : null
}
