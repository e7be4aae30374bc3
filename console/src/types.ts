// The API's bodies as the console reads them (api/schemas/*.ts is the source of truth).

export type Severity = 'low' | 'medium' | 'high' | 'critical'
export type Status = 'open' | 'acknowledged' | 'dismissed' | 'confirmed'
export const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical']
export const STATUSES: readonly Status[] = ['open', 'acknowledged', 'dismissed', 'confirmed']
/** The detector ids (detectors/<id>/). */
export const DETECTORS = [
  'anonymizer',
  'brute-force',
  'contract-expired',
  'deactivated-access',
  'dormant-reactivated',
  'impossible-travel',
  'mfa-fatigue',
  'new-asn',
  'new-country',
  'new-device',
  'no-mfa',
  'off-hours',
  'okta-threat',
  'password-spray',
  'privilege-grant',
  'session-hijack',
] as const

export interface Anomaly {
  id: string
  seq: number
  detector: string
  severity: Severity
  score: number
  org: string
  partnerId: string | null
  userId: string | null
  userLogin: string | null
  occurredAt: string
  eventIds: string[]
  summary: string
  details: Record<string, unknown>
  status: Status
  statusBy: string | null
  statusAt: string | null
  statusComment: string | null
  createdAt: string
}

export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

export interface Session {
  name: string
  role: 'admin' | 'analyst' | 'auditor' | 'siem' | 'partner-admin'
  partner: { id: string; name: string; color: string | null } | null
}

export interface PartnerSummary {
  id: string
  name: string
}

export interface PartnerDetail extends PartnerSummary {
  users: number
  activeUsers: number
  findings: Record<Severity | 'open', number>
}

export interface User {
  id: string
  org: string
  login: string | null
  email: string | null
  firstName: string | null
  lastName: string | null
  status: string
  created: string | null
  lastLogin: string | null
  partnerId: string | null
  partnerRule: string | null
  jit: boolean
  idpId: string | null
  contractEnd: string | null
}

export interface SignIn {
  eventId: string
  at: string
  eventType: string | null
  outcome: { result: string | null; reason: string | null }
  place: {
    city: string | null
    state: string | null
    country: string | null
    lat: number | null
    lon: number | null
  }
  network: { ip: string | null; asOrg: string | null }
  device: { kind: string | null; os: string | null; browser: string | null }
  sessionId: string | null
}

export interface Timeline {
  user: User
  signIns: SignIn[]
  nextCursor: string | null
  findings: Anomaly[]
}

export interface EvidenceEvent {
  id: string
  published: string
  eventType: string | null
  raw: unknown
}

export interface Activity {
  days: { day: string; success: number; failure: number }[]
  dormantAfterDays: number
  contractEnd: string | null
}

export type Role = 'admin' | 'analyst' | 'auditor' | 'siem' | 'partner-admin'

export interface Campaign {
  id: string
  name: string
  description: string | null
  period: string
  partnerId: string | null
  owner: string
  state: string
  noResponseRule: string
  createdAt: string
  createdBy: string
  launchedAt: string | null
  dueAt: string | null
  closedAt: string | null
  snapshotAt: string | null
  sourceCount: number | null
  itemCount: number | null
  exclusionCount: number | null
}

export type Decision = 'approve' | 'revoke' | 'no_response'

export interface CertItem {
  seq: number
  login: string | null
  displayName: string | null
  userStatus: string
  partnerId: string
  entitlementType: string
  entitlementName: string | null
  lastActivity: string | null
  daysInactive: number | null
  openHighFindings: number
  recommendation: string
  reasons: string[]
  reviewer: string
  decision: Decision | null
  justification: string | null
  decidedBy: string | null
  decidedAt: string | null
}

export interface CampaignFigures {
  decisions: Record<Decision | 'undecided', number>
  partners: { id: string; items: number }[]
  reviewers: { reviewer: string; items: number; undecided: number }[]
  signOff: { signedBy: string; signedAt: string; statement: string | null } | null
}

export interface AuditEntry {
  id: number
  at: string
  tokenName: string | null
  role: string | null
  partnerId: string | null
  method: string
  route: string
  parameters: Record<string, unknown>
  status: number
  durationMs: number
  bytes: number
  ip: string | null
}
