// The okta-threat detector: Okta's own `security.threat.detected`, `threatSuspected` and risk HIGH
// verdicts surfaced as findings tied to the user. See README.md.
import type { Detector } from '../types.js'
import { candidates, type ThreatCandidate } from './queries.js'
import { DETECTOR_ID, score } from './score.js'

export const oktaThreat: Detector<ThreatCandidate[]> = {
  id: DETECTOR_ID,
  title: 'Okta threat verdict',
  candidates,
  score,
}
