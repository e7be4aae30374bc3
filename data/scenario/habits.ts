// A user's working habits, all in the user's *local* time: when they start, how much that varies,
// which weekdays they work, how often they sign in, and their small failures. The planner turns
// these into sign-ins; anomalies are placed where these habits never reach.
import type { Rng } from './random.js'

export type Rhythm = 'regular' | 'early-bird' | 'night-shift' | 'weekend-worker'

export interface Habits {
  rhythm: Rhythm
  /** Mean local minute of the first sign-in of a working day. */
  startMinute: number
  /** Standard deviation of that start, minutes; starts never stray beyond ±2.2 sd. */
  spreadMinutes: number
  /** Length of the working window after the start, minutes (sessions fall inside it). */
  workMinutes: number
  /** Indexed by weekday, 0 = Sunday. */
  workDays: readonly boolean[]
  /** Chance of working on a working day (days off, sick days). */
  attendance: number
  /** Mean number of sign-ins after the first on a working day. */
  extraSessions: number
  /** An habitual late check (local minute), taken on a share of working days; learnable. */
  evening: { minute: number; share: number } | null
  /** Chance that a password sign-in starts with one mistyped password. */
  typoRate: number
  /** Chance that a push goes unanswered once before the user approves a second one. */
  pushTimeoutRate: number
  /** Share of sign-ins made from the phone. */
  phoneShare: number
  /** Share of desktop sign-ins made through the partner's corporate egress (office / VPN). */
  egressShare: number
  /** Days between changes of the home IP address. */
  ipRotateDays: number
  /** Okta Verify push or its TOTP code. */
  factor: 'push' | 'totp'
  /** Chance of signing out explicitly at the end of a session. */
  signOutRate: number
}

const WEEKDAYS = [false, true, true, true, true, true, false]

export function sampleHabits(rng: Rng, egressShare: number, hasPhone: boolean): Habits {
  const r = rng.next()
  const rhythm: Rhythm =
    r < 0.08 ? 'early-bird' : r < 0.14 ? 'night-shift' : r < 0.22 ? 'weekend-worker' : 'regular'
  let startMinute: number
  let workDays = WEEKDAYS
  switch (rhythm) {
    case 'early-bird':
      startMinute = rng.int(300, 375)
      break
    case 'night-shift':
      startMinute = rng.int(1290, 1410)
      break
    case 'weekend-worker': {
      // Works the weekend and two to three weekdays, off the rest.
      const weekdays = rng.shuffled([1, 2, 3, 4, 5]).slice(0, rng.int(2, 3))
      workDays = [0, 1, 2, 3, 4, 5, 6].map((d) => d === 0 || d === 6 || weekdays.includes(d))
      startMinute = Math.round(rng.truncatedNormal(570, 50, 1.5))
      break
    }
    default:
      startMinute = Math.round(rng.truncatedNormal(510, 40, 2))
  }
  const evening =
    rhythm === 'regular' && rng.chance(0.25)
      ? { minute: rng.int(1215, 1305), share: rng.range(0.15, 0.35) }
      : null
  return {
    rhythm,
    startMinute,
    spreadMinutes: rng.int(12, 55),
    workMinutes: rng.int(450, 570),
    workDays,
    attendance: rng.range(0.86, 0.97),
    extraSessions: rng.range(0.3, 2.2),
    evening,
    typoRate: rng.range(0.01, 0.05),
    pushTimeoutRate: rng.range(0.005, 0.03),
    phoneShare: hasPhone ? rng.range(0.05, 0.3) : 0,
    egressShare: egressShare > 0 ? Math.min(0.95, Math.max(0, rng.normal(egressShare, 0.15))) : 0,
    ipRotateDays: rng.int(9, 40),
    factor: rng.chance(0.75) ? 'push' : 'totp',
    signOutRate: rng.range(0.1, 0.45),
  }
}

/**
 * The local minutes (0–1439, circular) a user's normal sign-ins can fall into, as busy arcs.
 * Off-hours injections are placed in the middle of the largest free arc.
 */
export function busyArcs(h: Habits): [number, number][] {
  const reach = Math.ceil(2.2 * h.spreadMinutes) + 30
  const arcs: [number, number][] = [
    [h.startMinute - reach - 60, h.startMinute + h.workMinutes + 45],
  ]
  if (h.evening) {
    arcs.push([h.evening.minute - 75, h.evening.minute + 75])
  }
  return arcs
}

function busyMinutes(h: Habits): Uint8Array {
  const busy = new Uint8Array(1440)
  for (const [from, to] of busyArcs(h)) {
    for (let m = from; m <= to; m++) {
      busy[((m % 1440) + 1440) % 1440] = 1
    }
  }
  return busy
}

/** How far a local minute is from the nearest busy arc, in minutes (0 inside one). */
export function minutesFromBusy(h: Habits, minute: number): number {
  const busy = busyMinutes(h)
  const m = ((Math.round(minute) % 1440) + 1440) % 1440
  let d = 0
  while (d < 720 && !busy[(m + d) % 1440] && !busy[(m - d + 1440) % 1440]) {
    d++
  }
  return d
}

/** The local minute farthest from every busy arc, and its distance to the nearest, in minutes. */
export function quietestMinute(h: Habits): { minute: number; marginMinutes: number } {
  const busy = busyMinutes(h)
  let best = { minute: (h.startMinute + 720) % 1440, marginMinutes: 0 }
  for (let m = 0; m < 1440; m += 5) {
    if (busy[m]) {
      continue
    }
    let d = 1
    while (d < 720 && !busy[(m + d) % 1440] && !busy[(m - d + 1440) % 1440]) {
      d++
    }
    if (d > best.marginMinutes) {
      best = { minute: m, marginMinutes: d }
    }
  }
  return best
}
