// The mfa-fatigue detector: push bombing (pushes denied or left unanswered in a burst), critical
// when a push is then approved or a session starts. See README.md.
import type { Detector } from '../types.js'
import { candidates, type PushEvent } from './queries.js'
import { DETECTOR_ID, score } from './score.js'

export const mfaFatigue: Detector<PushEvent[]> = {
  id: DETECTOR_ID,
  title: 'MFA fatigue (push bombing)',
  candidates,
  score,
}
