// Precision and recall of findings against a scenario's labels: a finding matches a label when they
// share any event uuid (evidence sets overlap; the generator's README asks for exactly this).
// A finding that matches no label of its own kind but a labelled attack of another kind (an
// impossible-travel attacker's sign-in is also a new country) is counted apart as
// `explainedByOtherLabel`; `precision` stays strict, `precisionOverUnexplained` leaves those out.
export interface Scored {
  findings: number
  truePositives: number
  labels: number
  found: number
  precision: number | null
  recall: number | null
  explainedByOtherLabel?: number
  precisionOverUnexplained?: number | null
}

export function score(
  findings: readonly (readonly string[])[],
  labels: readonly (readonly string[])[],
  otherLabels?: readonly (readonly string[])[],
): Scored {
  const other = new Set(otherLabels?.flat() ?? [])
  let explained = 0
  const labelOf = new Map<string, number>()
  labels.forEach((uuids, i) => uuids.forEach((u) => labelOf.set(u, i)))
  const found = new Set<number>()
  let truePositives = 0
  for (const evidence of findings) {
    const hits = evidence.map((u) => labelOf.get(u)).filter((i): i is number => i !== undefined)
    if (hits.length > 0) {
      truePositives += 1
      hits.forEach((i) => found.add(i))
    } else if (evidence.some((u) => other.has(u))) {
      explained += 1
    }
  }
  const judged = findings.length - explained
  return {
    findings: findings.length,
    truePositives,
    labels: labels.length,
    found: found.size,
    precision: findings.length > 0 ? round(truePositives / findings.length) : null,
    recall: labels.length > 0 ? round(found.size / labels.length) : null,
    ...(otherLabels
      ? {
          explainedByOtherLabel: explained,
          precisionOverUnexplained: judged > 0 ? round(truePositives / judged) : null,
        }
      : {}),
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000
}
