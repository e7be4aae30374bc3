// One severity crosswalk for every format (reference §5): Okta's event severity and our finding
// severity to the OCSF severity_id, then OCSF to CEF (0–10), LEEF `sev` (1–10) and syslog (RFC 5424).
import type { FindingSeverity } from '../rows.js'

export type OcsfSeverityId = 0 | 1 | 2 | 3 | 4 | 5

export const OCSF_SEVERITY_NAME: Readonly<Record<OcsfSeverityId, string>> = {
  0: 'Unknown',
  1: 'Informational',
  2: 'Low',
  3: 'Medium',
  4: 'High',
  5: 'Critical',
}

/** OCSF severity_id → [CEF severity, LEEF sev, RFC 5424 severity]. */
const CROSSWALK: Readonly<Record<OcsfSeverityId, readonly [number, number, number]>> = {
  0: [0, 1, 6],
  1: [1, 1, 6],
  2: [3, 3, 5],
  3: [5, 5, 4],
  4: [8, 8, 3],
  5: [10, 10, 2],
}

/** Okta System Log severity (DEBUG, INFO, WARN, ERROR). */
export function oktaSeverityId(severity: string | null): OcsfSeverityId {
  switch (severity) {
    case 'DEBUG':
    case 'INFO':
      return 1
    case 'WARN':
      return 3
    case 'ERROR':
      return 4
    default:
      return 0
  }
}

export function findingSeverityId(severity: FindingSeverity): OcsfSeverityId {
  return ({ low: 2, medium: 3, high: 4, critical: 5 } as const)[severity]
}

export const cefSeverity = (id: OcsfSeverityId): number => CROSSWALK[id][0]
export const leefSeverity = (id: OcsfSeverityId): number => CROSSWALK[id][1]
export const syslogSeverity = (id: OcsfSeverityId): number => CROSSWALK[id][2]
