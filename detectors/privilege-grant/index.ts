// The privilege-grant detector: an admin role granted to a partner user (critical, no setting turns
// it off), to an external user, or by someone minutes after a risky sign-in. See README.md.
import type { Detector } from '../types.js'
import { candidates, type GrantCandidate } from './queries.js'
import { DETECTOR_ID, score } from './score.js'

export const privilegeGrant: Detector<GrantCandidate[]> = {
  id: DETECTOR_ID,
  title: 'Admin privilege granted',
  candidates,
  score,
}
