// The password-spray detector: failed passwords across many users in a burst, in Elastic's three
// shapes, escalated when a targeted user then signs in from the spray's network. See README.md.
import type { Detector } from '../types.js'
import { candidates, type Attempt } from './queries.js'
import { DETECTOR_ID, score } from './score.js'

export const passwordSpray: Detector<Attempt[]> = {
  id: DETECTOR_ID,
  title: 'Password spray, credential stuffing or distributed spray',
  candidates,
  score,
}
