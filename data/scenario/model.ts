// The generator's in-memory model of the synthetic ecosystem: users with their homes, devices,
// habits, lifecycle and trips; where a sign-in comes from; what the planner produces.
import type { OktaUserStatus } from './types.js'
import type { Device } from './devices.js'
import type { Place } from './geo-places.js'
import type { Habits } from './habits.js'
import type { Network } from './networks.js'
import type { PartnerAuth, PartnerSpec } from './partners.js'

/** Where a request comes from, as Okta would locate it. */
export interface Endpoint {
  ip: string
  place: Place
  network: Network
  /** Okta network zone name (`"null"` when no zone matches). */
  zoneName: string
}

export type LifecycleEventType = 'create' | 'activate' | 'deactivate' | 'suspend' | 'unsuspend'

export interface Lifecycle {
  category:
    | 'active'
    | 'dormant'
    | 'joiner'
    | 'pending'
    | 'leaver'
    | 'suspended'
    | 'deprovisioned'
    | 'frozen'
  /** Normal activity happens only in [activeFromMs, activeUntilMs) and outside pauses. */
  activeFromMs: number
  activeUntilMs: number
  pauses: { fromMs: number; toMs: number }[]
  /** Lifecycle changes inside the window, made by an admin, in time order. */
  events: { type: LifecycleEventType; atMs: number }[]
  status: OktaUserStatus
  statusChangedMs: number | null
  /** Last sign-in before the window (dormant and gone accounts), for the directory. */
  lastLoginBeforeMs: number | null
}

export interface Trip {
  dest: Place
  endpoint: Endpoint
  departMs: number
  arriveMs: number
  returnDepartMs: number
  returnArriveMs: number
}

/** Access to an app, from `sinceMs`; `groupId` when it comes from a group assignment. */
export interface AppGrant {
  appIndex: number
  sinceMs: number
  groupId: string | null
}

export interface ScenarioUser {
  index: number
  id: string
  login: string
  firstName: string
  lastName: string
  partner: PartnerSpec | null
  role: 'partner' | 'employee' | 'admin'
  adminRole: string | null
  zone: string
  home: Place
  homeNetwork: Network
  carrier: Network | null
  /** Places the carrier's gateways geolocate this user to (within a few hundred km of home). */
  carrierPlaces: Place[]
  computers: Device[]
  phone: Device | null
  habits: Habits
  auth: PartnerAuth
  passwordEnrollmentId: string
  factorEnrollmentId: string
  createdMs: number
  activatedMs: number | null
  passwordChangedMs: number | null
  contractEndDate: string | null
  holidays: { fromDay: number; toDay: number }[]
  life: Lifecycle
  apps: AppGrant[]
  groups: { groupId: string; sinceMs: number }[]
  trips: Trip[]
  idpExternalId: string | null
  /** Memo of the current home address (pure function of the day; cached). */
  ipMemo: { epoch: number; ip: string }
}

export type Via = 'home' | 'egress' | 'mobile' | 'away'

export interface PlannedSession {
  t: number
  localDay: number
  device: Device
  endpoint: Endpoint
  via: Via
  /** Index into user.trips when away or on a travel day, else -1. */
  tripIndex: number
  /** 1 and 2 for a planned pair of phone sign-ins minutes apart on the carrier; else 0. */
  jitterPair: 0 | 1 | 2
}

export interface ScenarioWindow {
  seed: number
  startMs: number
  endMs: number
  days: number
  /** Local day number of the window start in the hub's zone. */
  hubZone: string
}
