// Lifecycle and session detectors of the detector pack: contract expiry, access after deactivation,
// dormant accounts, privilege grants, session hijack, anonymisers and Okta's own threat verdicts.
import type { Detector } from './types.js'

export const LIFECYCLE_PACK: readonly Detector[] = []
