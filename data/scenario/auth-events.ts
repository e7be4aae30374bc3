// Builders for the sign-in events proper: the session start (password or federated), the sign-on
// policy, the inbound IdP assertion, SSO into apps and sign-out. One function per event type.
import type { AppSpec } from './access.js'
import { debugData, type Attempt } from './attempt.js'
import { authContext, memo, target, userActor } from './event-parts.js'
import { SUCCESS, logEvent, outcome, type EventLine } from './log-event.js'
import type { ScenarioUser } from './model.js'
import type { Rng } from './random.js'

export type { Attempt } from './attempt.js'
export { attempt } from './attempt.js'
export { accountLock, accountUnlock, denyPush, mfaVerify, pushSent } from './factor-events.js'

const idpTargets = new WeakMap<ScenarioUser, string>()
const idpTargetLists = new WeakMap<ScenarioUser, string>()
const passwordTargets = new WeakMap<ScenarioUser, string>()
const appTargets = new WeakMap<AppSpec, string>()
const appUserTargets = new WeakMap<ScenarioUser, string>()

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
    debugData: [
      '{',
      dt,
      '"requestId":"',
      a.requestId,
      '","requestUri":"',
      uri,
      '","url":"',
      uri,
      '?"}',
    ].join(''),
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
