// MFA fatigue (push bombing): an attacker who has the password of an Okta-Verify-push user starts
// sign-ins from a foreign network and sends 5–12 pushes 30–90 s apart. The victim denies most —
// in the Classic form as user.mfa.okta_verify.deny_push, in the Identity Engine form as
// user.authentication.auth_via_mfa FAILURE INVALID_CREDENTIALS — and leaves others unanswered.
// Sometimes the victim gives in: the last push is approved and the session starts.
import { denyPush, mfaVerify, policyEvaluate, pushSent, sessionStart } from '../auth-events.js'
import { desktopDevice } from '../devices.js'
import { sessionId } from '../ids.js'
import { newAttempt, PARTNER_POLICY } from '../session-flow.js'
import { MS_PER_DAY } from '../time-zone.js'
import type { EventLine } from '../log-event.js'
import { ATTEMPTS, type Injection, type SchedulerContext } from './context.js'
import { around, attackerEndpoint, pushUsers, reachable, victims } from './helpers.js'
import { alsoOf } from './kinds.js'
import { describe, recordInjected } from './record.js'

export function scheduleMfaFatigue(ctx: SchedulerContext, count: number): Injection[] {
  const out: Injection[] = []
  const { window, rng } = ctx
  const pool = victims(ctx, pushUsers)
  for (let n = 0; n < ATTEMPTS && out.length < count && pool.length > 0; n++) {
    const user = rng.pick(pool)
    const endpoint = attackerEndpoint(rng, user.home, 300, 20_000, 0.5)
    const t0 = window.startMs + rng.int(1, window.days - 1) * MS_PER_DAY + rng.int(0, 86_399_999)
    const rounds = rng.int(5, 12)
    const succeed = rng.chance(0.45)
    const { prev, next } = around(ctx, user, t0)
    const quiet = (!prev || t0 - prev.t > 3_600_000) && (!next || next.t - t0 > 2 * 3_600_000)
    if (ctx.used.has(user.index) || !endpoint || !quiet || t0 + 30 * 60_000 >= window.endMs) {
      continue
    }
    if (succeed && !reachable(ctx, user, t0 + rounds * 90_000, endpoint.place)) {
      continue
    }
    ctx.used.add(user.index)
    const device = desktopDevice(rng)
    const classic = rng.chance(0.5)
    out.push({
      t: t0,
      kind: 'mfa-fatigue',
      run(e) {
        const a = newAttempt(e, user, device, endpoint, t0, classic)
        a.sessionId = sessionId(e.rng, classic)
        const uuids: string[] = []
        let trigger = t0
        const put = (ev: EventLine): void => {
          e.emit(ev)
          uuids.push(ev.uuid)
          trigger = ev.t
        }
        let t = t0
        put(policyEvaluate(e.rng, t, a, 'CHALLENGE', PARTNER_POLICY))
        let denied = 0
        let also = {}
        for (let r = 0; r < rounds; r++) {
          t += r === 0 ? e.rng.int(1_000, 5_000) : e.rng.int(30_000, 90_000)
          put(pushSent(e.rng, t, a))
          if (e.rng.chance(0.6)) {
            const at = t + e.rng.int(4_000, 25_000)
            put(
              classic
                ? denyPush(e.rng, at, a)
                : mfaVerify(e.rng, at, a, 'push', false, 'INVALID_CREDENTIALS'),
            )
            denied++
          }
        }
        if (succeed) {
          t += e.rng.int(30_000, 90_000)
          put(pushSent(e.rng, t, a))
          t += e.rng.int(5_000, 20_000)
          put(mfaVerify(e.rng, t, a, 'push', true))
          t += e.rng.int(200, 900)
          const start = sessionStart(e.rng, t, a, true)
          put(start)
          also = alsoOf(e, user, {
            t,
            device,
            endpoint,
            risk: a.risk,
            threatSuspected: a.threatSuspected,
            uuids: uuids.slice(-3),
          })
          recordInjected(
            e,
            user,
            {
              sessionId: a.sessionId ?? '',
              startUuid: start.uuid,
              startT: t,
              uuids: [],
              endsAt: t,
              risk: a.risk,
              threatSuspected: a.threatSuspected,
            },
            device,
            endpoint,
            'attack',
          )
        }
        const note = `${rounds} Okta Verify pushes (${classic ? 'Classic deny_push' : 'OIE auth_via_mfa INVALID_CREDENTIALS'} form): ${denied} denied, ${rounds - denied} unanswered, from ${describe(endpoint)}${succeed ? '; the next push was approved and the session started' : ''}`
        e.labels.anomaly('mfa-fatigue', user, uuids, trigger, note, also)
      },
    })
  }
  return out
}
