// The injectable clock: everything that asks "what time is it" takes a Clock, so tests pin time
// without global fakes.

export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** A clock that stays where it is put; `advance` moves it forward. For tests and replays. */
export function fixedClock(
  start: Date | string,
): Clock & { advance(ms: number): void; set(at: Date): void } {
  let current = new Date(start).getTime()
  return {
    now: () => new Date(current),
    advance: (ms: number) => {
      current += ms
    },
    set: (at: Date) => {
      current = at.getTime()
    },
  }
}

/** A clock that runs at real speed from a chosen origin (a scenario's "now"). */
export function offsetClock(origin: Date, base: Clock = systemClock): Clock {
  const offsetMs = origin.getTime() - base.now().getTime()
  return { now: () => new Date(base.now().getTime() + offsetMs) }
}
