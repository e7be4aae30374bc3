// A whole interactive sign-in and the session that follows: for Okta-password users an optional
// mistyped password, the sign-on policy, Okta Verify (push, maybe unanswered once, or TOTP), the
// session start; for federated users the inbound assertion and the session start; then SSO into
// one to three of the user's apps over the following hours, and sometimes an explicit sign-out.
import { APP } from './access.js'
import {
  authViaIdp,
  mfaVerify,
  policyEvaluate,
  pushSent,
  sessionEnd,
  sessionStart,
  sso,
  attempt,
  type Attempt,
  type PolicyRef,
} from './auth-events.js'
import type { Device } from './devices.js'
import type { EventLine } from './log-event.js'
import type { Emitter } from './emitter.js'
import { requestId, sessionId } from './ids.js'
import type { Endpoint, ScenarioUser } from './model.js'
import { assess } from './user-state.js'

export const PARTNER_POLICY: PolicyRef = {
  policyId: '00p1partner0signon697',
  policyName: 'Partner Sign-On Policy',
  ruleId: '0pr1partner0mfa00r697',
  ruleName: 'Partners: password + Okta Verify',
}
export const EMPLOYEE_POLICY: PolicyRef = {
  policyId: '00p1acme00000signon697',
  policyName: 'Default Policy',
  ruleId: '0pr1acme0000default697',
  ruleName: 'Employees: MFA off network',
}

export interface FlowOptions {
  /** One mistyped password before the successful one. */
  typo?: boolean
  /** The first push goes unanswered; a second one is approved. */
  pushTimeout?: boolean
  /** SSO into apps after the sign-in (default true). */
  useApps?: boolean
  signOut?: boolean
  /** Classic authn API rather than the Identity Engine. */
  classic?: boolean
  threatSuspected?: boolean
}

export interface FlowResult {
  sessionId: string
  /** The user.session.start SUCCESS event: what detectors call the sign-in. */
  startUuid: string
  startT: number
  /** Every event of the sign-in itself (not the SSO after it), in time order. */
  uuids: string[]
  endsAt: number
  /** What Okta logged on the sign-in: its risk text (`{…, level=HIGH}`) and threatSuspected. */
  risk: string
  threatSuspected: boolean
}

export function newAttempt(
  e: Emitter,
  user: ScenarioUser,
  device: Device,
  endpoint: Endpoint,
  t: number,
  classic = false,
): Attempt {
  const verdict = assess(e.states[user.index] ?? fail(), device, endpoint, t)
  return attempt(user, device, endpoint, requestId(e.rng), verdict, classic)
}

function fail(): never {
  throw new RangeError('no state for user')
}

/** Emits a sign-in flow starting at `t` and the session after it. */
export function signInFlow(
  e: Emitter,
  user: ScenarioUser,
  device: Device,
  endpoint: Endpoint,
  at: number,
  o: FlowOptions = {},
): FlowResult {
  const rng = e.rng
  const t0 = at + rng.int(0, 999)
  const a = newAttempt(e, user, device, endpoint, t0, o.classic ?? false)
  a.threatSuspected = o.threatSuspected ?? false
  const uuids: string[] = []
  const put = (ev: EventLine): void => {
    e.emit(ev)
    uuids.push(ev.uuid)
  }
  let t = t0
  a.sessionId = sessionId(rng, a.classic)
  if (user.auth === 'okta') {
    if (o.typo) {
      put(sessionStart(rng, t, a, false, 'INVALID_CREDENTIALS'))
      t += rng.int(8_000, 40_000)
      a.requestId = requestId(rng)
    }
    const mfa = user.partner ? user.partner.requireMfa : endpoint.zoneName === 'null'
    put(
      policyEvaluate(
        rng,
        t,
        a,
        mfa ? 'CHALLENGE' : 'ALLOW',
        user.partner ? PARTNER_POLICY : EMPLOYEE_POLICY,
      ),
    )
    if (mfa) {
      const factor = user.habits.factor
      if (factor === 'push') {
        t += rng.int(600, 2500)
        put(pushSent(rng, t, a))
        if (o.pushTimeout) {
          t += rng.int(60_000, 95_000)
          put(pushSent(rng, t, a))
        }
        t += rng.int(3_000, 20_000)
      } else {
        t += rng.int(9_000, 35_000)
      }
      put(mfaVerify(rng, t, a, factor, true))
    }
    t += rng.int(150, 900)
  } else {
    put(authViaIdp(rng, t, a))
    t += rng.int(100, 600)
  }
  const start = sessionStart(rng, t, a, true)
  put(start)
  const startT = t
  if (user.auth !== 'okta') {
    t += rng.int(20, 300)
    e.emit(policyEvaluate(rng, t, a, 'ALLOW', PARTNER_POLICY))
  }
  let endsAt = t + rng.int(30 * 60_000, 120 * 60_000)
  if (o.useApps ?? true) {
    endsAt = ssoBurst(e, a, t)
  }
  if (o.signOut) {
    endsAt += rng.int(2 * 60_000, 40 * 60_000)
    a.requestId = requestId(rng)
    e.emit(sessionEnd(rng, endsAt, a))
  }
  return {
    sessionId: a.sessionId,
    startUuid: start.uuid,
    startT,
    uuids,
    endsAt,
    risk: a.risk,
    threatSuspected: a.threatSuspected,
  }
}

/** SSO into one to three of the apps the user holds at `t`; returns the time of the last one. */
function ssoBurst(e: Emitter, a: Attempt, t0: number): number {
  const rng = e.rng
  const held = a.user.apps.filter(
    (g) => g.sinceMs <= t0 && e.access.apps[g.appIndex]?.status === 'ACTIVE',
  )
  if (held.length === 0) {
    return t0
  }
  // The portal (partners) or Office (employees) first, as people do.
  const first = held.find((g) => g.appIndex === APP.portal || g.appIndex === APP.office) ?? held[0]
  const picks = [first, ...rng.shuffled(held.filter((g) => g !== first)).slice(0, rng.int(0, 2))]
  let t = t0 + rng.int(1_500, 9_000)
  for (const g of picks) {
    const app = g ? e.access.apps[g.appIndex] : undefined
    if (app) {
      a.requestId = requestId(rng)
      e.emit(sso(rng, t, a, app))
    }
    t += rng.int(2 * 60_000, 150 * 60_000)
  }
  return t
}
