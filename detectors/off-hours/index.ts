// The off-hours detector: a sign-in at a local time of day the user (or, while the user's model is
// still learning, the partner's business hours and peers) makes improbable. See README.md.
import type { Detector } from '../types.js'
import { readOffHoursCandidates, type OffHoursCandidates } from './queries.js'
import { DETECTOR_ID, score } from './score.js'

export const offHours: Detector<OffHoursCandidates> = {
  id: DETECTOR_ID,
  title: 'Sign-in at an unusual local time',
  candidates: readOffHoursCandidates,
  score,
}
