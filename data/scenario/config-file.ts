// The partnerwatch.config.json that goes with a scenario: one entry per partner, matching its users
// by profile attribute, IdP, group and email domain, with its zone, hours, countries, egress and
// contract. Federated partners do MFA at their own IdP, so the hub does not require it of them.
import { cidrOf } from './networks.js'
import type { PartnerSpec } from './partners.js'

export function partnerConfig(p: PartnerSpec): Record<string, unknown> {
  return {
    id: p.id,
    name: p.name,
    match: {
      profileAttribute: { name: 'partnerId', value: p.id },
      idpIds: p.idpId ? [p.idpId] : [],
      groupIds: [p.groupId],
      emailDomains: [p.domain],
    },
    timeZone: p.timeZone,
    businessHours: p.businessHours,
    allowedCountries: p.homes.map((h) => h.countryCode),
    knownEgress: { asns: [p.egress.network.asn], cidrs: [cidrOf(p.egress.network)] },
    ...(p.contractEnd ? { contractEnd: p.contractEnd } : {}),
    requireMfa: p.requireMfa,
    dormantAfterDays: p.dormantAfterDays,
    color: p.color,
  }
}

export function configFile(partners: PartnerSpec[]): { partners: Record<string, unknown>[] } {
  return { partners: partners.map(partnerConfig) }
}
