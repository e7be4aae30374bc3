// Bursts: events in time order cut wherever the gap between two exceeds a limit, and the moment a
// burst first meets a rule (its crossing event). A finding's evidence ends at the crossing event,
// which lands in exactly one detection window, so incremental runs report it once and re-runs give
// the same id; what comes after (a success) is a separate, escalated finding.

export interface Timed {
  uuid: string
  published: Date
  /** Whether the event is in the window being judged (not history read for context). */
  isNew: boolean
}

export function bursts<T extends Timed>(events: readonly T[], gapMinutes: number): T[][] {
  const sorted = [...events].sort(
    (a, b) => a.published.getTime() - b.published.getTime() || a.uuid.localeCompare(b.uuid),
  )
  const out: T[][] = []
  let current: T[] = []
  for (const e of sorted) {
    const last = current[current.length - 1]
    if (last && e.published.getTime() - last.published.getTime() > gapMinutes * 60_000) {
      out.push(current)
      current = []
    }
    current.push(e)
  }
  if (current.length > 0) {
    out.push(current)
  }
  return out
}

/** The shortest prefix of the burst that meets `rule`, or null. */
export function crossing<T>(
  burst: readonly T[],
  rule: (prefix: readonly T[]) => boolean,
): T[] | null {
  for (let i = 1; i <= burst.length; i++) {
    const prefix = burst.slice(0, i)
    if (rule(prefix)) {
      return prefix
    }
  }
  return null
}

export function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>()
  for (const item of items) {
    const k = key(item)
    const list = out.get(k)
    if (list) {
      list.push(item)
    } else {
      out.set(k, [item])
    }
  }
  return out
}

export const minutesBetween = (a: Date, b: Date): number =>
  Math.round((b.getTime() - a.getTime()) / 6_000) / 10
