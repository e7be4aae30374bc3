// What anomaly scheduling works with, and what it produces: an Injection is a timed step that
// writes the attack's events and its label. Scheduling happens before any event is written, so it
// can still change a victim's lifecycle (a deactivation, a long silence).
import type { AccessModel } from '../access.js'
import type { RoleGrant } from '../admin-plan.js'
import type { Emitter } from '../emitter.js'
import type { ScenarioUser, ScenarioWindow } from '../model.js'
import type { PartnerSpec } from '../partners.js'
import type { Rng } from '../random.js'
import type { AnomalyKind } from '../types.js'

export interface Injection {
  t: number
  kind: AnomalyKind
  run(e: Emitter): void
}

export interface SchedulerContext {
  window: ScenarioWindow
  users: ScenarioUser[]
  partners: PartnerSpec[]
  access: AccessModel
  rng: Rng
  /** Users already given an anomaly: one per user keeps labels unambiguous. */
  used: Set<number>
  /** Role grants the directory must show (privilege-grant injections add theirs). */
  roleGrants: RoleGrant[]
  /** Sessions an injection reuses (`userIndex:t`); they stay open. */
  keepOpen: Set<string>
}

/** How many times a scheduler looks for a fitting victim and moment before giving up. */
export const ATTEMPTS = 300
