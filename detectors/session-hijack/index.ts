// The session-hijack detector: one Okta session used from a new network with another client family
// or a scripted client, after the login flow. See README.md.
import type { Detector } from '../types.js'
import { candidates, type SessionCandidate } from './queries.js'
import { DETECTOR_ID, score } from './score.js'

export const sessionHijack: Detector<SessionCandidate[]> = {
  id: DETECTOR_ID,
  title: 'Session used from another network and client',
  candidates,
  score,
}
