// No MFA: a session of a partner that requires MFA, completed without a strong factor, from the
// victim's usual computer and network (a sign-on rule gap or a legacy client — the password was
// enough). Okta-password users: the sign-on policy ALLOWs and the session starts with no factor,
// half of them through the Classic /api/v1/authn. Federated users: the partner IdP's assertion says
// only a password was used (`debugData.amr` = `[pwd]`).
import { authViaIdp, policyEvaluate, sessionStart } from '../auth-events.js'
import type { EventLine } from '../log-event.js'
import { sessionId } from '../ids.js'
import { PARTNER_POLICY, newAttempt } from '../session-flow.js'
import { ATTEMPTS, type Injection, type SchedulerContext } from './context.js'
import { victims } from './helpers.js'
import { established, quietMoment } from './new-country.js'
import { alsoOf } from './kinds.js'
import { describe, recordInjected } from './record.js'

/** What the partner IdP asserted in the injected federated sign-in (RFC 8176 amr). */
export const PASSWORD_ONLY_AMR = '[pwd]'

export function scheduleNoMfa(ctx: SchedulerContext, count: number): Injection[] {
  const out: Injection[] = []
  const { rng } = ctx
  const pool = victims(ctx, (u) => u.partner?.requireMfa === true)
  for (let n = 0; n < ATTEMPTS && out.length < count && pool.length > 0; n++) {
    const user = rng.pick(pool)
    const moment = ctx.used.has(user.index) ? null : quietMoment(ctx, user)
    if (!moment) {
      continue
    }
    const { home, t } = moment
    const classic = rng.chance(0.5)
    ctx.used.add(user.index)
    out.push({
      t,
      kind: 'no-mfa',
      run(e) {
        if (!established(e, user)) {
          return
        }
        const a = newAttempt(e, user, home.device, home.endpoint, t, classic)
        a.sessionId = sessionId(e.rng, classic && user.auth === 'okta')
        const uuids: string[] = []
        const put = (ev: EventLine): void => {
          e.emit(ev)
          uuids.push(ev.uuid)
        }
        let at = t
        if (user.auth === 'okta') {
          put(policyEvaluate(e.rng, at, a, 'ALLOW', PARTNER_POLICY))
        } else {
          const idp = authViaIdp(e.rng, at, a)
          put({
            ...idp,
            line: idp.line.replace('"debugData":{', `"debugData":{"amr":"${PASSWORD_ONLY_AMR}",`),
          })
        }
        at += e.rng.int(150, 900)
        const start = sessionStart(e.rng, at, a, true)
        put(start)
        const verdict = { risk: a.risk, threatSuspected: a.threatSuspected }
        const also = alsoOf(e, user, {
          t: at,
          device: home.device,
          endpoint: home.endpoint,
          ...verdict,
          uuids,
        })
        recordInjected(
          e,
          user,
          {
            sessionId: a.sessionId ?? '',
            startUuid: start.uuid,
            startT: at,
            uuids,
            endsAt: at,
            ...verdict,
          },
          home.device,
          home.endpoint,
          home.via,
        )
        e.labels.anomaly(
          'no-mfa',
          user,
          uuids,
          at,
          `${user.auth === 'okta' ? `sign-on policy ALLOW without a factor${classic ? ' via /api/v1/authn' : ''}` : `partner IdP asserted amr ${PASSWORD_ONLY_AMR} only`}; partner ${user.partner?.id ?? ''} requires MFA; from ${describe(home.endpoint)}`,
          also,
        )
      },
    })
  }
  return out
}
