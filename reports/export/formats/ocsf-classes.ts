// Which OCSF 1.8.0 class and activity an Okta event type becomes (reference §3.3, after the
// ocsf/examples Okta mapping): sign-ins and sign-outs are Authentication (3002), user lifecycle and
// account changes Account Change (3001), group membership Group Management (3006), other events with
// an actor and a client address API Activity (6003, activity Other), and the rest the Base Event (0).

export interface OcsfClass {
  classUid: number
  className: string
  categoryUid: number
  categoryName: string
  activityId: number
  activityName: string
}

const AUTH = {
  classUid: 3002,
  className: 'Authentication',
  categoryUid: 3,
  categoryName: 'Identity & Access Management',
}
const ACCOUNT = {
  classUid: 3001,
  className: 'Account Change',
  categoryUid: 3,
  categoryName: 'Identity & Access Management',
}
const GROUP = {
  classUid: 3006,
  className: 'Group Management',
  categoryUid: 3,
  categoryName: 'Identity & Access Management',
}
const API = {
  classUid: 6003,
  className: 'API Activity',
  categoryUid: 6,
  categoryName: 'Application Activity',
}
const BASE = { classUid: 0, className: 'Base Event', categoryUid: 0, categoryName: 'Uncategorized' }

/** Account Change activities by event type. */
const ACCOUNT_ACTIVITY: Readonly<Record<string, readonly [number, string]>> = {
  'user.lifecycle.create': [1, 'Create'],
  'user.lifecycle.activate': [2, 'Enable'],
  'user.lifecycle.reactivate': [2, 'Enable'],
  'user.lifecycle.unsuspend': [2, 'Enable'],
  'user.account.update_password': [3, 'Password Change'],
  'user.account.reset_password': [4, 'Password Reset'],
  'user.lifecycle.password_reset': [4, 'Password Reset'],
  'user.lifecycle.deactivate': [5, 'Disable'],
  'user.lifecycle.suspend': [5, 'Disable'],
  'user.lifecycle.delete.initiated': [6, 'Delete'],
  'user.lifecycle.delete.completed': [6, 'Delete'],
  'user.account.lock': [9, 'Lock'],
  'user.account.lock.limit': [9, 'Lock'],
  'user.mfa.factor.activate': [10, 'MFA Factor Enable'],
  'user.mfa.factor.deactivate': [11, 'MFA Factor Disable'],
  'user.mfa.factor.reset_all': [11, 'MFA Factor Disable'],
  'user.account.unlock': [12, 'Unlock'],
  'user.account.unlock_by_admin': [12, 'Unlock'],
}

const LOGOFF = new Set(['user.session.end', 'user.authentication.slo'])
const LOGON = new Set([
  'user.session.start',
  'user.authentication.sso',
  'user.authentication.auth_via_IDP',
  'user.authentication.auth_via_mfa',
  'user.authentication.auth_via_radius',
  'user.authentication.auth_via_social',
  'user.authentication.authenticate',
  'user.authentication.verify',
  'policy.evaluate_sign_on',
])

export function ocsfClassFor(
  eventType: string,
  has: { actor: boolean; clientIp: boolean; group: boolean },
): OcsfClass {
  if (has.actor && (LOGON.has(eventType) || eventType.startsWith('user.authentication.'))) {
    return LOGOFF.has(eventType)
      ? { ...AUTH, activityId: 2, activityName: 'Logoff' }
      : { ...AUTH, activityId: 1, activityName: 'Logon' }
  }
  if (has.actor && LOGOFF.has(eventType)) {
    return { ...AUTH, activityId: 2, activityName: 'Logoff' }
  }
  const account = ACCOUNT_ACTIVITY[eventType]
  if (account) {
    return { ...ACCOUNT, activityId: account[0], activityName: account[1] }
  }
  if (has.group && eventType === 'group.user_membership.add') {
    return { ...GROUP, activityId: 3, activityName: 'Add User' }
  }
  if (has.group && eventType === 'group.user_membership.remove') {
    return { ...GROUP, activityId: 4, activityName: 'Remove User' }
  }
  if (has.actor && has.clientIp) {
    return { ...API, activityId: 99, activityName: eventType }
  }
  return { ...BASE, activityId: 99, activityName: eventType || 'unknown' }
}
