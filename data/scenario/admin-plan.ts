// What the hub's admins do during the window: create and activate joiners (and put them in their
// groups and apps), deactivate leavers, suspend and unsuspend, grant app access on request, and now
// and then give an employee an admin role. Every action is logged with the admin as actor.
import type { AccessModel } from './access.js'
import {
  appMembershipAdd,
  groupMembershipAdd,
  lifecycleEvent,
  privilegeGrant,
  type AdminContext,
} from './admin-events.js'
import { adminInstant } from './calendar.js'
import type { Emitter } from './emitter.js'
import { hubOfficeEndpoint } from './hub.js'
import { requestId, sessionId } from './ids.js'
import type { LifecycleEventType, ScenarioUser, ScenarioWindow } from './model.js'
import { Rng, STREAM } from './random.js'
import { localDay } from './time-zone.js'

export type AdminActionKind =
  | { kind: 'lifecycle'; type: LifecycleEventType }
  | { kind: 'group'; groupId: string }
  | { kind: 'app'; appIndex: number }
  | { kind: 'role'; roleType: string }

export interface AdminAction {
  t: number
  userIndex: number
  what: AdminActionKind
}

export interface RoleGrant {
  userIndex: number
  roleType: string
  atMs: number
}

export function planAdminActions(
  window: ScenarioWindow,
  users: ScenarioUser[],
  access: AccessModel,
): { actions: AdminAction[]; roleGrants: RoleGrant[] } {
  const actions: AdminAction[] = []
  const roleGrants: RoleGrant[] = []
  for (const user of users) {
    for (const ev of user.life.events) {
      actions.push({
        t: ev.atMs,
        userIndex: user.index,
        what: { kind: 'lifecycle', type: ev.type },
      })
      if (ev.type !== 'create') {
        continue
      }
      // A new account is put in its groups and given its direct apps right away.
      for (const g of user.groups) {
        if (g.groupId !== access.everyoneId) {
          actions.push({
            t: g.sinceMs,
            userIndex: user.index,
            what: { kind: 'group', groupId: g.groupId },
          })
        }
      }
      for (const a of user.apps) {
        if (a.groupId === null) {
          actions.push({
            t: a.sinceMs + 30_000,
            userIndex: user.index,
            what: { kind: 'app', appIndex: a.appIndex },
          })
        }
      }
    }
  }
  for (const g of access.grants) {
    actions.push({
      t: g.atMs,
      userIndex: g.userIndex,
      what: g.groupId
        ? { kind: 'group', groupId: g.groupId }
        : { kind: 'app', appIndex: g.appIndex ?? 0 },
    })
  }
  const rng = new Rng(window.seed, STREAM.admin)
  const staff = users.filter((u) => u.role === 'employee')
  for (const admin of users.filter((u) => u.role === 'admin')) {
    roleGrants.push({
      userIndex: admin.index,
      roleType: admin.adminRole ?? 'ORG_ADMIN',
      atMs: admin.createdMs + 3_600_000,
    })
  }
  const grants = staff.length > 0 ? Math.max(1, Math.round(window.days / 30)) : 0
  for (let i = 0; i < grants; i++) {
    const user = rng.pick(staff)
    const roleType = rng.pick(['HELP_DESK_ADMIN', 'REPORT_ADMIN', 'READ_ONLY_ADMIN'])
    const t = adminInstant(rng, window, rng.int(0, window.days - 1))
    if (t < window.endMs && !roleGrants.some((g) => g.userIndex === user.index)) {
      roleGrants.push({ userIndex: user.index, roleType, atMs: t })
      actions.push({ t, userIndex: user.index, what: { kind: 'role', roleType } })
    }
  }
  actions.sort((a, b) => a.t - b.t || a.userIndex - b.userIndex)
  return { actions, roleGrants }
}

/** An admin at the office console: the same console session all day. */
export function adminContext(e: Emitter, t: number): AdminContext {
  const admins = e.users.filter((u) => u.role === 'admin')
  const admin = e.rng.pick(admins)
  const day = localDay(admin.zone, t)
  return {
    admin,
    device: admin.computers[0] ?? e.rng.pick(e.users).computers[0] ?? fail(),
    endpoint: hubOfficeEndpoint(admin.index),
    sessionId: sessionId(new Rng(e.window.seed, STREAM.admin, admin.index, day), false),
    requestId: requestId(e.rng),
  }
}

function fail(): never {
  throw new RangeError('an admin without a computer')
}

export function runAdminAction(e: Emitter, action: AdminAction): void {
  const user = e.users[action.userIndex]
  if (!user) {
    return
  }
  const c = adminContext(e, action.t)
  const w = action.what
  if (w.kind === 'lifecycle') {
    const ev = lifecycleEvent(e.rng, action.t, c, w.type, user)
    e.emit(ev)
    if (w.type === 'deactivate' || w.type === 'suspend') {
      const state = e.states[user.index]
      if (state) {
        state.lifecycleUuid = ev.uuid
      }
    }
  } else if (w.kind === 'group') {
    const group = e.access.groups.find((g) => g.id === w.groupId)
    if (group) {
      e.emit(groupMembershipAdd(e.rng, action.t, c, user, group))
    }
  } else if (w.kind === 'app') {
    const app = e.access.apps[w.appIndex]
    if (app) {
      e.emit(appMembershipAdd(e.rng, action.t, c, user, app))
    }
  } else {
    e.emit(privilegeGrant(e.rng, action.t, c, user, w.roleType))
  }
}
