// Admin actions as Okta logs them: the admin is the actor (from the admin console, at the office),
// the changed user is the target. Lifecycle changes, group and app membership, role grants.
import type { AppSpec, GroupSpec } from './access.js'
import type { Device } from './devices.js'
import { authContext, fixedParts, target, userActor } from './event-parts.js'
import { ROLE_LABEL } from './hub.js'
import { logEvent, SUCCESS, type EventLine } from './log-event.js'
import type { Endpoint, LifecycleEventType, ScenarioUser } from './model.js'
import type { Rng } from './random.js'

export interface AdminContext {
  admin: ScenarioUser
  device: Device
  endpoint: Endpoint
  sessionId: string
  requestId: string
}

function adminEvent(
  rng: Rng,
  t: number,
  c: AdminContext,
  e: {
    eventType: string
    displayMessage: string
    legacyEventType: string
    uri: string
    target: string[]
    privilege?: string
  },
): EventLine {
  const privilege = e.privilege ? `"privilegeGranted":${JSON.stringify(e.privilege)},` : ''
  return logEvent(rng, t, fixedParts(c.admin, c.device, c.endpoint), {
    authenticationContext: authContext(c.sessionId),
    debugData: `{"dtHash":"${c.device.dtHash}",${privilege}"requestId":"${c.requestId}","requestUri":"${e.uri}","threatSuspected":"false","url":"${e.uri}?"}`,
    displayMessage: e.displayMessage,
    eventType: e.eventType,
    legacyEventType: e.legacyEventType,
    outcome: SUCCESS,
    severity: 'INFO',
    target: `[${e.target.join(',')}]`,
    transactionId: c.requestId,
  })
}

const LIFECYCLE: Record<LifecycleEventType, { message: string; legacy: string }> = {
  create: { message: 'Create okta user', legacy: 'core.user.config.user_creation.success' },
  activate: { message: 'Activate Okta user', legacy: 'core.user.config.user_activated' },
  deactivate: { message: 'Deactivate Okta user', legacy: 'core.user.config.user_deactivated' },
  suspend: { message: 'Suspend Okta user', legacy: 'core.user.config.user_status.suspended' },
  unsuspend: { message: 'Unsuspend Okta user', legacy: 'core.user.config.user_status.unsuspended' },
}

export function lifecycleEvent(
  rng: Rng,
  t: number,
  c: AdminContext,
  type: LifecycleEventType,
  user: ScenarioUser,
): EventLine {
  const l = LIFECYCLE[type]
  return adminEvent(rng, t, c, {
    eventType: `user.lifecycle.${type}`,
    displayMessage: l.message,
    legacyEventType: l.legacy,
    uri: type === 'create' ? '/api/v1/users' : `/api/v1/users/${user.id}/lifecycle/${type}`,
    target: [userActor(user)],
  })
}

export function groupMembershipAdd(
  rng: Rng,
  t: number,
  c: AdminContext,
  user: ScenarioUser,
  group: GroupSpec,
): EventLine {
  return adminEvent(rng, t, c, {
    eventType: 'group.user_membership.add',
    displayMessage: 'Add user to group membership',
    legacyEventType: 'core.user_group_member.user_add',
    uri: `/api/v1/groups/${group.id}/users/${user.id}`,
    target: [userActor(user), target('UserGroup', group.id, group.name, group.name)],
  })
}

export function appMembershipAdd(
  rng: Rng,
  t: number,
  c: AdminContext,
  user: ScenarioUser,
  app: AppSpec,
): EventLine {
  const name = `${user.firstName} ${user.lastName}`
  return adminEvent(rng, t, c, {
    eventType: 'application.user_membership.add',
    displayMessage: 'Add user to application membership',
    legacyEventType: 'app.generic.provision.assign_user_to_app',
    uri: `/api/v1/apps/${app.id}/users`,
    target: [
      target('AppUser', user.id, user.login, name),
      target('AppInstance', app.id, app.label, app.label),
      userActor(user),
    ],
  })
}

export function privilegeGrant(
  rng: Rng,
  t: number,
  c: AdminContext,
  user: ScenarioUser,
  roleType: string,
): EventLine {
  return adminEvent(rng, t, c, {
    eventType: 'user.account.privilege.grant',
    displayMessage: 'Grant user privilege',
    legacyEventType: 'core.user.admin_privilege.granted',
    uri: `/api/v1/users/${user.id}/roles`,
    target: [userActor(user)],
    privilege: ROLE_LABEL[roleType] ?? roleType,
  })
}
