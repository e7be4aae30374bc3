import { createHash } from 'node:crypto'

/** Deterministic: the same detector and evidence always give the same id, so a re-run adds nothing. */
export function findingId(detector: string, eventIds: readonly string[]): string {
  return `f_${createHash('sha256').update(detector).update('\u0000').update(eventIds.join('\u0000')).digest('hex').slice(0, 32)}`
}
