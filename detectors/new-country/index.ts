// The new-country detector: a successful sign-in from a country new to the user, by a device new
// to them. See README.md.
import type { Detector } from '../types.js'
import { candidates, type NoveltyCandidate } from './queries.js'
import { DETECTOR_ID, score } from './score.js'

export const newCountry: Detector<NoveltyCandidate[]> = {
  id: DETECTOR_ID,
  title: 'Sign-in from a country new to the user',
  candidates,
  score,
}
