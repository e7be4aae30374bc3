// The new-asn detector: a successful sign-in from a network (autonomous system) new to the user,
// by a new device or from a hosting provider. See README.md.
import type { Detector } from '../types.js'
import { candidates, type NoveltyCandidate } from './queries.js'
import { DETECTOR_ID, score } from './score.js'

export const newAsn: Detector<NoveltyCandidate[]> = {
  id: DETECTOR_ID,
  title: 'Sign-in from a network (ASN) new to the user',
  candidates,
  score,
}
