// User lifecycle calls and membership removals. Each changes the in-memory directory and logs the
// LogEvent Okta would (user.lifecycle.*, group.user_membership.remove,
// application.user_membership.remove), visible in /logs at once. Lifecycle calls answer 200 with an
// empty body, removals 204.
import type { OktaUser, OktaUserStatus } from '../scenario/types.js'
import { adminEvent, type EventTarget } from './admin-events.js'
import {
  found,
  notFound,
  randomOktaId,
  SimHttpError,
  validationFailed,
  wrongStatus,
} from './errors.js'
import type { Route, SimContext, SimRequest, SimResponse } from './types.js'
import { requireUser } from './users-routes.js'

interface Transition {
  allowed(status: OktaUserStatus): boolean
  to: OktaUserStatus
  displayMessage: string
  refuse(): SimHttpError
  /** activate / reactivate answer with an activation token (sendEmail=false); the rest are empty. */
  activationToken?: boolean
}

const TRANSITIONS: Readonly<Record<string, Transition>> = {
  deactivate: {
    allowed: (s) => s !== 'DEPROVISIONED',
    to: 'DEPROVISIONED',
    displayMessage: 'Deactivate Okta user',
    refuse: wrongStatus,
  },
  suspend: {
    allowed: (s) => s === 'ACTIVE',
    to: 'SUSPENDED',
    displayMessage: 'Suspend Okta user',
    refuse: () => validationFailed('Cannot suspend a user that is not active'),
  },
  unsuspend: {
    allowed: (s) => s === 'SUSPENDED',
    to: 'ACTIVE',
    displayMessage: 'Unsuspend Okta user',
    refuse: () => validationFailed('Cannot unsuspend a user that is not suspended'),
  },
  activate: {
    allowed: (s) => s === 'STAGED' || s === 'PROVISIONED' || s === 'DEPROVISIONED',
    to: 'ACTIVE',
    displayMessage: 'Activate Okta user',
    activationToken: true,
    refuse: () =>
      new SimHttpError(403, 'E0000016', 'Activation failed because the user is already active'),
  },
  reactivate: {
    allowed: (s) => s === 'PROVISIONED' || s === 'DEPROVISIONED',
    to: 'ACTIVE',
    displayMessage: 'Reactivate Okta user',
    activationToken: true,
    refuse: wrongStatus,
  },
}

export const userTarget = (u: OktaUser): EventTarget => ({
  id: u.id,
  type: 'User',
  alternateId: u.profile.login,
  displayName: `${u.profile.firstName} ${u.profile.lastName}`,
})

function emit(
  req: SimRequest,
  ctx: SimContext,
  eventType: string,
  message: string,
  targets: EventTarget[],
) {
  ctx.appendEvent(
    adminEvent({
      eventType,
      displayMessage: message,
      principal: req.principal,
      targets,
      now: req.now,
      requestId: req.requestId,
      requestUri: req.path,
    }),
  )
}

function lifecycle(action: string, t: Transition): Route {
  return {
    method: 'POST',
    pattern: `/api/v1/users/:userId/lifecycle/${action}`,
    scope: 'okta.users.manage',
    handle(req, ctx): SimResponse {
      const user = requireUser(req, ctx)
      if (!t.allowed(user.status)) {
        throw t.refuse()
      }
      const at = req.now.toISOString()
      user.status = t.to
      user.statusChanged = at
      user.lastUpdated = at
      if (t.to === 'ACTIVE' && user.activated === null) {
        user.activated = at
      }
      emit(req, ctx, `user.lifecycle.${action}`, t.displayMessage, [userTarget(user)])
      if (!t.activationToken) {
        return { status: 200 }
      }
      const token = randomOktaId().slice(0, 20)
      const activationUrl = `${req.baseUrl}/welcome/${token}`
      return { status: 200, body: JSON.stringify({ activationUrl, activationToken: token }) }
    },
  }
}

function removeGroupMember(req: SimRequest, ctx: SimContext): SimResponse {
  const groupId = req.params.groupId ?? ''
  const group = found(ctx.directory.groups, groupId, 'UserGroup')
  const user = requireUser(req, ctx)
  const members = ctx.directory.groupMembers.get(groupId)
  if (!members?.delete(user.id)) {
    return { status: 204 }
  }
  group.lastMembershipUpdated = req.now.toISOString()
  const groupTarget = {
    id: group.id,
    type: 'UserGroup',
    alternateId: group.profile.name,
    displayName: group.profile.name,
  }
  emit(req, ctx, 'group.user_membership.remove', 'Remove user from group membership', [
    userTarget(user),
    groupTarget,
  ])
  // Assignments that came only through this group go with it.
  for (const [appId, users] of ctx.directory.appUsers) {
    const a = users.get(user.id)
    if (a?.scope === 'GROUP' && a.groupId === groupId) {
      users.delete(user.id)
      emitAppRemoval(req, ctx, appId, user)
    }
  }
  return { status: 204 }
}

function removeAppUser(req: SimRequest, ctx: SimContext): SimResponse {
  const appId = req.params.appId ?? ''
  found(ctx.directory.apps, appId, 'AppInstance')
  const user = requireUser(req, ctx)
  if (!ctx.directory.appUsers.get(appId)?.delete(user.id)) {
    throw notFound(`${user.id} (AppUser)`)
  }
  emitAppRemoval(req, ctx, appId, user)
  return { status: 204 }
}

function emitAppRemoval(req: SimRequest, ctx: SimContext, appId: string, user: OktaUser) {
  const app = ctx.directory.apps.get(appId)
  const label = app?.label ?? appId
  emit(req, ctx, 'application.user_membership.remove', 'Remove user from application membership', [
    userTarget(user),
    { id: appId, type: 'AppInstance', alternateId: label, displayName: label },
  ])
}

export const lifecycleRoutes: readonly Route[] = [
  ...Object.entries(TRANSITIONS).map(([action, t]) => lifecycle(action, t)),
  {
    method: 'DELETE',
    pattern: '/api/v1/groups/:groupId/users/:userId',
    scope: 'okta.groups.manage',
    handle: removeGroupMember,
  },
  {
    method: 'DELETE',
    pattern: '/api/v1/apps/:appId/users/:userId',
    scope: 'okta.apps.manage',
    handle: removeAppUser,
  },
]
