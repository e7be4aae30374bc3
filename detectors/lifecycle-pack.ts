// Lifecycle and session detectors of the detector pack: contract expiry, access after deactivation,
// dormant accounts, privilege grants, session hijack, anonymisers and Okta's own threat verdicts.
import type { Detector } from './types.js'
import { contractExpired } from './contract-expired/index.js'
import { deactivatedAccess } from './deactivated-access/index.js'
import { dormantReactivated } from './dormant-reactivated/index.js'
import { privilegeGrant } from './privilege-grant/index.js'
import { sessionHijack } from './session-hijack/index.js'
import { anonymizer } from './anonymizer/index.js'
import { oktaThreat } from './okta-threat/index.js'

export const LIFECYCLE_PACK: readonly Detector[] = [
  contractExpired,
  deactivatedAccess,
  dormantReactivated,
  privilegeGrant,
  sessionHijack,
  anonymizer,
  oktaThreat,
] as readonly Detector[]
