// The deactivated-access detector: any success after `user.lifecycle.deactivate`/`suspend` without a
// later reactivation; failures from such accounts as low-severity probing. See README.md.
import type { Detector } from '../types.js'
import { candidates, type BlockedCandidate } from './queries.js'
import { DETECTOR_ID, score } from './score.js'

export const deactivatedAccess: Detector<BlockedCandidate[]> = {
  id: DETECTOR_ID,
  title: 'Access after deactivation or suspension',
  candidates,
  score,
}
