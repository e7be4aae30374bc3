// Precision and recall of findings against a scenario's labels: a finding matches a label when they
// share any event uuid (evidence sets overlap; the generator's README asks for exactly this).
export interface Scored {
  findings: number
  truePositives: number
  labels: number
  found: number
  precision: number | null
  recall: number | null
}

export function score(
  findings: readonly (readonly string[])[],
  labels: readonly (readonly string[])[],
): Scored {
  const labelOf = new Map<string, number>()
  labels.forEach((uuids, i) => uuids.forEach((u) => labelOf.set(u, i)))
  const found = new Set<number>()
  let truePositives = 0
  for (const evidence of findings) {
    const hits = evidence.map((u) => labelOf.get(u)).filter((i): i is number => i !== undefined)
    if (hits.length > 0) {
      truePositives += 1
      hits.forEach((i) => found.add(i))
    }
  }
  return {
    findings: findings.length,
    truePositives,
    labels: labels.length,
    found: found.size,
    precision: findings.length > 0 ? round(truePositives / findings.length) : null,
    recall: labels.length > 0 ? round(found.size / labels.length) : null,
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000
}
