// Sign-in detectors of the detector pack: new country / ASN / device, password spray, brute force,
// MFA fatigue and sign-ins without a strong factor. The registry (index.ts) runs them after the
// travel and hours detectors.
import type { Detector } from './types.js'
import { newCountry } from './new-country/index.js'
import { newAsn } from './new-asn/index.js'
import { newDevice } from './new-device/index.js'
import { passwordSpray } from './password-spray/index.js'
import { bruteForce } from './brute-force/index.js'
import { mfaFatigue } from './mfa-fatigue/index.js'
import { noMfa } from './no-mfa/index.js'

export const SIGN_IN_PACK: readonly Detector[] = [
  newCountry,
  newAsn,
  newDevice,
  passwordSpray,
  bruteForce,
  mfaFatigue,
  noMfa,
]
