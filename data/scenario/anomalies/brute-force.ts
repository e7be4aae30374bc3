// Brute force on one Okta-password user from one attacker IP: ten failed passwords 5–40 s apart,
// then Okta locks the account (user.account.lock, LOCKED_OUT). Sometimes the attacker keeps
// trying during the lockout (failures with LOCKED_OUT), Okta unlocks the account an hour later,
// and the guessed password then works. Placed when the victim is not working.
import { accountLock, accountUnlock, sessionStart } from '../auth-events.js'
import { desktopDevice, toolDevice } from '../devices.js'
import { requestId } from '../ids.js'
import { newAttempt, signInFlow } from '../session-flow.js'
import { MS_PER_DAY } from '../time-zone.js'
import { ATTEMPTS, type Injection, type SchedulerContext } from './context.js'
import { around, attackerEndpoint, reachable, victims } from './helpers.js'
import { alsoOf, injected } from './kinds.js'
import { describe, recordInjected } from './record.js'

export const LOCKOUT_THRESHOLD = 10
const LOCKOUT_MS = 60 * 60_000

export function scheduleBruteForce(ctx: SchedulerContext, count: number): Injection[] {
  const out: Injection[] = []
  const { window, rng } = ctx
  const pool = victims(ctx, (u) => u.auth === 'okta')
  for (let n = 0; n < ATTEMPTS && out.length < count && pool.length > 0; n++) {
    const user = rng.pick(pool)
    const endpoint = attackerEndpoint(rng, user.home, 500, 20_000)
    const t0 = window.startMs + rng.int(1, window.days - 1) * MS_PER_DAY + rng.int(0, 86_399_999)
    const succeed = rng.chance(0.4)
    const successAt = t0 + LOCKOUT_MS + rng.int(12, 40) * 60_000
    const { prev, next } = around(ctx, user, t0)
    const quiet = (!prev || t0 - prev.t > 2 * 3_600_000) && (!next || next.t - t0 > 3 * 3_600_000)
    if (ctx.used.has(user.index) || !endpoint || !quiet || successAt >= window.endMs) {
      continue
    }
    if (succeed && !reachable(ctx, user, successAt, endpoint.place)) {
      continue
    }
    ctx.used.add(user.index)
    const device = rng.chance(0.6) ? toolDevice(rng) : desktopDevice(rng)
    out.push({
      t: t0,
      kind: 'brute-force',
      run(e) {
        const uuids: string[] = []
        let t = t0
        const fail = (reason: string): void => {
          const a = newAttempt(e, user, device, endpoint, t)
          const ev = sessionStart(e.rng, t, a, false, reason)
          e.emit(ev)
          uuids.push(ev.uuid)
        }
        for (let k = 0; k < LOCKOUT_THRESHOLD; k++) {
          fail('INVALID_CREDENTIALS')
          t += e.rng.int(5_000, 40_000)
        }
        t -= e.rng.int(3_000, 4_000)
        const lockAt = t
        const lock = accountLock(e.rng, t, newAttempt(e, user, device, endpoint, t))
        e.emit(lock)
        uuids.push(lock.uuid)
        let trigger = t
        let also = {}
        if (succeed) {
          for (let k = e.rng.int(1, 3); k > 0; k--) {
            t += e.rng.int(60_000, 300_000)
            fail('LOCKED_OUT')
          }
          const unlockAt = lockAt + LOCKOUT_MS
          const unlock = accountUnlock(e.rng, unlockAt, user, requestId(e.rng))
          e.emit(unlock)
          uuids.push(unlock.uuid)
          const flow = signInFlow(e, user, device, endpoint, successAt)
          also = alsoOf(e, user, injected(flow, device, endpoint))
          recordInjected(e, user, flow, device, endpoint, 'attack')
          uuids.push(...flow.uuids)
          trigger = flow.startT
        }
        const note = `${LOCKOUT_THRESHOLD} failed passwords in ${Math.round((lockAt - t0) / 60_000)} min from ${describe(endpoint)} with ${device.userAgent.rawUserAgent}, account locked${succeed ? '; unlocked after 60 min, then a successful sign-in from the same IP' : ''}`
        e.labels.anomaly('brute-force', user, uuids, trigger, note, also)
      },
    })
  }
  return out
}
