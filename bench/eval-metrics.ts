// Precision and recall of findings against a scenario's labels: a finding matches a label when they
// share any event uuid (evidence sets overlap; the generator's README asks for exactly this).
// Labels are multi-kind (data/scenario/anomalies/kinds.ts): an impossible-travel attacker's sign-in
// is also a new country; a finding on an event a label says is of the detector's kind is true
// (`precision`, strict), though only the labels injected as that kind count for `recall`.
// A finding that matches neither but shares events with a label of another kind only is counted
// apart as `explainedByOtherLabel`; `precisionOverUnexplained` leaves those out.
import type { ScenarioLabels } from '../data/scenario/types.js'

export interface Scored {
  findings: number
  truePositives: number
  labels: number
  found: number
  precision: number | null
  recall: number | null
  /** True findings that matched only another label's evidence of this kind. */
  onAlsoKind?: number
  explainedByOtherLabel?: number
  precisionOverUnexplained?: number | null
}

export interface LabelSets {
  /** Evidence of the labels injected as this kind: recall is over these. */
  own: readonly (readonly string[])[]
  /** Events other labels say are also this kind: a finding on them is true, not a recalled label. */
  also?: readonly (readonly string[])[]
  /** Evidence of every label injected as another kind. */
  other?: readonly (readonly string[])[]
}

/** The label sets of one kind in a scenario's labels. */
export function labelSets(labels: ScenarioLabels, kind: string): LabelSets {
  return {
    own: labels.anomalies.filter((a) => a.kind === kind).map((a) => a.eventUuids),
    also: labels.anomalies.flatMap((a) => {
      const uuids =
        a.kind === kind ? undefined : a.alsoEvidence[kind as keyof typeof a.alsoEvidence]
      return uuids ? [uuids] : []
    }),
    other: labels.anomalies.filter((a) => a.kind !== kind).map((a) => a.eventUuids),
  }
}

export function score(findings: readonly (readonly string[])[], sets: LabelSets): Scored {
  const also = new Set(sets.also?.flat() ?? [])
  const other = new Set(sets.other?.flat() ?? [])
  let explained = 0
  let onAlso = 0
  const labelOf = new Map<string, number>()
  sets.own.forEach((uuids, i) => uuids.forEach((u) => labelOf.set(u, i)))
  const found = new Set<number>()
  let truePositives = 0
  for (const evidence of findings) {
    const hits = evidence.map((u) => labelOf.get(u)).filter((i): i is number => i !== undefined)
    if (hits.length > 0) {
      truePositives += 1
      hits.forEach((i) => found.add(i))
    } else if (evidence.some((u) => also.has(u))) {
      truePositives += 1
      onAlso += 1
    } else if (evidence.some((u) => other.has(u))) {
      explained += 1
    }
  }
  const judged = findings.length - explained
  return {
    findings: findings.length,
    truePositives,
    labels: sets.own.length,
    found: found.size,
    precision: findings.length > 0 ? round(truePositives / findings.length) : null,
    recall: sets.own.length > 0 ? round(found.size / sets.own.length) : null,
    ...(sets.other
      ? {
          onAlsoKind: onAlso,
          explainedByOtherLabel: explained,
          precisionOverUnexplained: judged > 0 ? round(truePositives / judged) : null,
        }
      : {}),
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000
}
