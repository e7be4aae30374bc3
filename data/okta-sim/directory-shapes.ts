// Directory objects as Okta serves them: the scenario's API-shaped objects plus `_links` with
// absolute hrefs on the server's own host, and the derived shapes (AppUser, AppLink, role, IdP user).
import type { OktaApp, OktaGroup, OktaIdp, OktaUser } from '../scenario/types.js'
import type { AdminRole, AppAssignment, IdpLink } from './directory-state.js'

const href = (base: string, path: string) => ({ href: `${base}${path}` })

export function userJson(user: OktaUser, base: string) {
  const self = `/api/v1/users/${user.id}`
  return {
    ...user,
    _links: {
      self: href(base, self),
      ...(user.status === 'ACTIVE'
        ? {
            suspend: { ...href(base, `${self}/lifecycle/suspend`), method: 'POST' },
            deactivate: { ...href(base, `${self}/lifecycle/deactivate`), method: 'POST' },
          }
        : {}),
    },
  }
}

export function groupJson(group: OktaGroup, base: string, usersCount?: number) {
  const self = `/api/v1/groups/${group.id}`
  return {
    ...group,
    _links: {
      self: href(base, self),
      users: href(base, `${self}/users`),
      apps: href(base, `${self}/apps`),
    },
    ...(usersCount === undefined ? {} : { _embedded: { stats: { usersCount } } }),
  }
}

export function appJson(app: OktaApp, base: string) {
  const self = `/api/v1/apps/${app.id}`
  return {
    ...app,
    _links: {
      self: href(base, self),
      users: href(base, `${self}/users`),
      groups: href(base, `${self}/groups`),
    },
  }
}

export function appUserJson(
  a: AppAssignment,
  user: OktaUser | undefined,
  base: string,
  embed: boolean,
) {
  return {
    id: a.userId,
    externalId: null,
    created: a.created,
    lastUpdated: a.created,
    scope: a.scope,
    status: 'ACTIVE',
    statusChanged: a.created,
    passwordChanged: null,
    syncState: 'DISABLED',
    credentials: { userName: user?.profile.login ?? a.userId },
    profile: {},
    _links: {
      app: href(base, `/api/v1/apps/${a.appId}`),
      user: href(base, `/api/v1/users/${a.userId}`),
      ...(a.groupId ? { group: href(base, `/api/v1/groups/${a.groupId}`) } : {}),
    },
    ...(embed && user ? { _embedded: { user: userJson(user, base) } } : {}),
  }
}

export function appGroupJson(appId: string, groupId: string, base: string, lastUpdated: string) {
  return {
    id: groupId,
    lastUpdated,
    priority: 0,
    profile: {},
    _links: {
      app: href(base, `/api/v1/apps/${appId}`),
      group: href(base, `/api/v1/groups/${groupId}`),
    },
  }
}

export function appLinkJson(a: AppAssignment, app: OktaApp, base: string, sortOrder: number) {
  return {
    id: `${a.appId}${a.userId}`.slice(0, 20),
    label: app.label,
    linkUrl: `${base}/home/${app.name}/${app.id}/alnk`,
    logoUrl: `${base}/assets/img/logos/default.png`,
    appName: app.name,
    appInstanceId: app.id,
    appAssignmentId: `0ua${a.userId.slice(3)}`.slice(0, 20),
    credentialsSetup: false,
    hidden: false,
    sortOrder,
  }
}

const ROLE_LABELS: Readonly<Record<string, string>> = {
  SUPER_ADMIN: 'Super Administrator',
  ORG_ADMIN: 'Organizational Administrator',
  APP_ADMIN: 'Application Administrator',
  USER_ADMIN: 'Group Administrator',
  GROUP_MEMBERSHIP_ADMIN: 'Group Membership Administrator',
  HELP_DESK_ADMIN: 'Help Desk Administrator',
  READ_ONLY_ADMIN: 'Read Only Administrator',
  REPORT_ADMIN: 'Report Administrator',
  API_ACCESS_MANAGEMENT_ADMIN: 'API Access Management Administrator',
}

export function roleJson(role: AdminRole, index: number, base: string) {
  return {
    id: `ra1${role.userId.slice(3, 15)}${String(index).padStart(5, '0')}`,
    label: ROLE_LABELS[role.roleType] ?? role.roleType,
    type: role.roleType,
    status: 'ACTIVE',
    created: role.assignedAt,
    lastUpdated: role.assignedAt,
    assignmentType: 'USER',
    _links: { assignee: href(base, `/api/v1/users/${role.userId}`) },
  }
}

export function idpJson(idp: OktaIdp, base: string) {
  return { ...idp, _links: { self: href(base, `/api/v1/idps/${idp.id}`) } }
}

export function idpUserJson(link: IdpLink, base: string) {
  return {
    id: link.userId,
    externalId: link.externalId,
    created: link.created,
    lastUpdated: link.created,
    profile: {},
    _links: {
      idp: href(base, `/api/v1/idps/${link.idpId}`),
      user: href(base, `/api/v1/users/${link.userId}`),
    },
  }
}
