// What the partner's configuration and Okta's own verdicts say about a sign-in: its distance from
// the partner's business hours, whether its day is a working day, and Okta's behaviour flags.
import type { PartnerConfig } from '../../lib/config.js'

export const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const

const parseHhmm = (s: string): number => {
  const [h, m] = s.split(':').map(Number)
  return (h ?? 0) * 60 + (m ?? 0)
}

/** Minutes outside the partner's business hours (0 inside; days off are wholly outside). */
export function minutesOutsideBusinessHours(
  partner: PartnerConfig,
  isoDow: number,
  minute: number,
): number {
  const { days, start, end } = partner.businessHours
  const day = DAY_NAMES[isoDow - 1]
  if (!day || !(days as readonly string[]).includes(day)) {
    return Infinity
  }
  const s = parseHhmm(start)
  const e = parseHhmm(end)
  const inside = s <= e ? minute >= s && minute <= e : minute >= s || minute <= e
  if (inside) {
    return 0
  }
  const dist = (a: number, b: number): number => Math.min(Math.abs(a - b), 1440 - Math.abs(a - b))
  return Math.min(dist(minute, s), dist(minute, e))
}

export const isWorkingDay = (partner: PartnerConfig | undefined, isoDow: number): boolean => {
  const day = DAY_NAMES[isoDow - 1]
  const days = partner?.businessHours.days ?? ['Mon', 'Tue', 'Wed', 'Thu', 'Fri']
  return day !== undefined && (days as readonly string[]).includes(day)
}

interface Corroboration {
  newDevice: boolean
  newGeo: boolean
  newIp: boolean
}

export function corroboration(behaviors: string | null): Corroboration {
  const positive = (name: string): boolean =>
    behaviors !== null && new RegExp(`${name}=POSITIVE`).test(behaviors)
  return {
    newDevice: positive('New Device'),
    newGeo: positive('New Geo-Location') || positive('New Country') || positive('New City'),
    newIp: positive('New IP'),
  }
}
