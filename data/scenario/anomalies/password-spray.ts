// Password spraying against Okta-password partner users. Single-source: one attacker IP tries 10–25
// users once or twice each, 15–90 s apart, failing with INVALID_CREDENTIALS (ThreatInsight marks
// some attempts threatSuspected). Distributed: 6–12 proxy IPs share 12–30 users over 1–3 hours.
// Sometimes one password was right: a full sign-in of that user follows from a spraying IP.
import { desktopDevice, toolDevice, type Device } from '../devices.js'
import type { Emitter } from '../emitter.js'
import { sessionStart } from '../auth-events.js'
import { HUB } from '../hub.js'
import type { Endpoint, ScenarioUser } from '../model.js'
import { newAttempt, signInFlow } from '../session-flow.js'
import { MS_PER_DAY } from '../time-zone.js'
import { ATTEMPTS, type Injection, type SchedulerContext } from './context.js'
import { attackerEndpoint, reachable, victims } from './helpers.js'
import { alsoOf, blockedAt, injected } from './kinds.js'
import { describe, recordInjected } from './record.js'

interface Try {
  t: number
  user: ScenarioUser
  endpoint: Endpoint
}

export function schedulePasswordSpray(ctx: SchedulerContext, count: number): Injection[] {
  const out: Injection[] = []
  const { window, rng } = ctx
  const targets = ctx.users.filter(
    (u) =>
      u.auth === 'okta' &&
      u.partner !== null &&
      u.life.status === 'ACTIVE' &&
      u.life.category !== 'pending',
  )
  for (let n = 0; n < ATTEMPTS && out.length < count && targets.length >= 10; n++) {
    const distributed = out.length % 2 === 1
    const pool: Endpoint[] = []
    for (let k = distributed ? rng.int(6, 12) : 1; pool.length < k;) {
      const ep = attackerEndpoint(rng, HUB.egress.place, 0, 20_000, distributed ? 0.25 : 0.7)
      if (!ep) {
        break
      }
      pool.push(ep)
    }
    if (pool.length === 0) {
      continue
    }
    const device: Device = rng.chance(0.5) ? toolDevice(rng) : desktopDevice(rng)
    const chosen = rng.shuffled(targets).slice(0, distributed ? rng.int(12, 30) : rng.int(10, 25))
    const t0 = window.startMs + rng.int(1, window.days - 1) * MS_PER_DAY + rng.int(0, 86_399_999)
    const tries: Try[] = []
    const spanMs = distributed ? rng.int(60, 180) * 60_000 : 0
    let t = t0
    for (const user of chosen) {
      for (let a = rng.chance(0.3) ? 2 : 1; a > 0; a--) {
        const at = distributed ? t0 + rng.int(0, spanMs) : (t += rng.int(15_000, 90_000))
        tries.push({ t: at, user, endpoint: rng.pick(pool) })
      }
    }
    tries.sort((x, y) => x.t - y.t || x.user.index - y.user.index)
    const lastT = tries[tries.length - 1]?.t ?? t0
    let success: Try | null = null
    if (rng.chance(0.4)) {
      const eligible = victims(ctx, (u) => chosen.includes(u))
      const at = lastT + rng.int(5, 60) * 60_000
      const winner = eligible.length > 0 ? rng.pick(eligible) : null
      const endpoint = rng.pick(pool)
      if (winner && reachable(ctx, winner, at, endpoint.place)) {
        success = { t: at, user: winner, endpoint }
        ctx.used.add(winner.index)
      }
    }
    if (t0 >= window.endMs || (success?.t ?? lastT) >= window.endMs) {
      continue
    }
    const threat = rng.next()
    out.push({
      t: t0,
      kind: 'password-spray',
      run: (e) => runSpray(e, tries, success, device, threat, distributed, pool.length),
    })
  }
  return out
}

function runSpray(
  e: Emitter,
  tries: Try[],
  success: Try | null,
  device: Device,
  threat: number,
  distributed: boolean,
  ips: number,
): void {
  const uuids: string[] = []
  // A failure against an account that is deactivated or suspended at that moment is also what the
  // deactivated-access detector calls probing a closed account.
  const probing: string[] = []
  for (const x of tries) {
    const a = newAttempt(e, x.user, device, x.endpoint, x.t)
    a.threatSuspected = e.rng.next() < threat
    const ev = sessionStart(e.rng, x.t, a, false, 'INVALID_CREDENTIALS')
    e.emit(ev)
    uuids.push(ev.uuid)
    if (blockedAt(x.user, x.t)) {
      probing.push(ev.uuid)
    }
  }
  let also = {}
  let trigger = tries[tries.length - 1]?.t ?? 0
  if (success) {
    const flow = signInFlow(e, success.user, device, success.endpoint, success.t)
    also = alsoOf(e, success.user, injected(flow, device, success.endpoint))
    recordInjected(e, success.user, flow, device, success.endpoint, 'attack')
    uuids.push(...flow.uuids)
    trigger = flow.startT
  }
  const users = new Set(tries.map((x) => x.user.index)).size
  const minutes = Math.round(((tries[tries.length - 1]?.t ?? 0) - (tries[0]?.t ?? 0)) / 60_000)
  const first = tries[0]?.endpoint
  const source = distributed
    ? `${ips} IPs (residential proxies and hosting)`
    : first
      ? `single IP ${describe(first)}`
      : ''
  const note = `${distributed ? 'distributed' : 'single-source'} spray from ${source}: ${users} users, ${tries.length} failed attempts over ${minutes} min, ${device.userAgent.rawUserAgent}${success ? `; then a successful sign-in of ${success.user.login}` : ''}`
  e.labels.anomaly('password-spray', success?.user ?? null, uuids, trigger, note, {
    ...also,
    ...(probing.length > 0 ? { 'deactivated-access': probing } : {}),
  })
}
