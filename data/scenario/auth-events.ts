// One builder per sign-in event type. Each takes the attempt (who, from which device and network,
// in which session, with which Okta behaviour verdict) and returns the written event.
import type { AppSpec } from './access.js'
import type { Device } from './devices.js'
import { SYSTEM_ACTOR, authContext, fixedParts, memo, target, userActor } from './event-parts.js'
import { SUCCESS, logEvent, outcome, type EventLine, type FixedParts } from './log-event.js'
import type { Endpoint, ScenarioUser } from './model.js'
import type { Rng } from './random.js'

export interface Attempt {
  user: ScenarioUser
  device: Device
  endpoint: Endpoint
  /** JSON of actor, client, request and securityContext for this attempt. */
  parts: FixedParts
  /** The Okta session; null until one exists. */
  sessionId: string | null
  requestId: string
  /** Okta's behaviour text and risk, computed from the user's history (plain text). */
  behaviors: string
  risk: string
  threatSuspected: boolean
  /** Classic authn API (`/api/v1/authn`) rather than the Identity Engine (`/idp/idx`). */
  classic: boolean
}

export function attempt(
  user: ScenarioUser,
  device: Device,
  endpoint: Endpoint,
  requestId: string,
  verdict: { behaviors: string; risk: string } = { behaviors: '', risk: '' },
  classic = false,
): Attempt {
  return {
    user,
    device,
    endpoint,
    parts: fixedParts(user, device, endpoint),
    sessionId: null,
    requestId,
    behaviors: verdict.behaviors,
    risk: verdict.risk,
    threatSuspected: false,
    classic,
  }
}

const deviceDebug = new WeakMap<Device, string>()

/** debugData of an authentication step, keys in alphabetical order. */
function debugData(a: Attempt, uri: string, factor?: string): string {
  const device =
    a.device.family === 'browser'
      ? memo(
          deviceDebug,
          a.device,
          () => `"deviceFingerprint":"${a.device.fingerprint}","dtHash":"${a.device.dtHash}",`,
        )
      : ''
  const f = factor ? `"factor":"${factor}",` : ''
  return `{"behaviors":"${a.behaviors}",${device}${f}"requestId":"${a.requestId}","requestUri":"${uri}","risk":"${a.risk}","threatSuspected":"${a.threatSuspected ? 'true' : 'false'}","url":"${uri}?"}`
}

const idpTargets = new WeakMap<ScenarioUser, string>()
const idpTargetLists = new WeakMap<ScenarioUser, string>()
const passwordTargets = new WeakMap<ScenarioUser, string>()
const pushTargets = new WeakMap<ScenarioUser, string>()
const totpTargets = new WeakMap<ScenarioUser, string>()
const appTargets = new WeakMap<AppSpec, string>()
const appUserTargets = new WeakMap<ScenarioUser, string>()
const userTargets = new WeakMap<ScenarioUser, string>()

function idpTarget(u: ScenarioUser): string {
  return memo(idpTargets, u, () => {
    const p = u.partner
    const kind = u.auth === 'saml' ? 'SAML 2.0 IdP' : 'OpenID Connect IdP'
    return target(
      'AppInstance',
      p?.idpId ?? '',
      `${p?.name ?? ''} ${u.auth.toUpperCase()} IdP`,
      kind,
    )
  })
}

function userTargetList(u: ScenarioUser): string {
  return memo(userTargets, u, () => `[${userActor(u)}]`)
}

function idpIssuer(u: ScenarioUser): { id: string; type: string } | null {
  const idp = u.partner?.idpId
  return idp ? { id: idp, type: u.auth === 'saml' ? 'SAML2' : 'OIDC' } : null
}

export function sessionStart(
  rng: Rng,
  t: number,
  a: Attempt,
  success: boolean,
  reason: string | null = null,
): EventLine {
  const u = a.user
  const fed = u.auth !== 'okta'
  const sid = success ? a.sessionId : null
  const uri = fed
    ? `/sso/${u.auth === 'saml' ? 'saml2' : 'oidc'}/${u.partner?.idpId ?? ''}`
    : a.classic
      ? '/api/v1/authn'
      : '/idp/idx/challenge/answer'
  return logEvent(rng, t, a.parts, {
    authenticationContext: fed
      ? authContext(sid, 'FEDERATION', null, 'ASSERTION', null, idpIssuer(u))
      : authContext(sid, 'OKTA_AUTHENTICATION_PROVIDER', 'OKTA_CREDENTIAL_PROVIDER', 'PASSWORD'),
    debugData: debugData(a, uri),
    displayMessage: 'User login to Okta',
    eventType: 'user.session.start',
    legacyEventType: success ? 'core.user_auth.login_success' : 'core.user_auth.login_failed',
    outcome: success ? SUCCESS : outcome('FAILURE', reason),
    severity: success ? 'INFO' : 'WARN',
    target: fed
      ? memo(idpTargetLists, u, () => `[${idpTarget(u)}]`)
      : memo(
          passwordTargets,
          u,
          () =>
            `[${target('AuthenticatorEnrollment', u.passwordEnrollmentId, 'unknown', 'Password', { methodTypeUsed: 'Password', methodUsedVerifiedProperties: '[USER_PRESENCE]' })}]`,
        ),
    transactionId: a.requestId,
  })
}

export interface PolicyRef {
  policyId: string
  policyName: string
  ruleId: string
  ruleName: string
}

const policyTargets = new WeakMap<PolicyRef, string>()

export function policyEvaluate(
  rng: Rng,
  t: number,
  a: Attempt,
  result: 'ALLOW' | 'CHALLENGE' | 'DENY',
  policy: PolicyRef,
): EventLine {
  const uri = a.classic ? '/api/v1/authn' : '/idp/idx/identify'
  return logEvent(rng, t, a.parts, {
    authenticationContext: authContext(a.sessionId),
    debugData: debugData(a, uri),
    displayMessage: 'Evaluation of sign-on policy',
    eventType: 'policy.evaluate_sign_on',
    legacyEventType: null,
    outcome: outcome(result, `Sign-on policy evaluation resulted in ${result}`),
    severity: 'INFO',
    target: memo(
      policyTargets,
      policy,
      () =>
        `[${target('PolicyEntity', policy.policyId, 'unknown', policy.policyName, { policyType: 'OktaSignOn' })},${target('PolicyRule', policy.ruleId, policy.policyId, policy.ruleName)}]`,
    ),
    transactionId: a.requestId,
  })
}

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

export function authViaIdp(rng: Rng, t: number, a: Attempt): EventLine {
  const u = a.user
  const saml = u.auth === 'saml'
  return logEvent(rng, t, a.parts, {
    authenticationContext: authContext(
      a.sessionId,
      'FEDERATION',
      null,
      'ASSERTION',
      'IDP Instance',
    ),
    debugData: debugData(a, `/sso/${saml ? 'saml2' : 'oidc'}/${u.partner?.idpId ?? ''}`),
    displayMessage: 'Authenticate user via IDP',
    eventType: 'user.authentication.auth_via_IDP',
    legacyEventType: saml
      ? 'core.user_auth.idp.saml.login_success'
      : 'core.user_auth.idp.oidc.login_success',
    outcome: SUCCESS,
    severity: 'INFO',
    target: `[${idpTarget(u)},${userActor(u)}]`,
    transactionId: a.requestId,
  })
}

export function sso(rng: Rng, t: number, a: Attempt, app: AppSpec): EventLine {
  const u = a.user
  const uri =
    app.signOnMode === 'WS_FEDERATION'
      ? `/app/${app.slug}/${app.id}/sso/wsfed/passive`
      : `/app/${app.slug}/${app.id}/sso/saml`
  const dt = a.device.family === 'browser' ? `"dtHash":"${a.device.dtHash}",` : ''
  const appTarget = memo(appTargets, app, () =>
    target('AppInstance', app.id, app.label, app.label, { signOnModeType: app.signOnMode }),
  )
  const appUser = memo(appUserTargets, u, () =>
    target('AppUser', u.id, u.login, `${u.firstName} ${u.lastName}`),
  )
  return logEvent(rng, t, a.parts, {
    authenticationContext: authContext(a.sessionId),
    debugData: `{${dt}"requestId":"${a.requestId}","requestUri":"${uri}","url":"${uri}?"}`,
    displayMessage: 'User single sign on to app',
    eventType: 'user.authentication.sso',
    legacyEventType: 'app.auth.sso',
    outcome: SUCCESS,
    severity: 'INFO',
    target: `[${appTarget},${appUser}]`,
    transactionId: a.requestId,
  })
}

export function sessionEnd(rng: Rng, t: number, a: Attempt): EventLine {
  return logEvent(rng, t, a.parts, {
    authenticationContext: authContext(a.sessionId),
    debugData: `{"requestId":"${a.requestId}","requestUri":"/login/signout","url":"/login/signout?"}`,
    displayMessage: 'User logout from Okta',
    eventType: 'user.session.end',
    legacyEventType: 'core.user_auth.logout_success',
    outcome: SUCCESS,
    severity: 'INFO',
    target: 'null',
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
