// Local time in IANA zones through Intl.DateTimeFormat. Formatting is slow, so offsets are cached
// per zone per UTC day: the offset at the day's start, and (on the rare day with a DST change)
// the minute it changes and the offset after. Day numbers count days since 1970-01-01.

export const MS_PER_MINUTE = 60_000
export const MS_PER_HOUR = 3_600_000
export const MS_PER_DAY = 86_400_000

interface DayOffsets {
  startMinutes: number
  changeAtMs: number
  endMinutes: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()
const dayCache = new Map<string, DayOffsets>()

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    })
    formatters.set(zone, f)
  }
  return f
}

/** The zone's UTC offset in minutes at `utcMs`, computed (uncached) with Intl. */
function computeOffset(zone: string, utcMs: number): number {
  const parts = formatter(zone).formatToParts(new Date(utcMs))
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0)
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'))
  const wholeMinuteMs = Math.floor(utcMs / MS_PER_MINUTE) * MS_PER_MINUTE
  return Math.round((asUtc - wholeMinuteMs) / MS_PER_MINUTE)
}

function offsetsOfDay(zone: string, day: number): DayOffsets {
  const key = `${zone}|${day}`
  let cached = dayCache.get(key)
  if (!cached) {
    const startMs = day * MS_PER_DAY
    const endMs = startMs + MS_PER_DAY
    const startMinutes = computeOffset(zone, startMs)
    const endMinutes = computeOffset(zone, endMs)
    let changeAtMs = endMs
    if (endMinutes !== startMinutes) {
      // Binary search the first minute with the new offset.
      let lo = startMs
      let hi = endMs
      while (hi - lo > MS_PER_MINUTE) {
        const mid = lo + Math.floor((hi - lo) / 2 / MS_PER_MINUTE) * MS_PER_MINUTE
        if (computeOffset(zone, mid) === startMinutes) {
          lo = mid
        } else {
          hi = mid
        }
      }
      changeAtMs = hi
    }
    cached = { startMinutes, changeAtMs, endMinutes }
    dayCache.set(key, cached)
  }
  return cached
}

/** UTC offset of `zone` at `utcMs`, in minutes (east positive). */
export function offsetMinutes(zone: string, utcMs: number): number {
  const o = offsetsOfDay(zone, Math.floor(utcMs / MS_PER_DAY))
  return utcMs < o.changeAtMs ? o.startMinutes : o.endMinutes
}

/** The local calendar day number of `utcMs` in `zone`. */
export function localDay(zone: string, utcMs: number): number {
  return Math.floor((utcMs + offsetMinutes(zone, utcMs) * MS_PER_MINUTE) / MS_PER_DAY)
}

/** Minutes since local midnight of `utcMs` in `zone` (0–1439). */
export function localMinuteOfDay(zone: string, utcMs: number): number {
  const local = utcMs + offsetMinutes(zone, utcMs) * MS_PER_MINUTE
  return Math.floor((local - Math.floor(local / MS_PER_DAY) * MS_PER_DAY) / MS_PER_MINUTE)
}

/** 0 = Sunday … 6 = Saturday, for a day number (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7
}

/**
 * The UTC instant of local `minute` (may exceed 1440, for shifts past midnight) on local `day`.
 * A time skipped by a spring-forward change lands an hour later; an ambiguous one takes either.
 */
export function localToUtc(zone: string, day: number, minute: number): number {
  const wall = day * MS_PER_DAY + Math.round(minute * MS_PER_MINUTE)
  const guess = wall - offsetMinutes(zone, wall) * MS_PER_MINUTE
  return wall - offsetMinutes(zone, guess) * MS_PER_MINUTE
}

/** `YYYY-MM-DD` of a day number. */
export function isoDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10)
}

/** The day number of a `YYYY-MM-DD` date. */
export function dayOfIsoDate(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY)
}
