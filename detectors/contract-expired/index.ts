// The contract-expired detector: a partner user's successful sign-in after the partner's contract
// end (config) or the user's own contract end (directory). See README.md.
import type { Detector } from '../types.js'
import { candidates, type ContractCandidate } from './queries.js'
import { DETECTOR_ID, score } from './score.js'

export const contractExpired: Detector<ContractCandidate[]> = {
  id: DETECTOR_ID,
  title: 'Sign-in after the contract ended',
  candidates,
  score,
}
