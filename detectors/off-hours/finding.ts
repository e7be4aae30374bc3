// An off-hours finding as an analyst reads it: local time, the user's usual window, the probability
// and the threshold, the model that decided, and a severity from how improbable and what corroborates.
import type { PartnerConfig } from '../../lib/config.js'
import type { FindingDraft, Severity } from '../types.js'
import { hhmm, usualWindow, type CircularModel } from './circular.js'
import type { OffHoursCandidate } from './queries.js'
import { DAY_NAMES, corroboration } from './signals.js'

export const DETECTOR_ID = 'off-hours'

export type ModelKind = 'user' | 'peer' | 'business-hours'

export function draft(
  c: OffHoursCandidate,
  m: {
    kind: ModelKind
    probability: number | null
    threshold: number
    scope: string
    model: CircularModel
    extra: Record<string, unknown>
    partner: PartnerConfig | undefined
  },
): FindingDraft {
  const corr = corroboration(c.behaviors)
  const decades =
    m.probability === null
      ? 0
      : Math.min(3, Math.log10(m.threshold / Math.max(m.probability, 1e-6)))
  const base = m.kind === 'user' ? 45 : 25
  const score = Math.round(
    Math.min(
      100,
      base +
        10 * decades +
        (corr.newDevice ? 15 : 0) +
        (corr.newGeo ? 10 : 0) +
        (corr.newIp ? 3 : 0),
    ),
  )
  const severity: Severity = score >= 80 ? 'high' : score >= 50 ? 'medium' : 'low'
  const weekday = DAY_NAMES[c.isoDow - 1] ?? '?'
  const localTime = hhmm(c.localMinute)
  const usual = usualWindow(m.model.counts)
  const who = c.userLogin ?? c.userId
  const pText =
    m.probability === null
      ? `outside business hours ${m.partner?.businessHours.start ?? ''}–${m.partner?.businessHours.end ?? ''}`
      : `p=${formatP(m.probability)} < ${m.threshold}`
  const basis = m.kind === 'peer' ? 'peers usually' : 'usually'
  const summary = `${who} signed in at ${localTime} ${c.timeZone} (${weekday}); ${
    usual ? `${basis} ${usual}, ` : ''
  }${pText}${m.kind === 'user' ? '' : ` (${m.kind} model, user still learning)`}`
  return {
    detector: DETECTOR_ID,
    severity,
    score,
    org: c.org,
    partnerId: c.partnerId,
    userId: c.userId,
    userLogin: c.userLogin,
    occurredAt: c.published,
    eventIds: [c.uuid],
    summary,
    details: {
      localTime,
      localDate: c.localDate,
      timeZone: c.timeZone,
      weekday,
      usualWindow: usual,
      probability: m.probability,
      threshold: m.kind === 'business-hours' ? null : m.threshold,
      samples: m.model.samples,
      days: m.model.days,
      model: m.kind,
      scope: m.scope,
      corroboration: corr,
      clientIp: c.clientIp,
      asNumber: c.asNumber,
      asOrg: c.asOrg,
      city: c.city,
      country: c.country,
      ...m.extra,
    },
  }
}

function formatP(p: number): string {
  return p < 0.0001 ? p.toExponential(1) : p.toFixed(4).replace(/0+$/, '').replace(/\.$/, '')
}
