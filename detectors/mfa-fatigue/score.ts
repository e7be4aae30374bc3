// MFA fatigue, the pure half: one user's push traffic cut into bursts (gaps of at most
// BURST_GAP_MINUTES); a burst is push bombing once MIN_REJECTED pushes were not approved — denied
// (Classic deny_push or OIE auth_via_mfa FAILURE), reported UNANSWERED/ABANDONED, or simply sent and
// never answered. A normal push timeout is one unanswered push then an approval. An approval or a
// session start within SUCCESS_WITHIN_MINUTES after the burst is a second, critical finding.
import type { DetectorContext, FindingDraft } from '../types.js'
import { settingNumber } from '../sign-in-common.js'
import { bursts, crossing, groupBy, minutesBetween } from '../brute-force/bursts.js'
import { severityOf } from '../types.js'
import {
  BURST_GAP_MINUTES,
  DEFAULT_MIN_REJECTED,
  SUCCESS_WITHIN_MINUTES,
  type PushEvent,
} from './queries.js'

export { BURST_GAP_MINUTES, DEFAULT_MIN_REJECTED }

export const DETECTOR_ID = 'mfa-fatigue'
export const BASE_SCORE = 60
export const PER_EXTRA_REJECTION = 3
export const SUCCESS_SCORE = 95

export interface Tally {
  pushes: number
  denied: number
  unanswered: number
  approved: number
  /** Pushes not approved: explicit rejections, or pushes sent and never answered. */
  rejected: number
}

export function tally(events: readonly PushEvent[]): Tally {
  const count = (step: PushEvent['step']): number => events.filter((e) => e.step === step).length
  const pushes = count('push')
  const denied = count('deny')
  const unanswered = count('unanswered')
  const approved = count('approve')
  const rejected = Math.max(denied + unanswered, pushes - approved)
  return { pushes, denied, unanswered, approved, rejected }
}

export function score(events: readonly PushEvent[], ctx: DetectorContext): FindingDraft[] {
  const minRejected = settingNumber(ctx.config, 'minRejected', DEFAULT_MIN_REJECTED)
  const out: FindingDraft[] = []
  for (const mine of groupBy(events, (e) => `${e.org}\u0000${e.userId}`).values()) {
    const steps = mine.filter((e) => e.step !== 'session')
    const sessions = mine.filter((e) => e.step === 'session')
    for (const burst of bursts(steps, BURST_GAP_MINUTES)) {
      const attack = crossing(burst, (p) => tally(p).rejected >= minRejected)
      const trigger = attack?.[attack.length - 1]
      if (!attack || !trigger) {
        continue
      }
      const lastRejection = [...burst].reverse().find((e) => e.step !== 'approve') ?? trigger
      const limit = lastRejection.published.getTime() + SUCCESS_WITHIN_MINUTES * 60_000
      const after = (e: PushEvent): boolean =>
        e.published > trigger.published && e.published.getTime() <= limit
      const approval = burst.find((e) => e.step === 'approve' && after(e)) ?? null
      // The session must come from where the pushes were requested: the attacker's sign-in.
      const ips = new Set(burst.map((e) => e.ip))
      const asns = new Set(burst.map((e) => e.asNumber).filter((x) => x !== null))
      const session =
        sessions.find(
          (e) =>
            after(e) &&
            (approval === null || e.published >= approval.published) &&
            (ips.has(e.ip) || (e.asNumber !== null && asns.has(e.asNumber))),
        ) ?? null
      const success = session ?? approval
      if (!(success ? trigger.isNew || success.isNew : trigger.isNew)) {
        continue
      }
      out.push(finding(attack, burst, approval, session, minRejected))
    }
  }
  return out.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime())
}

function finding(
  attack: PushEvent[],
  burst: PushEvent[],
  approval: PushEvent | null,
  session: PushEvent | null,
  minRejected: number,
): FindingDraft {
  const trigger = attack[attack.length - 1] as PushEvent
  const t = tally(burst.filter((e) => !approval || e.published <= approval.published))
  const success = session ?? approval
  const base = BASE_SCORE + PER_EXTRA_REJECTION * Math.max(0, t.rejected - minRejected)
  const total = Math.min(100, success ? Math.max(SUCCESS_SCORE, base) : base)
  const forms = [...new Set(burst.map((e) => e.form).filter((x) => x !== null))]
  const first = burst[0] ?? trigger
  const who = trigger.userLogin ?? trigger.userId
  const evidence = [...attack, ...[approval, session].filter((e): e is PushEvent => e !== null)]
  return {
    detector: DETECTOR_ID,
    severity: severityOf(total),
    score: total,
    org: trigger.org,
    partnerId: trigger.partnerId,
    userId: trigger.userId,
    userLogin: trigger.userLogin,
    occurredAt: success ? success.published : trigger.published,
    eventIds: [...new Set(evidence.map((e) => e.uuid))],
    summary: `${who}: ${t.pushes} Okta Verify pushes in ${minutesBetween(first.published, trigger.published)} min, ${t.denied} denied and ${Math.max(0, t.rejected - t.denied)} left unanswered${success ? `, then ${session ? 'a session started' : 'a push was approved'}` : ''}`,
    details: {
      ...t,
      /** Pushes with no answer at all (no deny, no timeout event, no approval): the summary's "unanswered". */
      leftUnanswered: Math.max(0, t.rejected - t.denied),
      minRejected,
      burstGapMinutes: BURST_GAP_MINUTES,
      forms,
      sources: [...new Set(burst.map((e) => e.ip).filter((x) => x !== null))],
      firstAt: first.published.toISOString(),
      crossedAt: trigger.published.toISOString(),
      approval: approval ? { uuid: approval.uuid, at: approval.published.toISOString() } : null,
      session: session
        ? { uuid: session.uuid, at: session.published.toISOString(), ip: session.ip }
        : null,
      successWithinMinutes: SUCCESS_WITHIN_MINUTES,
    },
  }
}
