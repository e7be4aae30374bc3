// What each role may do in the console, as the API enforces it (DESIGN.md roles). The console hides
// what a role cannot do; reached by URL anyway, the page shows the API's 403.
import type { Session } from './types'

const has = (session: Session, roles: readonly string[]) => roles.includes(session.role)

/** The anomaly queue, findings, partners and users. */
export const readsAnomalies = (s: Session) => has(s, ['admin', 'analyst', 'partner-admin'])
/** Certification campaigns, items and the evidence bundle. */
export const readsCertification = (s: Session) => has(s, ['admin', 'analyst', 'auditor'])
/** Create, launch, decide, reassign, close and sign off. */
export const actsOnCertification = (s: Session) => has(s, ['admin', 'analyst'])
/** The audit trail of API requests. */
export const readsAudit = (s: Session) => has(s, ['admin', 'auditor'])
/** The SIEM export streams. */
export const readsExports = (s: Session) => has(s, ['admin', 'analyst', 'siem', 'partner-admin'])
