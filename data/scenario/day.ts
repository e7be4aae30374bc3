// One UTC day of normal activity: every user's planned sign-ins that start in the day (planned per
// local day, so DST and time zones land correctly), each written as a full sign-in flow with the
// user's small mishaps — at most one mistyped password or one unanswered push a day, never two
// users' typos from one shared address within an hour.
import type { Emitter } from './emitter.js'
import { observeSignIn } from './confounders.js'
import type { PlannedSession, ScenarioUser } from './model.js'
import { planLocalDay } from './plan.js'
import { signInFlow } from './session-flow.js'
import { MS_PER_DAY, MS_PER_HOUR, localDay } from './time-zone.js'
import type { UserState } from './user-state.js'

export interface Activity {
  t: number
  run(e: Emitter): void
}

/** Plans by user and local day, kept for the few days the day loop still needs them. */
export class PlanCache {
  private readonly byUser: Map<number, PlannedSession[]>[] = []

  private readonly seed: number

  constructor(seed: number) {
    this.seed = seed
  }

  get(user: ScenarioUser, day: number): PlannedSession[] {
    let days = this.byUser[user.index]
    if (!days) {
      days = new Map()
      this.byUser[user.index] = days
    }
    let plan = days.get(day)
    if (!plan) {
      plan = planLocalDay(user, day, { seed: this.seed })
      days.set(day, plan)
      for (const d of [...days.keys()]) {
        if (d < day - 3) {
          days.delete(d)
        }
      }
    }
    return plan
  }
}

export function sessionActivities(e: Emitter, cache: PlanCache, dayStart: number): Activity[] {
  const dayEnd = dayStart + MS_PER_DAY
  const out: Activity[] = []
  for (const user of e.users) {
    const life = user.life
    if (life.activeUntilMs <= dayStart - 2 * MS_PER_DAY || life.activeFromMs >= dayEnd) {
      continue
    }
    const last = localDay(user.zone, dayEnd - 1)
    for (let d = localDay(user.zone, dayStart) - 1; d <= last; d++) {
      for (const s of cache.get(user, d)) {
        if (s.t >= dayStart && s.t < dayEnd) {
          out.push({ t: s.t, run: (em) => runSession(em, user, s) })
        }
      }
    }
  }
  return out
}

function runSession(e: Emitter, user: ScenarioUser, s: PlannedSession): void {
  const state = e.states[user.index] as UserState
  const { rng } = e
  const h = user.habits
  if (state.failures.day !== s.localDay) {
    state.failures = { day: s.localDay, count: 0 }
  }
  let typo = false
  let pushTimeout = false
  if (user.auth === 'okta' && state.failures.count === 0) {
    if (rng.chance(h.typoRate) && typoAllowed(e, s.endpoint.ip, s.t, user.index)) {
      typo = true
      state.failures.count++
    } else if (h.factor === 'push' && s.jitterPair === 0 && rng.chance(h.pushTimeoutRate)) {
      pushTimeout = true
      state.failures.count++
    }
  }
  const keep = e.keepOpen.has(`${user.index}:${s.t}`)
  const signOut = rng.chance(h.signOutRate) && !keep
  const flow = signInFlow(e, user, s.device, s.endpoint, s.t, { typo, pushTimeout, signOut })
  state.lastSession = {
    id: flow.sessionId,
    startUuid: flow.startUuid,
    t: flow.startT,
    endsAt: flow.endsAt,
  }
  if (keep) {
    state.keptSession = {
      id: flow.sessionId,
      startUuid: flow.startUuid,
      t: flow.startT,
      ip: s.endpoint.ip,
      ua: s.device.userAgent.rawUserAgent,
    }
  }
  observeSignIn(e, user, s, flow)
}

/** A shared address (office NAT, VPN) may carry one other user's typo in the same two hours. */
function typoAllowed(e: Emitter, ip: string, t: number, userIndex: number): boolean {
  const hour = Math.floor(t / MS_PER_HOUR)
  const seen = new Set([
    ...(e.ipFailures.get(`${ip}|${hour}`) ?? []),
    ...(e.ipFailures.get(`${ip}|${hour - 1}`) ?? []),
  ])
  seen.delete(userIndex)
  if (seen.size >= 1) {
    return false
  }
  const key = `${ip}|${hour}`
  e.ipFailures.set(key, [...(e.ipFailures.get(key) ?? []), userIndex])
  return true
}

/** Forgets typo bookkeeping older than two days. */
export function pruneFailures(e: Emitter, now: number): void {
  const oldest = Math.floor(now / MS_PER_HOUR) - 48
  for (const key of [...e.ipFailures.keys()]) {
    if (Number(key.slice(key.lastIndexOf('|') + 1)) < oldest) {
      e.ipFailures.delete(key)
    }
  }
}
