// The dormant-reactivated detector: a successful sign-in after the partner's `dormantAfterDays`
// (90 by default) without activity, escalated with a new device or network. See README.md.
import type { Detector } from '../types.js'
import { candidates, type DormantCandidate } from './queries.js'
import { DETECTOR_ID, score } from './score.js'

export const dormantReactivated: Detector<DormantCandidate[]> = {
  id: DETECTOR_ID,
  title: 'Dormant account signs in again',
  candidates,
  score,
}
