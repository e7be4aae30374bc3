// The directory snapshot at the scenario's end, in Okta's API shapes: users (with the custom
// partner attributes), groups and memberships, apps and their user and group assignments, the
// partners' IdPs with linked users, and admin roles.
import type { AccessModel } from './access.js'
import type { RoleGrant } from './admin-plan.js'
import type { ScenarioUser, ScenarioWindow } from './model.js'
import type { PartnerSpec } from './partners.js'
import type { OktaUser, ScenarioDirectory } from './types.js'
import { MS_PER_DAY } from './time-zone.js'
import type { UserState } from './user-state.js'

const iso = (ms: number): string => new Date(ms).toISOString()
const PARTNER_TYPE = 'oty1partner0usertype697'
const EMPLOYEE_TYPE = 'oty1default0usertype697'

function oktaUser(u: ScenarioUser, state: UserState | undefined, window: ScenarioWindow): OktaUser {
  const life = u.life
  const lastLogin = state?.lastLoginMs ?? life.lastLoginBeforeMs
  const changed = life.statusChangedMs ?? u.createdMs
  const profile: OktaUser['profile'] = {
    login: u.login,
    email: u.login,
    firstName: u.firstName,
    lastName: u.lastName,
    countryCode: u.home.countryCode,
    city: u.home.city,
    userType: u.partner ? 'Partner' : 'Employee',
    organization: u.partner ? u.partner.name : 'Acme Corp',
  }
  if (u.partner) {
    profile.partnerId = u.partner.id
    profile.contractEndDate = u.contractEndDate
  }
  const federated = u.auth !== 'okta'
  return {
    id: u.id,
    status: life.status,
    created: iso(u.createdMs),
    activated: u.activatedMs === null ? null : iso(u.activatedMs),
    statusChanged: life.status === 'PROVISIONED' ? null : iso(changed),
    lastLogin: lastLogin === null ? null : iso(lastLogin),
    lastUpdated: iso(Math.min(window.endMs, Math.max(changed, u.createdMs + 60_000))),
    passwordChanged:
      u.passwordChangedMs === null ? null : iso(Math.max(u.createdMs, u.passwordChangedMs)),
    type: { id: u.partner ? PARTNER_TYPE : EMPLOYEE_TYPE },
    profile,
    credentials: {
      provider: federated
        ? { type: 'FEDERATION', name: 'FEDERATION' }
        : { type: 'OKTA', name: 'OKTA' },
    },
  }
}

export function buildDirectory(
  window: ScenarioWindow,
  partners: PartnerSpec[],
  users: ScenarioUser[],
  states: UserState[],
  access: AccessModel,
  roleGrants: RoleGrant[],
): ScenarioDirectory {
  const orgCreated = window.startMs - 900 * MS_PER_DAY
  const inWindow = (ms: number): boolean => ms < window.endMs
  const byId = new Map(users.map((u) => [u.index, u]))
  return {
    asOf: iso(window.endMs),
    users: users.map((u) => oktaUser(u, states[u.index], window)),
    groups: access.groups.map((g) => ({
      id: g.id,
      created: iso(orgCreated),
      lastUpdated: iso(orgCreated),
      lastMembershipUpdated: iso(window.endMs - MS_PER_DAY),
      objectClass: ['okta:user_group'],
      type: g.type,
      profile: { name: g.name, description: g.description },
    })),
    groupMembers: users.flatMap((u) =>
      u.groups
        .filter((g) => inWindow(g.sinceMs))
        .map((g) => ({ groupId: g.groupId, userId: u.id })),
    ),
    apps: access.apps.map((a) => ({
      id: a.id,
      name: a.name,
      label: a.label,
      status: a.status,
      signOnMode: a.signOnMode,
      created: iso(orgCreated),
      lastUpdated: iso(orgCreated + 30 * MS_PER_DAY),
    })),
    appUsers: users
      .filter((u) => u.life.status !== 'DEPROVISIONED')
      .flatMap((u) =>
        u.apps
          .filter((g) => inWindow(g.sinceMs))
          .map((g) => ({
            appId: access.apps[g.appIndex]?.id ?? '',
            userId: u.id,
            scope: g.groupId ? ('GROUP' as const) : ('USER' as const),
            created: iso(g.sinceMs),
            ...(g.groupId ? { groupId: g.groupId } : {}),
          })),
      ),
    appGroups: access.appGroups.map((ag) => ({
      appId: access.apps[ag.appIndex]?.id ?? '',
      groupId: ag.groupId,
    })),
    idps: partners
      .filter((p) => p.idpId !== null)
      .map((p) => ({
        id: p.idpId ?? '',
        type: p.auth === 'saml' ? ('SAML2' as const) : ('OIDC' as const),
        name: `${p.name} ${p.auth === 'saml' ? 'SAML' : 'OIDC'} IdP`,
        status: 'ACTIVE' as const,
        created: iso(orgCreated + 60 * MS_PER_DAY),
        lastUpdated: iso(orgCreated + 60 * MS_PER_DAY),
        protocol: { type: p.auth === 'saml' ? 'SAML2' : 'OIDC' },
        policy: { provisioning: { action: 'AUTO' as const } },
      })),
    idpUsers: users
      .filter((u) => u.idpExternalId !== null && u.partner?.idpId && u.createdMs < window.endMs)
      .map((u) => ({
        idpId: u.partner?.idpId ?? '',
        userId: u.id,
        externalId: u.idpExternalId ?? '',
        created: iso(u.createdMs),
      })),
    adminRoles: roleGrants
      .filter((g) => inWindow(g.atMs))
      .sort((a, b) => a.userIndex - b.userIndex || a.atMs - b.atMs)
      .map((g) => ({
        userId: byId.get(g.userIndex)?.id ?? '',
        roleType: g.roleType,
        assignedAt: iso(g.atMs),
      })),
  }
}
