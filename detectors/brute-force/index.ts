// The brute-force detector: many failed passwords or a lockout for one user in a burst, escalated
// when the attack's network then signs in. See README.md.
import type { Detector } from '../types.js'
import { candidates, type Attempt } from './queries.js'
import { DETECTOR_ID, score } from './score.js'

export const bruteForce: Detector<Attempt[]> = {
  id: DETECTOR_ID,
  title: 'Brute force against one user',
  candidates,
  score,
}
