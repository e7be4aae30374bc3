// Password spray, the pure half. Failures nobody explains (no success of the same user from the same
// address within minutes: not a typo) are cut into tenant-wide bursts; a burst is a spray when it
// takes one of Elastic's three shapes, each with the per-user ceiling that tells it from brute force:
// - single-source spray: one address, ≥ 5 users, at most 8 attempts per user;
// - credential stuffing: one address, ≥ 15 users, at most 2 attempts per user;
// - distributed spray: ≥ 3 addresses, ≥ 8 users, median attempts per user ≤ 3 (among the
//   addresses that do not spray on their own: two attacks at once stay two findings).
// A targeted user's later success from the spray's addresses or networks is a second, critical finding.
import type { DetectorContext, FindingDraft } from '../types.js'
import { TOOLING_UA, isHostingNetwork, settingNumber } from '../sign-in-common.js'
import { bursts, crossing, groupBy, minutesBetween } from '../brute-force/bursts.js'
import { successAfter, unexplained } from '../brute-force/score.js'
import { severityOf } from '../types.js'
import type { Attempt } from './queries.js'

export const DETECTOR_ID = 'password-spray'
/** Tenant-wide failures further apart than this start a new burst. */
export const BURST_GAP_MINUTES = 30
export const DEFAULT_MIN_USERS_SINGLE = 5
export const MAX_ATTEMPTS_PER_USER_SINGLE = 8
export const MIN_USERS_STUFFING = 15
export const MAX_ATTEMPTS_PER_USER_STUFFING = 2
export const DEFAULT_MIN_USERS_DISTRIBUTED = 8
export const MIN_SOURCES_DISTRIBUTED = 3
/** Share of the burst's failures (while it sprays) an address needs to count as spraying alone. */
export const MIN_OWN_SHARE = 0.5
export const MAX_MEDIAN_ATTEMPTS_DISTRIBUTED = 3
export const BASE_SCORE = 55
export const SUCCESS_SCORE = 92
export const ESCALATION_POINTS: Readonly<Record<string, number>> = {
  manyUsers: 10,
  toolingUserAgent: 5,
  hostingAsn: 5,
  threatSuspected: 10,
}

export type SprayShape = 'single-source spray' | 'credential stuffing' | 'distributed spray'

interface Shape {
  shape: SprayShape
  users: number
  sources: number
  maxPerUser: number
  medianPerUser: number
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2
}

/** The shape a set of failures takes, or null when it is none of the three. */
/** The shape a set of failures takes, or null when it is none of those asked for. */
export function shapeOf(
  failures: readonly Attempt[],
  minSingle: number,
  minDistributed: number,
  shapes: 'single' | 'distributed' | 'any' = 'any',
): Shape | null {
  const perUser = [...groupBy(failures, (a) => a.userId).values()].map((l) => l.length)
  const users = perUser.length
  const maxPerUser = Math.max(0, ...perUser)
  const medianPerUser = median(perUser)
  const byIp = groupBy(failures, (a) => a.ip ?? '?')
  const sources = byIp.size
  const of = (shape: SprayShape): Shape => ({ shape, users, sources, maxPerUser, medianPerUser })
  if (shapes !== 'distributed') {
    for (const fromIp of byIp.values()) {
      const ipUsers = [...groupBy(fromIp, (a) => a.userId).values()].map((l) => l.length)
      const ipMax = Math.max(0, ...ipUsers)
      if (ipUsers.length >= MIN_USERS_STUFFING && ipMax <= MAX_ATTEMPTS_PER_USER_STUFFING) {
        return of('credential stuffing')
      }
      if (ipUsers.length >= minSingle && ipMax <= MAX_ATTEMPTS_PER_USER_SINGLE) {
        return of('single-source spray')
      }
    }
  }
  if (
    shapes !== 'single' &&
    sources >= MIN_SOURCES_DISTRIBUTED &&
    users >= minDistributed &&
    medianPerUser <= MAX_MEDIAN_ATTEMPTS_DISTRIBUTED
  ) {
    return of('distributed spray')
  }
  return null
}

/**
 * The sprays in one burst: each address that sprays on its own (single-source, stuffing) is one
 * attack; the failures of the other addresses together may be a distributed spray. Two attacks at
 * the same time stay two findings.
 */
export function spraysIn(
  burst: readonly Attempt[],
  minSingle: number,
  minDistributed: number,
): { attack: Attempt[]; failures: Attempt[]; shape: Shape }[] {
  const out: { attack: Attempt[]; failures: Attempt[]; shape: Shape }[] = []
  const claimed = new Set<string>()
  for (const [ip, fromIp] of groupBy(burst, (a) => a.ip ?? '?')) {
    const attack = crossing(fromIp, (p) => shapeOf(p, minSingle, minDistributed, 'single') !== null)
    const shape = shapeOf(fromIp, minSingle, minDistributed, 'single')
    // On its own: most of the burst's failures while it is active are its own (one of the
    // addresses of a distributed spray is not).
    const first = fromIp[0]?.published ?? new Date(0)
    const last = fromIp[fromIp.length - 1]?.published ?? new Date(0)
    const meanwhile = burst.filter((a) => a.published >= first && a.published <= last).length
    if (attack && shape && fromIp.length >= MIN_OWN_SHARE * meanwhile) {
      claimed.add(ip)
      out.push({ attack, failures: fromIp, shape })
    }
  }
  const rest = burst.filter((a) => !claimed.has(a.ip ?? '?'))
  const attack = crossing(
    rest,
    (p) => shapeOf(p, minSingle, minDistributed, 'distributed') !== null,
  )
  const shape = shapeOf(rest, minSingle, minDistributed, 'distributed')
  if (attack && shape) {
    out.push({ attack, failures: rest, shape })
  }
  return out
}

export function score(attempts: readonly Attempt[], ctx: DetectorContext): FindingDraft[] {
  const minSingle = settingNumber(ctx.config, 'minUsersSingleSource', DEFAULT_MIN_USERS_SINGLE)
  const minDistributed = settingNumber(
    ctx.config,
    'minUsersDistributed',
    DEFAULT_MIN_USERS_DISTRIBUTED,
  )
  const out: FindingDraft[] = []
  for (const tenant of groupBy(attempts, (a) => a.org).values()) {
    const successes = tenant.filter((a) => a.kind === 'success')
    const failures = unexplained(tenant).filter((a) => a.kind === 'failure')
    for (const burst of bursts(failures, BURST_GAP_MINUTES)) {
      for (const { attack, failures: spray, shape } of spraysIn(burst, minSingle, minDistributed)) {
        const trigger = attack[attack.length - 1]
        if (!trigger) {
          continue
        }
        const targeted = new Set(spray.map((a) => a.userId))
        const success =
          [
            ...groupBy(
              successes.filter((s) => targeted.has(s.userId)),
              (s) => s.userId,
            ).values(),
          ]
            .map((mine) => successAfter(spray, mine))
            .filter((s): s is Attempt => s !== null)
            .sort((a, b) => a.published.getTime() - b.published.getTime())[0] ?? null
        if (!(success ? trigger.isNew || success.isNew : trigger.isNew)) {
          continue
        }
        out.push(finding(attack, spray, shape, success))
      }
    }
  }
  return out.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime())
}

function finding(
  attack: Attempt[],
  burst: Attempt[],
  shape: Shape,
  success: Attempt | null,
): FindingDraft {
  const trigger = attack[attack.length - 1] as Attempt
  const first = burst[0] ?? trigger
  const escalatedBy: string[] = []
  if (shape.users >= MIN_USERS_STUFFING) {
    escalatedBy.push('manyUsers')
  }
  if (burst.some((a) => TOOLING_UA.test(a.userAgent ?? ''))) {
    escalatedBy.push('toolingUserAgent')
  }
  if (burst.some((a) => isHostingNetwork(a))) {
    escalatedBy.push('hostingAsn')
  }
  if (burst.some((a) => a.threatSuspected)) {
    escalatedBy.push('threatSuspected')
  }
  const base = BASE_SCORE + escalatedBy.reduce((t, k) => t + (ESCALATION_POINTS[k] ?? 0), 0)
  const total = Math.min(100, success ? Math.max(SUCCESS_SCORE, base) : base)
  const sources = [...new Set(burst.map((a) => a.ip).filter((x) => x !== null))]
  return {
    detector: DETECTOR_ID,
    severity: severityOf(total),
    score: total,
    org: trigger.org,
    partnerId: success?.partnerId ?? null,
    userId: success?.userId ?? null,
    userLogin: success?.userLogin ?? null,
    occurredAt: success ? success.published : trigger.published,
    eventIds: [...attack.map((a) => a.uuid), ...(success ? [success.uuid] : [])],
    summary: `${shape.shape}: ${burst.length} failed passwords against ${shape.users} users from ${shape.sources} address(es) in ${minutesBetween(first.published, (burst[burst.length - 1] ?? trigger).published)} min${success ? `; then ${success.userLogin ?? success.userId} signed in from the spray's network` : ''}`,
    details: {
      shape: shape.shape,
      users: shape.users,
      attempts: burst.length,
      sources: sources.slice(0, 50),
      sourceCount: shape.sources,
      maxAttemptsPerUser: shape.maxPerUser,
      medianAttemptsPerUser: shape.medianPerUser,
      targets: [...new Set(burst.map((a) => a.userLogin ?? a.userId))].slice(0, 50),
      firstAt: first.published.toISOString(),
      crossedAt: trigger.published.toISOString(),
      thresholds: {
        singleSource: {
          minUsers: DEFAULT_MIN_USERS_SINGLE,
          maxPerUser: MAX_ATTEMPTS_PER_USER_SINGLE,
        },
        stuffing: { minUsers: MIN_USERS_STUFFING, maxPerUser: MAX_ATTEMPTS_PER_USER_STUFFING },
        distributed: {
          minUsers: DEFAULT_MIN_USERS_DISTRIBUTED,
          minSources: MIN_SOURCES_DISTRIBUTED,
          maxMedianPerUser: MAX_MEDIAN_ATTEMPTS_DISTRIBUTED,
        },
        burstGapMinutes: BURST_GAP_MINUTES,
      },
      success: success
        ? {
            uuid: success.uuid,
            user: success.userLogin ?? success.userId,
            at: success.published.toISOString(),
            ip: success.ip,
          }
        : null,
      escalatedBy,
    },
  }
}
