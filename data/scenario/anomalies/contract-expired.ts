// Contract expired: a partner user keeps working after the contract ended — either the partner's
// contract (config contractEnd) or the user's own (profile contractEndDate). Normal activity stops
// the day before the contract end; the injected sign-in comes two or more days after it, at one of
// the user's usual hours from their usual network, while the account is still active, and within
// 20 days (short of any dormancy threshold).
import { windowDayOf } from '../calendar.js'
import type { ScenarioUser } from '../model.js'
import { signInFlow } from '../session-flow.js'
import { MS_PER_DAY, dayOfIsoDate, localToUtc } from '../time-zone.js'
import { ATTEMPTS, type Injection, type SchedulerContext } from './context.js'
import { sessionsOnWindowDay } from './helpers.js'
import { alsoOf, injected } from './kinds.js'
import { recordInjected } from './record.js'

export function scheduleContractExpired(ctx: SchedulerContext, count: number): Injection[] {
  const out: Injection[] = []
  const { window, rng } = ctx
  const endDay = Math.floor(window.endMs / MS_PER_DAY)
  const pool = ctx.users.filter(
    (u) =>
      u.partner !== null &&
      (u.life.category === 'active' || u.life.category === 'leaver') &&
      u.contractEndDate !== null &&
      dayOfIsoDate(u.contractEndDate) <= endDay - 3 &&
      u.life.activeUntilMs > window.startMs,
  )
  for (let n = 0; n < ATTEMPTS && out.length < count && pool.length > 0; n++) {
    const user = rng.pick(pool)
    const contractEnd = user.contractEndDate ?? ''
    const from = windowDayOf(window, localToUtc(user.zone, dayOfIsoDate(contractEnd) + 2, 0)) + 1
    const limitMs = Math.min(20, (user.partner?.dormantAfterDays ?? 30) - 5) * MS_PER_DAY
    const i = rng.int(Math.max(0, from), window.days - 1)
    const s = sessionsOnWindowDay(ctx, user, i, true).find((x) => x.via !== 'away')
    if (
      ctx.used.has(user.index) ||
      !s ||
      s.t >= window.endMs - 3_600_000 ||
      s.t - user.life.activeUntilMs > limitMs
    ) {
      continue
    }
    if (blockedBy(user, s.t) || s.t < localToUtc(user.zone, dayOfIsoDate(contractEnd) + 2, 0)) {
      continue
    }
    ctx.used.add(user.index)
    const partnerLevel = user.partner?.contractEnd === contractEnd
    out.push({
      t: s.t,
      kind: 'contract-expired',
      run(e) {
        const flow = signInFlow(e, user, s.device, s.endpoint, s.t)
        const also = alsoOf(e, user, injected(flow, s.device, s.endpoint))
        recordInjected(e, user, flow, s.device, s.endpoint, s.via)
        const days = Math.floor(
          (flow.startT - localToUtc(user.zone, dayOfIsoDate(contractEnd), 0)) / MS_PER_DAY,
        )
        e.labels.anomaly(
          'contract-expired',
          user,
          flow.uuids,
          flow.startT,
          `${partnerLevel ? `partner ${user.partner?.id ?? ''} contract` : 'user contractEndDate'} ended ${contractEnd}; successful sign-in ${days} days later from the usual ${s.via} network; account still active`,
          also,
        )
      },
    })
  }
  return out
}

/** Whether the account was deactivated or suspended by `t` (then it is another anomaly). */
function blockedBy(user: ScenarioUser, t: number): boolean {
  return user.life.events.some(
    (ev) => (ev.type === 'deactivate' || ev.type === 'suspend') && ev.atMs < t + MS_PER_DAY,
  )
}
