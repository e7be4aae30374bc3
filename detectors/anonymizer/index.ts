// The anonymizer detector: a partner user's first successful sign-in through Tor, an anonymising
// VPN or proxy (iCloud Private Relay: low). See README.md.
import type { Detector } from '../types.js'
import { candidates, type AnonymizerCandidate } from './queries.js'
import { DETECTOR_ID, score } from './score.js'

export const anonymizer: Detector<AnonymizerCandidate[]> = {
  id: DETECTOR_ID,
  title: 'First sign-in through an anonymiser',
  candidates,
  score,
}
