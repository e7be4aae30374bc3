// The registry: every detector the runner runs, in order. A plain table, like a middleware stack.
import type { Detector } from './types.js'
import { impossibleTravel } from './impossible-travel/index.js'
import { offHours } from './off-hours/index.js'

export const DETECTORS: readonly Detector[] = [impossibleTravel, offHours]
