// The new-device detector: a successful sign-in by a browser new to the user from a network new to
// them. See README.md.
import type { Detector } from '../types.js'
import { candidates, type NoveltyCandidate } from './queries.js'
import { DETECTOR_ID, score } from './score.js'

export const newDevice: Detector<NoveltyCandidate[]> = {
  id: DETECTOR_ID,
  title: 'Sign-in by a device new to the user',
  candidates,
  score,
}
