// Session hijack: the victim signs in normally; 15 minutes to 4 hours later the same Okta session
// (authenticationContext.externalSessionId) is used for an SSO into one of the victim's apps from a
// network at least 1000 km away in another country, with a different user-agent family — a
// scripted client (python-requests, curl, Go, headless Chrome) or a browser/OS the victim never
// uses. No sign-in precedes it from there: the cookie was stolen, not the password.
import { attempt, sso } from '../auth-events.js'
import { toolDevice, unfamiliarDesktop } from '../devices.js'
import { requestId } from '../ids.js'
import { ATTEMPTS, type Injection, type SchedulerContext } from './context.js'
import { attackerEndpoint, sessionsOnWindowDay, victims } from './helpers.js'
import { describe } from './record.js'

export function scheduleSessionHijack(ctx: SchedulerContext, count: number): Injection[] {
  const out: Injection[] = []
  const { window, rng } = ctx
  const pool = victims(ctx, (u) => u.apps.length > 0)
  for (let n = 0; n < ATTEMPTS && out.length < count && pool.length > 0 && window.days >= 3; n++) {
    const user = rng.pick(pool)
    const plan = sessionsOnWindowDay(ctx, user, rng.int(2, window.days - 1)).filter(
      (s) => (s.via === 'home' || s.via === 'egress') && s.device.kind === 'Computer',
    )
    const session = plan.length > 0 ? rng.pick(plan) : undefined
    if (ctx.used.has(user.index) || !session) {
      continue
    }
    const t = session.t + rng.int(15 * 60_000, 240 * 60_000)
    const endpoint = attackerEndpoint(rng, session.endpoint.place, 1000, 20_000, 0.7)
    if (!endpoint || t >= window.endMs) {
      continue
    }
    const device = rng.chance(0.6) ? toolDevice(rng) : unfamiliarDesktop(rng, user.computers)
    ctx.used.add(user.index)
    ctx.keepOpen.add(`${user.index}:${session.t}`)
    out.push({
      t,
      kind: 'session-hijack',
      run(e) {
        const kept = e.states[user.index]?.keptSession
        const grant = user.apps.find(
          (g) => g.sinceMs <= t && e.access.apps[g.appIndex]?.status === 'ACTIVE',
        )
        const app = grant ? e.access.apps[grant.appIndex] : undefined
        if (!kept || !app) {
          return
        }
        const a = attempt(user, device, endpoint, requestId(e.rng))
        a.sessionId = kept.id
        const ev = sso(e.rng, t, a, app)
        e.emit(ev)
        const minutes = Math.round((t - kept.t) / 60_000)
        e.labels.anomaly(
          'session-hijack',
          user,
          [kept.startUuid, ev.uuid],
          t,
          `session ${kept.id} started from ${kept.ip} (${kept.ua}); ${minutes} min later SSO to ${app.label} in the same session from ${describe(endpoint)} with ${device.userAgent.rawUserAgent}`,
        )
      },
    })
  }
  return out
}
