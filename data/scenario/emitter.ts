// What every generating step writes through: a per-day random stream, the event buffer, the users'
// state, the directory's access model and the label collector.
import type { AccessModel } from './access.js'
import type { Labels } from './labels.js'
import type { ScenarioUser, ScenarioWindow } from './model.js'
import type { Rng } from './random.js'
import type { EventLine } from './log-event.js'
import type { ConfounderKind } from './types.js'
import type { UserState } from './user-state.js'

export interface Emitter {
  window: ScenarioWindow
  /** Consumed in activity order; reset per window day. */
  rng: Rng
  users: ScenarioUser[]
  states: UserState[]
  access: AccessModel
  labels: Labels
  /** Buffers one event; events at or after the window end are dropped. */
  emit(event: EventLine): void
  /** Distinct users that failed a password per source IP and hour (keeps normal typos scattered). */
  ipFailures: Map<string, number[]>
  confounderCounts: Partial<Record<ConfounderKind, number>>
  /** Sessions (`userIndex:t`) an injection will reuse, so they must not be signed out. */
  keepOpen: Set<string>
}
