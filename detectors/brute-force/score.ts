// Brute force, the pure half: one user's password failures and lockouts in a burst (gaps of at most
// BURST_GAP_MINUTES) that reach MIN_FAILURES failures, or a lockout after at least one failure —
// from any number of source addresses (Elastic's multi-source shape is the same user). A failure
// followed within minutes by the user's own success from the same address is a typo, not counted.
// A later success from an address or network of the attack is a second, critical finding.
import { severityOf, type DetectorContext, type FindingDraft } from '../types.js'
import { TOOLING_UA, isHostingNetwork, settingNumber } from '../sign-in-common.js'
import { bursts, crossing, groupBy, minutesBetween } from './bursts.js'
import { SUCCESS_WITHIN_MINUTES, type Attempt } from './queries.js'

export const DETECTOR_ID = 'brute-force'
/** Failures in one burst that make it brute force (Panther's old rule: 5 in 15 min; Okta locks at 10 by default). */
export const DEFAULT_MIN_FAILURES = 5
/** Events further apart than this start a new burst. */
export const BURST_GAP_MINUTES = 30
/** A failure followed by the user's success from the same address within this is a typo. */
export const TYPO_MINUTES = 30
export const BASE_SCORE = 50
export const ESCALATION_POINTS: Readonly<Record<string, number>> = {
  lockout: 10,
  manySources: 10,
  toolingUserAgent: 10,
  hostingAsn: 5,
  threatSuspected: 10,
}
export const SUCCESS_SCORE = 90

/** At most this many failures before a success from the same address are typos, not guessing. */
export const MAX_TYPOS = 2

/**
 * Failures not explained as typos: a typo is one of at most MAX_TYPOS failures of a user from one
 * address followed within TYPO_MINUTES by that user's success from the same address — unless other
 * addresses were guessing the user's password in those minutes: then the success's address is one
 * more source of the attack (the guess that worked), not a user mistyping.
 */
export function unexplained(attempts: readonly Attempt[]): Attempt[] {
  // Per user (a typo is explained only by the same user's success): linear in the users, not
  // quadratic in a tenant's failures.
  const kept = new Set<Attempt>()
  for (const mine of groupBy(attempts, (a) => `${a.org}\u0000${a.userId}`).values()) {
    for (const a of unexplainedOfUser(mine)) {
      kept.add(a)
    }
  }
  return attempts.filter((a) => kept.has(a))
}

function unexplainedOfUser(attempts: readonly Attempt[]): Attempt[] {
  const successes = attempts.filter((a) => a.kind === 'success')
  const failures = attempts.filter((a) => a.kind === 'failure')
  const typoBy = (a: Attempt): Attempt | undefined =>
    successes.find(
      (s) =>
        s.userId === a.userId &&
        s.ip === a.ip &&
        s.published >= a.published &&
        s.published.getTime() - a.published.getTime() <= TYPO_MINUTES * 60_000,
    )
  // Failures from other addresses in the TYPO_MINUTES before a success, themselves not followed by
  // a success from their own address: someone else was guessing.
  const guessed = new Map<Attempt, boolean>()
  const othersGuessing = (s: Attempt): boolean => {
    const known = guessed.get(s)
    if (known !== undefined) {
      return known
    }
    const yes = failures.some(
      (f) =>
        f.ip !== s.ip &&
        f.published <= s.published &&
        s.published.getTime() - f.published.getTime() <= TYPO_MINUTES * 60_000 &&
        typoBy(f) === undefined,
    )
    guessed.set(s, yes)
    return yes
  }
  return attempts.filter((a) => {
    if (a.kind !== 'failure') {
      return a.kind === 'lock'
    }
    const success = typoBy(a)
    if (!success || othersGuessing(success)) {
      return true
    }
    const before = failures.filter(
      (f) => f.userId === a.userId && f.ip === a.ip && typoBy(f) === success,
    )
    return before.length > MAX_TYPOS
  })
}

/** The first success of the user after the attack, from one of its addresses or networks. */
export function successAfter(
  attack: readonly Attempt[],
  successes: readonly Attempt[],
): Attempt | null {
  const last = attack[attack.length - 1]
  if (!last) {
    return null
  }
  // Where the guessing came from: a lockout is logged from wherever Okta decided it.
  const guesses = attack.filter((a) => a.kind === 'failure')
  const ips = new Set(guesses.map((a) => a.ip).filter((x) => x !== null))
  const asns = new Set(guesses.map((a) => a.asNumber).filter((x) => x !== null))
  return (
    successes.find(
      (s) =>
        s.published > last.published &&
        s.published.getTime() - last.published.getTime() <= SUCCESS_WITHIN_MINUTES * 60_000 &&
        ((s.ip !== null && ips.has(s.ip)) || (s.asNumber !== null && asns.has(s.asNumber))),
    ) ?? null
  )
}

export function score(attempts: readonly Attempt[], ctx: DetectorContext): FindingDraft[] {
  const minFailures = settingNumber(ctx.config, 'minFailures', DEFAULT_MIN_FAILURES)
  const out: FindingDraft[] = []
  const byUser = groupBy(attempts, (a) => `${a.org}\u0000${a.userId}`)
  for (const mine of byUser.values()) {
    const successes = mine.filter((a) => a.kind === 'success')
    for (const burst of bursts(unexplained(mine), BURST_GAP_MINUTES)) {
      const rule = (p: readonly Attempt[]): boolean => {
        const failures = p.filter((a) => a.kind === 'failure').length
        return failures >= minFailures || (p.some((a) => a.kind === 'lock') && failures >= 1)
      }
      const attack = crossing(burst, rule)
      const trigger = attack?.[attack.length - 1]
      if (!attack || !trigger) {
        continue
      }
      const success = successAfter(burst, successes)
      const report = success ? trigger.isNew || success.isNew : trigger.isNew
      if (!report) {
        continue
      }
      out.push(finding(attack, burst, success, minFailures))
    }
  }
  return out.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime())
}

function finding(
  attack: Attempt[],
  burst: Attempt[],
  success: Attempt | null,
  minFailures: number,
): FindingDraft {
  const trigger = attack[attack.length - 1] as Attempt
  const failures = burst.filter((a) => a.kind === 'failure')
  const locks = burst.filter((a) => a.kind === 'lock')
  const ips = [...new Set(failures.map((a) => a.ip).filter((x) => x !== null))]
  const escalatedBy: string[] = []
  if (locks.length > 0) {
    escalatedBy.push('lockout')
  }
  if (ips.length >= 3) {
    escalatedBy.push('manySources')
  }
  if (failures.some((a) => TOOLING_UA.test(a.userAgent ?? ''))) {
    escalatedBy.push('toolingUserAgent')
  }
  if (failures.some((a) => isHostingNetwork(a))) {
    escalatedBy.push('hostingAsn')
  }
  if (failures.some((a) => a.threatSuspected)) {
    escalatedBy.push('threatSuspected')
  }
  const base = BASE_SCORE + escalatedBy.reduce((t, k) => t + (ESCALATION_POINTS[k] ?? 0), 0)
  const total = Math.min(100, success ? Math.max(SUCCESS_SCORE, base) : base)
  const who = trigger.userLogin ?? trigger.userId
  const first = burst[0] ?? trigger
  return {
    detector: DETECTOR_ID,
    severity: severityOf(total),
    score: total,
    org: trigger.org,
    partnerId: trigger.partnerId,
    userId: trigger.userId,
    userLogin: trigger.userLogin,
    occurredAt: success ? success.published : trigger.published,
    eventIds: [...attack.map((a) => a.uuid), ...(success ? [success.uuid] : [])],
    summary: `${who}: ${failures.length} failed passwords${locks.length > 0 ? ` and ${locks.length} lockout(s)` : ''} in ${minutesBetween(first.published, (burst[burst.length - 1] ?? trigger).published)} min from ${ips.length} address(es)${success ? `, then a successful sign-in from ${success.ip ?? 'the attack'}'s network` : ''}`,
    details: {
      failures: failures.length,
      lockouts: locks.length,
      minFailures,
      burstGapMinutes: BURST_GAP_MINUTES,
      sources: ips,
      countries: [...new Set(failures.map((a) => a.country).filter((x) => x !== null))],
      reasons: [...new Set(failures.map((a) => a.reason).filter((x) => x !== null))],
      firstAt: first.published.toISOString(),
      crossedAt: trigger.published.toISOString(),
      success: success
        ? { uuid: success.uuid, at: success.published.toISOString(), ip: success.ip }
        : null,
      successWithinMinutes: SUCCESS_WITHIN_MINUTES,
      escalatedBy,
    },
  }
}
