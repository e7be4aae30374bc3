// The no-mfa detector: a session of a partner that requires MFA, completed without a strong factor
// (for federated partners, judged by what the IdP asserted). See README.md.
import type { Detector } from '../types.js'
import { candidates, type SessionCandidate } from './queries.js'
import { DETECTOR_ID, score } from './score.js'

export const noMfa: Detector<SessionCandidate[]> = {
  id: DETECTOR_ID,
  title: 'Partner session without a strong factor',
  candidates,
  score,
}
