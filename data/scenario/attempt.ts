// An authentication attempt: who, from which device and network, in which session, with which
// Okta behaviour verdict; and the debugData every authentication step of it carries.
import type { Device } from './devices.js'
import { fixedParts, memo, userActor } from './event-parts.js'
import type { FixedParts } from './log-event.js'
import type { Endpoint, ScenarioUser } from './model.js'

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
export function debugData(a: Attempt, uri: string, factor?: string): string {
  const device =
    a.device.family === 'browser'
      ? memo(
          deviceDebug,
          a.device,
          () => `"deviceFingerprint":"${a.device.fingerprint}","dtHash":"${a.device.dtHash}",`,
        )
      : ''
  const f = factor ? `"factor":"${factor}",` : ''
  return [
    '{"behaviors":"',
    a.behaviors,
    '",',
    device,
    f,
    '"requestId":"',
    a.requestId,
    '","requestUri":"',
    uri,
    '","risk":"',
    a.risk,
    a.threatSuspected
      ? '","threatSuspected":"true","url":"'
      : '","threatSuspected":"false","url":"',
    uri,
    '?"}',
  ].join('')
}

const userTargets = new WeakMap<ScenarioUser, string>()

/** `[User]` as a target list. */
export function userTargetList(u: ScenarioUser): string {
  return memo(userTargets, u, () => `[${userActor(u)}]`)
}
