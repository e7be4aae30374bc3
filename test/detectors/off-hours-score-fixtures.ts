// Named fixtures for the off-hours score tests: a Northwind partner in Amsterdam, history rows as the
// queries return them (local day, 10-minute bin) and sign-ins with their local time worked out.
import { parseConfig, type PartnerConfig } from '../../lib/config.js'
import type {
  OffHoursCandidate,
  OffHoursCandidates,
  PeerHistoryRow,
  UserHistoryRow,
} from '../../detectors/off-hours/queries.js'
import type { DetectorContext } from '../../detectors/types.js'

export const ZONE = 'Europe/Amsterdam'
export const NOW = new Date('2026-12-01T00:00:00Z')
export const FAMILIAR =
  '{New Geo-Location=NEGATIVE, New Device=NEGATIVE, New IP=NEGATIVE, New Country=NEGATIVE}'
export const NEW_DEVICE =
  '{New Geo-Location=NEGATIVE, New Device=POSITIVE, New IP=POSITIVE, New Country=NEGATIVE}'

export const [NORTHWIND] = parseConfig(
  {
    partners: [
      {
        id: 'northwind',
        name: 'Northwind',
        match: { emailDomains: ['northwind.example'] },
        timeZone: ZONE,
        businessHours: { days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], start: '07:00', end: '19:00' },
      },
    ],
  },
  { env: {}, cwd: '/', source: 'test' },
).partners as [PartnerConfig]

export const ctx = (config: Record<string, unknown> = {}): DetectorContext => ({
  now: NOW,
  config,
  partners: [NORTHWIND],
})

/** Amsterdam is UTC+2 until 2026-10-25 (CEST), UTC+1 after (CET). */
export const offsetMinutes = (date: string): number => (date < '2026-10-25' ? 120 : 60)

export function utc(date: string, minute: number): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) + (minute - offsetMinutes(date)) * 60_000)
}

export const isoDow = (date: string): number => {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay()
  return d === 0 ? 7 : d
}

export const hm = (s: string): number => {
  const [h, m] = s.split(':').map(Number)
  return (h ?? 0) * 60 + (m ?? 0)
}

/** Calendar days from `first`, `count` of them, keeping only those whose ISO weekday passes. */
export function days(
  first: string,
  count: number,
  keep: (dow: number) => boolean = () => true,
): string[] {
  const out: string[] = []
  for (let i = 0; out.length < count; i++) {
    const d = new Date(Date.parse(`${first}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10)
    if (keep(isoDow(d))) {
      out.push(d)
    }
  }
  return out
}
export const weekdays = (dow: number): boolean => dow <= 5
export const weekends = (dow: number): boolean => dow >= 6

/** One user's sign-ins at the given local times on each day (a time past 24:00 is the next day). */
export function history(user: string, dates: string[], times: string[]): UserHistoryRow[] {
  const rows: UserHistoryRow[] = []
  for (const date of dates) {
    for (const t of times) {
      let minute = hm(t)
      let day = date
      if (minute >= 1440) {
        minute -= 1440
        day = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
      }
      rows.push({
        org: 'hub',
        userId: user,
        localDate: day,
        isoDow: isoDow(day),
        bin: Math.floor(minute / 10),
        n: 1,
        lastPublished: utc(day, minute),
      })
    }
  }
  return rows.sort((a, b) => a.lastPublished.getTime() - b.lastPublished.getTime())
}

export function signIn(
  uuid: string,
  user: string,
  date: string,
  time: string,
  behaviors = FAMILIAR,
): OffHoursCandidate {
  return {
    uuid,
    org: 'hub',
    published: utc(date, hm(time)),
    userId: user,
    userLogin: `${user}@northwind.example`,
    partnerId: 'northwind',
    timeZone: ZONE,
    localDate: date,
    localMinute: hm(time),
    isoDow: isoDow(date),
    clientIp: '198.51.100.7',
    asNumber: 1136,
    asOrg: 'KPN',
    city: 'Amsterdam',
    country: 'Netherlands',
    lon: 4.9,
    behaviors,
  }
}

export const input = (
  candidates: OffHoursCandidate[],
  userHistory: UserHistoryRow[],
  peerHistory: PeerHistoryRow[] = [],
): OffHoursCandidates => ({ candidates, userHistory, peerHistory })

// A night-shift worker: starts around 22:30, checks in again after midnight and before 06:00.
export const nightDays = days('2026-10-26', 25, weekdays)
export const NIGHT = history('noor', nightDays, ['22:20', '22:40', '25:50', '28:10', '29:40'])
// An office worker: 08:30 start, a late-morning and an afternoon session.
export const dayDays = days('2026-10-26', 25, weekdays)
export const OFFICE = history('ana', dayDays, ['08:20', '11:10', '15:40'])
