// The impossible-travel detector: a successful sign-in farther from the user's previous usable one
// than any flight could cover, after allowing for geolocation error. See README.md.
import type { Detector } from '../types.js'
import { candidates, type TravelCandidate } from './queries.js'
import { DETECTOR_ID, score } from './score.js'

export const impossibleTravel: Detector<TravelCandidate[]> = {
  id: DETECTOR_ID,
  title: 'Impossible travel between sign-ins',
  candidates,
  score,
}
