// Access after deactivation or suspension: an admin deactivates (or suspends) a partner account —
// the log has the user.lifecycle.deactivate/suspend event — and the account is never reactivated,
// yet a successful sign-in follows 12 hours to two weeks later from the user's usual network.
// The victim's own activity stops a day before the admin action.
import { adminInstant } from '../calendar.js'
import { deactivate } from '../lifecycle.js'
import { signInFlow } from '../session-flow.js'
import { MS_PER_DAY } from '../time-zone.js'
import { ATTEMPTS, type Injection, type SchedulerContext } from './context.js'
import { contractOpen, sessionsOnWindowDay, victims } from './helpers.js'
import { alsoOf, injected } from './kinds.js'
import { recordInjected } from './record.js'

export function scheduleDeactivatedAccess(ctx: SchedulerContext, count: number): Injection[] {
  const out: Injection[] = []
  const { window, rng } = ctx
  const pool = victims(ctx, (u) => contractOpen(ctx, u))
  for (let n = 0; n < ATTEMPTS && out.length < count && pool.length > 0 && window.days >= 6; n++) {
    const user = rng.pick(pool)
    const i = rng.int(2, window.days - 4)
    const at = adminInstant(rng, window, i)
    const suspend = rng.chance(0.5)
    const limit = Math.min(14, (user.partner?.dormantAfterDays ?? 30) - 5)
    let s = null
    for (let j = i + 1; j < Math.min(window.days, i + limit) && !s; j++) {
      s =
        sessionsOnWindowDay(ctx, user, j, true).find(
          (x) => x.via !== 'away' && x.t > at + MS_PER_DAY / 2,
        ) ?? null
    }
    if (ctx.used.has(user.index) || !s || at >= window.endMs || s.t >= window.endMs - 3_600_000) {
      continue
    }
    ctx.used.add(user.index)
    const life = user.life
    if (suspend) {
      life.events.push({ type: 'suspend', atMs: at })
      life.status = 'SUSPENDED'
      life.statusChangedMs = at
      life.activeUntilMs = Math.min(life.activeUntilMs, at - MS_PER_DAY)
    } else {
      deactivate(life, at, window)
    }
    const session = s
    out.push({
      t: session.t,
      kind: 'deactivated-access',
      run(e) {
        const lifecycleUuid = e.states[user.index]?.lifecycleUuid
        if (!lifecycleUuid) {
          return
        }
        const flow = signInFlow(e, user, session.device, session.endpoint, session.t)
        const also = alsoOf(e, user, injected(flow, session.device, session.endpoint))
        recordInjected(e, user, flow, session.device, session.endpoint, session.via)
        const hours = Math.round((flow.startT - at) / 3_600_000)
        e.labels.anomaly(
          'deactivated-access',
          user,
          [lifecycleUuid, ...flow.uuids],
          flow.startT,
          `user.lifecycle.${suspend ? 'suspend' : 'deactivate'} at ${new Date(at).toISOString()}, no reactivation; successful sign-in ${hours} h later from the usual ${session.via} network`,
          also,
        )
      },
    })
  }
  return out
}
