// The registry: every detector the runner runs, in order. A plain table, like a middleware stack.
import type { Detector } from './types.js'
import { impossibleTravel } from './impossible-travel/index.js'
import { offHours } from './off-hours/index.js'
import { SIGN_IN_PACK } from './sign-in-pack.js'
import { LIFECYCLE_PACK } from './lifecycle-pack.js'

export const DETECTORS: readonly Detector[] = [
  impossibleTravel,
  offHours,
  ...SIGN_IN_PACK,
  ...LIFECYCLE_PACK,
]
