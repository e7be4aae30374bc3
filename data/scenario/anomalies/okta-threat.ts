// Okta's own threat verdict: ThreatInsight (in log mode) flags an address as a suspicious actor —
// `security.threat.detected`, outcome ALLOW, `threatDetections` {"Password Spray":"HIGH", …} — and a
// second later a partner user signs in successfully from it, the sign-in's events carrying
// `threatSuspected: "true"`. In four cases of ten there is no ThreatInsight event, only the flag.
// The address is a residential proxy exit inside the victim's own ISP (what ThreatInsight catches),
// at home; the device is the victim's own half the time (an infected home network), else a browser
// they never used. An hour or more clear of the victim's own sign-ins.
import type { Device } from '../devices.js'
import { unfamiliarDesktop } from '../devices.js'
import { authContext, client, request, securityContext } from '../event-parts.js'
import { requestId } from '../ids.js'
import { logEvent, outcome } from '../log-event.js'
import type { Endpoint } from '../model.js'
import { addressIn } from '../networks.js'
import type { Rng } from '../random.js'
import { signInFlow } from '../session-flow.js'
import type { EventLine } from '../log-event.js'
import { ATTEMPTS, type Injection, type SchedulerContext } from './context.js'
import { around, sessionsOnWindowDay, victims } from './helpers.js'
import { alsoOf, injected } from './kinds.js'
import { describe, recordInjected } from './record.js'

const DETECTIONS = [
  {
    reason: 'Password Spray',
    detections: { 'Password Spray': 'HIGH', 'Login Failures': 'MEDIUM' },
  },
  {
    reason: 'Login failures with high unknown users count',
    detections: { 'Login failures with high unknown users count': 'HIGH' },
  },
  { reason: 'Request from suspicious actor', detections: { 'Suspicious Actor': 'MEDIUM' } },
]

/** `security.threat.detected` as ThreatInsight logs it: the address is the actor, no user yet. */
export function threatDetected(
  rng: Rng,
  t: number,
  device: Device,
  endpoint: Endpoint,
  kind: (typeof DETECTIONS)[number],
): EventLine {
  const id = requestId(rng)
  const uri = '/idp/idx/identify'
  return logEvent(
    rng,
    t,
    {
      actor: JSON.stringify({
        alternateId: 'unknown',
        detailEntry: null,
        displayName: endpoint.ip,
        id: endpoint.ip,
        type: 'IP address',
      }),
      client: client(device, endpoint),
      request: request(endpoint),
      securityContext: securityContext(endpoint.network),
    },
    {
      authenticationContext: authContext(null),
      debugData: JSON.stringify({
        requestId: id,
        requestUri: uri,
        threatDetections: JSON.stringify(kind.detections),
        threatSuspected: 'true',
        url: `${uri}?`,
      }),
      displayMessage: 'Request from suspicious actor',
      eventType: 'security.threat.detected',
      legacyEventType: 'security.threat.detected',
      outcome: outcome('ALLOW', kind.reason),
      severity: 'WARN',
      target: 'null',
      transactionId: id,
    },
  )
}

export function scheduleOktaThreat(ctx: SchedulerContext, count: number): Injection[] {
  const out: Injection[] = []
  const { window, rng } = ctx
  const pool = victims(ctx, (u) => u.computers.length > 0)
  for (let n = 0; n < ATTEMPTS && out.length < count && pool.length > 0 && window.days >= 5; n++) {
    const user = rng.pick(pool)
    const home = sessionsOnWindowDay(ctx, user, rng.int(3, window.days - 2)).find(
      (s) => s.via === 'home',
    )
    if (ctx.used.has(user.index) || !home) {
      continue
    }
    const t = home.t + rng.int(90, 240) * 60_000
    const { prev, next } = around(ctx, user, t)
    const clear = (!prev || t - prev.t > 60 * 60_000) && (!next || next.t - t > 60 * 60_000)
    if (!clear || t >= window.endMs - 3 * 3_600_000) {
      continue
    }
    const endpoint: Endpoint = {
      ip: addressIn(user.homeNetwork, rng),
      place: user.home,
      network: user.homeNetwork,
      zoneName: 'null',
    }
    const own = user.computers[0]
    const device: Device = own && rng.chance(0.5) ? own : unfamiliarDesktop(rng, user.computers)
    const withThreatInsight = rng.chance(0.6)
    const kind = rng.pick(DETECTIONS)
    ctx.used.add(user.index)
    out.push({
      t,
      kind: 'okta-threat',
      run(e) {
        const threat = withThreatInsight ? threatDetected(e.rng, t, device, endpoint, kind) : null
        if (threat) {
          e.emit(threat)
        }
        const flow = signInFlow(e, user, device, endpoint, t + e.rng.int(800, 4000), {
          threatSuspected: true,
        })
        const also = alsoOf(e, user, injected(flow, device, endpoint))
        recordInjected(e, user, flow, device, endpoint, 'attack')
        e.labels.anomaly(
          'okta-threat',
          user,
          [...(threat ? [threat.uuid] : []), ...flow.uuids],
          flow.startT,
          `${threat ? `ThreatInsight ALLOW "${kind.reason}" for ${endpoint.ip}, then ` : ''}a successful sign-in flagged threatSuspected from ${describe(endpoint)}; ${device === own ? 'own computer' : `new ${device.userAgent.browser} on ${device.userAgent.os}`}`,
          also,
        )
      },
    })
  }
  return out
}
