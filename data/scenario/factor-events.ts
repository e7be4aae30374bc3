// Builders for the factor and lockout events: Okta Verify pushes, factor verification (success,
// or the Identity Engine's rejected push), the Classic deny_push, account lock and auto-unlock.
import { debugData, userTargetList, type Attempt } from './attempt.js'
import { SYSTEM_ACTOR, authContext, memo, target } from './event-parts.js'
import { SUCCESS, logEvent, outcome, type EventLine, type FixedParts } from './log-event.js'
import type { ScenarioUser } from './model.js'
import type { Rng } from './random.js'

const pushTargets = new WeakMap<ScenarioUser, string>()
const totpTargets = new WeakMap<ScenarioUser, string>()

export function pushSent(rng: Rng, t: number, a: Attempt): EventLine {
  const uri = a.classic
    ? `/api/v1/authn/factors/${a.user.factorEnrollmentId}/verify`
    : '/idp/idx/challenge'
  return logEvent(rng, t, a.parts, {
    authenticationContext: authContext(a.sessionId),
    debugData: debugData(a, uri),
    displayMessage: 'A push was sent to a user for verification',
    eventType: 'system.push.send_factor_verify_push',
    legacyEventType: null,
    outcome: SUCCESS,
    severity: 'INFO',
    target: userTargetList(a.user),
    transactionId: a.requestId,
  })
}

function factorTarget(u: ScenarioUser, factor: 'push' | 'totp'): string {
  const push = factor === 'push'
  return memo(
    push ? pushTargets : totpTargets,
    u,
    () =>
      `[${target('AuthenticatorEnrollment', u.factorEnrollmentId, 'unknown', 'Okta Verify', { methodTypeUsed: push ? 'Get a push notification' : 'Enter a code', methodUsedVerifiedProperties: '[DEVICE_BOUND, USER_PRESENCE]' })}]`,
  )
}

export function mfaVerify(
  rng: Rng,
  t: number,
  a: Attempt,
  factor: 'push' | 'totp',
  success: boolean,
  reason: string | null = null,
): EventLine {
  const uri = a.classic
    ? `/api/v1/authn/factors/${a.user.factorEnrollmentId}/verify`
    : factor === 'push'
      ? '/idp/idx/authenticators/poll'
      : '/idp/idx/challenge/answer'
  return logEvent(rng, t, a.parts, {
    authenticationContext: authContext(
      a.sessionId,
      'FACTOR_PROVIDER',
      'OKTA_CREDENTIAL_PROVIDER',
      factor === 'totp' ? 'OTP' : null,
    ),
    debugData: debugData(a, uri, factor === 'push' ? 'OKTA_VERIFY_PUSH' : 'OKTA_SOFT_TOKEN'),
    displayMessage: 'Authentication of user via MFA',
    eventType: 'user.authentication.auth_via_mfa',
    legacyEventType: success ? 'core.user.factor.attempt_success' : 'core.user.factor.attempt_fail',
    outcome: success ? SUCCESS : outcome('FAILURE', reason),
    severity: success ? 'INFO' : 'WARN',
    target: factorTarget(a.user, factor),
    transactionId: a.requestId,
  })
}

/** Classic: the user pressed "No, it's not me" on an Okta Verify push. */
export function denyPush(rng: Rng, t: number, a: Attempt): EventLine {
  return logEvent(rng, t, a.parts, {
    authenticationContext: authContext(a.sessionId),
    debugData: debugData(
      a,
      `/api/v1/authn/factors/${a.user.factorEnrollmentId}/verify`,
      'OKTA_VERIFY_PUSH',
    ),
    displayMessage: 'User rejected Okta push verify',
    eventType: 'user.mfa.okta_verify.deny_push',
    legacyEventType: 'core.user.factor.push_verify_deny',
    outcome: outcome('FAILURE', 'USER_REJECTED_OKTA_VERIFY_PUSH'),
    severity: 'WARN',
    target: userTargetList(a.user),
    transactionId: a.requestId,
  })
}

export function accountLock(rng: Rng, t: number, a: Attempt): EventLine {
  return logEvent(rng, t, a.parts, {
    authenticationContext: authContext(null),
    debugData: debugData(a, a.classic ? '/api/v1/authn' : '/idp/idx/identify'),
    displayMessage: 'Max sign in attempts exceeded',
    eventType: 'user.account.lock',
    legacyEventType: 'core.user_auth.account_locked',
    outcome: outcome('FAILURE', 'LOCKED_OUT'),
    severity: 'DEBUG',
    target: 'null',
    transactionId: a.requestId,
  })
}

const SYSTEM_PARTS: FixedParts = {
  actor: SYSTEM_ACTOR,
  client:
    '{"device":null,"geographicalContext":null,"id":null,"ipAddress":null,"userAgent":null,"zone":null}',
  request: '{"ipChain":[]}',
  securityContext: '{"asNumber":null,"asOrg":null,"domain":null,"isProxy":null,"isp":null}',
}

/** Okta unlocks the account by itself once the lockout period is over. */
export function accountUnlock(
  rng: Rng,
  t: number,
  user: ScenarioUser,
  requestId: string,
): EventLine {
  return logEvent(rng, t, SYSTEM_PARTS, {
    authenticationContext: authContext(null),
    debugData: `{"requestId":"${requestId}"}`,
    displayMessage: 'Unlock user account',
    eventType: 'user.account.unlock',
    legacyEventType: 'core.user.config.user_unlocked',
    outcome: SUCCESS,
    severity: 'INFO',
    target: userTargetList(user),
    transactionId: requestId,
  })
}
