// Collects what the generator injected (anomalies, with their evidence and trigger) and the benign
// situations it knows fool naive rules (confounders), in the order they were written.
import type { ScenarioUser } from './model.js'
import type {
  AnomalyKind,
  ConfounderKind,
  LabelledAnomaly,
  LabelledConfounder,
  ScenarioLabels,
} from './types.js'

export const ANOMALY_KINDS: readonly AnomalyKind[] = [
  'impossible-travel',
  'off-hours',
  'password-spray',
  'brute-force',
  'mfa-fatigue',
  'contract-expired',
  'deactivated-access',
  'dormant-reactivated',
  'privilege-grant',
  'session-hijack',
  'new-country',
  'new-asn',
  'new-device',
  'no-mfa',
  'anonymizer',
  'okta-threat',
]

export const CONFOUNDER_KINDS: readonly ConfounderKind[] = [
  'flight',
  'vpn-egress',
  'mobile-jitter',
  'dst-shift',
  'night-shift',
  'early-bird',
  'weekend-worker',
]

export class Labels {
  readonly anomalies: LabelledAnomaly[] = []
  readonly confounders: LabelledConfounder[] = []

  /**
   * Records an anomaly; `eventUuids` in time order, the trigger last; `also`: the other kinds some of
   * its events truly are (see `anomalies/kinds.ts`), each with those events.
   */
  anomaly(
    kind: AnomalyKind,
    user: ScenarioUser | null,
    eventUuids: string[],
    publishedMs: number,
    note: string,
    also: Partial<Record<AnomalyKind, string[]>> = {},
  ): void {
    const triggerUuid = eventUuids[eventUuids.length - 1]
    if (triggerUuid === undefined) {
      return
    }
    // Kinds in ANOMALY_KINDS order after the injected one, so the file does not depend on the order
    // the checks ran in; a kind with no events is no kind.
    const alsoEvidence: Partial<Record<AnomalyKind, string[]>> = {}
    for (const k of ANOMALY_KINDS) {
      const uuids = also[k]
      if (k !== kind && uuids && uuids.length > 0) {
        alsoEvidence[k] = uuids
      }
    }
    this.anomalies.push({
      id: `a-${String(this.anomalies.length + 1).padStart(6, '0')}`,
      kind,
      kinds: [kind, ...(Object.keys(alsoEvidence) as AnomalyKind[])],
      alsoEvidence,
      partnerId: user?.partner?.id ?? null,
      userId: user?.id ?? null,
      login: user?.login ?? null,
      eventUuids,
      triggerUuid,
      published: new Date(publishedMs).toISOString(),
      note,
    })
  }

  confounder(kind: ConfounderKind, user: ScenarioUser, eventUuids: string[], note: string): void {
    this.confounders.push({
      id: `c-${String(this.confounders.length + 1).padStart(6, '0')}`,
      kind,
      partnerId: user.partner?.id ?? null,
      userId: user.id,
      login: user.login,
      eventUuids,
      note,
    })
  }

  countBy<K extends string>(kinds: readonly K[], items: readonly { kind: K }[]): Record<K, number> {
    const out = {} as Record<K, number>
    for (const k of kinds) {
      out[k] = 0
    }
    for (const item of items) {
      out[item.kind] += 1
    }
    return out
  }

  toJson(
    seed: number,
    params: ScenarioLabels['params'],
    counts: { events: number; signIns: number },
  ): ScenarioLabels {
    return {
      seed,
      params,
      counts: {
        ...counts,
        anomalies: this.anomalies.length,
        confounders: this.confounders.length,
      },
      anomalies: this.anomalies,
      confounders: this.confounders,
    }
  }
}
