// What every certification function is given besides its input: the store, the partners and
// certification settings from config, and the clock. The actor is who asks (a login).
import type { Clock } from '../../lib/clock.js'
import type { CertificationConfig, PartnerConfig } from '../../lib/config-schema.js'
import type { Database } from '../../lib/db.js'

export interface CertContext {
  db: Database
  partners: readonly PartnerConfig[]
  settings: CertificationConfig
  clock: Clock
}

/** Who acts: the login (or user id) of a person, compared case-insensitively. */
export type Actor = string

/** Named in every campaign and bundle: what produced the evidence. */
export const GENERATOR = 'partnerwatch 0.1.0 certification/1'

export type CampaignState = 'created' | 'active' | 'closed' | 'signed_off'
