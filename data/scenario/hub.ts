// The hub: the company whose Okta org the partners sign in to. Its employees (some of them admins)
// live around its headquarters and reach Okta from home or through the office egress.
import { place } from './geo-places.js'
import { corporateNetwork } from './networks.js'
import type { Endpoint } from './model.js'

export const HUB = {
  name: 'Acme Corp',
  domain: 'acme.example',
  zone: 'America/Chicago',
  homes: [place('US/Chicago'), place('US/Milwaukee')],
  egress: {
    network: corporateNetwork(64500, 'Acme Corp', 'acme.example', [198, 51, 100]),
    place: place('US/Chicago'),
    zoneName: 'Acme HQ',
  },
} as const

/** The office NAT address admins act from. */
export function hubOfficeEndpoint(n: number): Endpoint {
  return {
    ip: `198.51.100.${10 + (n % 4)}`,
    place: HUB.egress.place,
    network: HUB.egress.network,
    zoneName: HUB.egress.zoneName,
  }
}

export const ADMIN_ROLES = [
  'SUPER_ADMIN',
  'ORG_ADMIN',
  'USER_ADMIN',
  'APP_ADMIN',
  'HELP_DESK_ADMIN',
]

/** Okta's display text for a role, as `debugData.privilegeGranted` carries it. */
export const ROLE_LABEL: Record<string, string> = {
  SUPER_ADMIN: 'Super administrator',
  ORG_ADMIN: 'Organization administrator',
  USER_ADMIN: 'Group administrator',
  APP_ADMIN: 'Application administrator (all)',
  HELP_DESK_ADMIN: 'Help desk administrator',
  READ_ONLY_ADMIN: 'Read only administrator',
  REPORT_ADMIN: 'Report administrator',
}
