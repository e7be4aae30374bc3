// The files a scenario consists of, shared by the generator (writes them) and the simulated Okta
// org (serves them). Directory objects are in Okta's own API JSON shape so the simulated org can
// serve them as they are.

/** An Okta LogEvent as the API returns it: plain JSON, keys in alphabetical order. */
export type OktaLogEvent = Record<string, unknown> & {
  uuid: string
  published: string
  eventType: string
}

export type OktaUserStatus =
  | 'STAGED'
  | 'PROVISIONED'
  | 'ACTIVE'
  | 'RECOVERY'
  | 'LOCKED_OUT'
  | 'PASSWORD_EXPIRED'
  | 'SUSPENDED'
  | 'DEPROVISIONED'

export interface OktaUser {
  id: string
  status: OktaUserStatus
  created: string
  activated: string | null
  statusChanged: string | null
  lastLogin: string | null
  lastUpdated: string
  passwordChanged: string | null
  type: { id: string }
  profile: {
    login: string
    email: string
    firstName: string
    lastName: string
    /** Custom attributes; partner users carry partnerId and contractEndDate (YYYY-MM-DD). */
    [attribute: string]: string | number | boolean | null
  }
  credentials: {
    provider: { type: 'OKTA' | 'FEDERATION' | 'ACTIVE_DIRECTORY' | 'SOCIAL'; name: string }
  }
}

export interface OktaGroup {
  id: string
  created: string
  lastUpdated: string
  lastMembershipUpdated: string
  objectClass: string[]
  type: 'OKTA_GROUP' | 'APP_GROUP' | 'BUILT_IN'
  profile: { name: string; description: string | null }
}

export interface OktaApp {
  id: string
  name: string
  label: string
  status: 'ACTIVE' | 'INACTIVE'
  signOnMode: string
  created: string
  lastUpdated: string
}

export interface OktaIdp {
  id: string
  type: 'SAML2' | 'OIDC' | 'OKTA_INTEGRATION'
  name: string
  status: 'ACTIVE' | 'INACTIVE'
  created: string
  lastUpdated: string
  protocol: { type: string }
  policy: { provisioning: { action: 'AUTO' | 'DISABLED' | 'CALLOUT' } }
}

export interface ScenarioDirectory {
  /** The scenario's end: the directory is a snapshot as of this instant. */
  asOf: string
  users: OktaUser[]
  groups: OktaGroup[]
  /** Group memberships. */
  groupMembers: { groupId: string; userId: string }[]
  apps: OktaApp[]
  /** App assignments: scope USER is direct; scope GROUP came from a group assigned to the app. */
  appUsers: {
    appId: string
    userId: string
    scope: 'USER' | 'GROUP'
    created: string
    groupId?: string
  }[]
  /** Groups assigned to apps (the source of GROUP-scope app users). */
  appGroups: { appId: string; groupId: string }[]
  idps: OktaIdp[]
  /** Users linked to an IdP (JIT-provisioned or account-linked). */
  idpUsers: { idpId: string; userId: string; externalId: string; created: string }[]
  /** Admin roles held by users (`roleType` as Okta names it, e.g. ORG_ADMIN, APP_ADMIN). */
  adminRoles: { userId: string; roleType: string; assignedAt: string }[]
}

/** What the generator injected, so detectors can be scored for precision and recall. */
export type AnomalyKind =
  | 'impossible-travel'
  | 'off-hours'
  | 'password-spray'
  | 'brute-force'
  | 'mfa-fatigue'
  | 'contract-expired'
  | 'deactivated-access'
  | 'dormant-reactivated'
  | 'privilege-grant'
  | 'session-hijack'
  | 'new-country'
  | 'new-asn'
  | 'new-device'
  | 'no-mfa'
  | 'anonymizer'
  | 'okta-threat'

/** Benign situations that naive rules flag and ours must not. */
export type ConfounderKind =
  | 'flight'
  | 'vpn-egress'
  | 'mobile-jitter'
  | 'dst-shift'
  | 'night-shift'
  | 'early-bird'
  | 'weekend-worker'

export interface LabelledAnomaly {
  /** Stable id within the scenario, e.g. `a-000123`. */
  id: string
  /** What was injected. */
  kind: AnomalyKind
  /**
   * Every kind the injected events truly are, `kind` first: an impossible-travel attacker's sign-in
   * is also from a country the victim never signed in from, on a device they never used. Judged from
   * the generator's own knowledge of the victim's history, never by running a detector.
   */
  kinds: AnomalyKind[]
  /** For each kind after the first, the events of this label that are that kind. */
  alsoEvidence: Partial<Record<AnomalyKind, string[]>>
  partnerId: string | null
  userId: string | null
  login: string | null
  /** Evidence in time order; the last one is the event a detector should fire on. */
  eventUuids: string[]
  triggerUuid: string
  published: string
  note: string
}

export interface LabelledConfounder {
  id: string
  kind: ConfounderKind
  partnerId: string | null
  userId: string
  login: string
  eventUuids: string[]
  note: string
}

export interface ScenarioLabels {
  seed: number
  params: { partners: number; users: number; days: number; end: string }
  counts: { events: number; signIns: number; anomalies: number; confounders: number }
  anomalies: LabelledAnomaly[]
  confounders: LabelledConfounder[]
}

export const SCENARIO_FILES = {
  events: 'events.ndjson',
  directory: 'directory.json',
  config: 'partnerwatch.config.json',
  labels: 'labels.json',
} as const
