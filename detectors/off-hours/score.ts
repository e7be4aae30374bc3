// Off-hours scoring, pure: for each sign-in, a circular model of the user's local time of day
// learned from their own earlier sign-ins (von Mises kernel density over 10-minute bins, working
// days and days off apart when each side has enough, else all days), and the probability of a
// sign-in at least as unusual as this one. Until the user passes the learning gate, the partner's
// business hours (with a margin) and the partner's peer model decide together.
import type { PartnerConfig } from '../../lib/config.js'
import type { DetectorContext, FindingDraft } from '../types.js'
import {
  BINS,
  buildModel,
  gapMinutes,
  hhmm,
  tailProbability,
  vonMisesKernel,
  type CircularModel,
} from './circular.js'
import {
  BIN_MINUTES,
  type OffHoursCandidate,
  type OffHoursCandidates,
  type PeerHistoryRow,
  type UserHistoryRow,
} from './queries.js'
import {
  MIN_PEER_SIGN_INS,
  MIN_SIDE_DAYS,
  MIN_SIDE_SIGN_INS,
  MIN_WORKDAY_DAYS,
  MIN_WORKDAY_SHARE,
  REST_MINUTES,
  settingsOf,
  type OffHoursSettings,
} from './settings.js'
import { corroboration, isWorkingDay, minutesOutsideBusinessHours } from './signals.js'
import { draft, type ModelKind } from './finding.js'
import { placeLocalMinute } from './travel-time.js'

export { placeLocalMinute } from './travel-time.js'

export * from './settings.js'

export { DETECTOR_ID } from './finding.js'
const MS_PER_DAY = 86_400_000

const dayIndex = (localDate: string): number =>
  Math.round(Date.parse(`${localDate}T00:00:00Z`) / MS_PER_DAY)

interface SideCounts {
  counts: Float64Array
  /** Sign-ins counted. */
  n: number
  /** Distinct local days counted (rows arrive in day order, so a change of day is a new one). */
  days: number
  lastDay: number
}

const emptySide = (): SideCounts => ({
  counts: new Float64Array(BINS),
  n: 0,
  days: 0,
  lastDay: Number.NaN,
})

function add(side: SideCounts, bin: number, n: number, day: number): void {
  side.counts[bin] = (side.counts[bin] ?? 0) + n
  side.n += n
  if (day !== side.lastDay) {
    side.days++
    side.lastDay = day
  }
}

/** A user's history rows in time order, with what each candidate's scan needs precomputed. */
interface UserRows {
  rows: readonly UserHistoryRow[]
  at: Float64Array
  day: Int32Array
}

function userRows(rows: readonly UserHistoryRow[]): UserRows {
  return {
    rows,
    at: Float64Array.from(rows, (r) => r.lastPublished.getTime()),
    day: Int32Array.from(rows, (r) => dayIndex(r.localDate)),
  }
}

/** First index whose time is ≥ t; the rows are in local (day, bin) order, which is time order but
 * for the hour a DST change repeats, hence the callers' margin. */
function firstAtOrAfter(at: Float64Array, t: number): number {
  let lo = 0
  let hi = at.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((at[mid] ?? 0) < t) {
      lo = mid + 1
    } else {
      hi = mid
    }
  }
  return lo
}

const DST_MARGIN_MS = 2 * 3_600_000

function pick(
  sides: { same: SideCounts; all: SideCounts },
  minSamples: number,
  minDays: number,
): { side: SideCounts; scope: 'same-days' | 'all-days' } {
  return sides.same.n >= minSamples && sides.same.days >= minDays
    ? { side: sides.same, scope: 'same-days' }
    : { side: sides.all, scope: 'all-days' }
}

/**
 * The user's sign-ins before `c` within the learning window: counts per bin on the same side of the
 * week and on all days, and `atWork`, every bin of the day the user has been at work: bins with a
 * sign-in, plus each working day from its start (the first sign-in of a local day after a rest of
 * REST_MINUTES, so a night shift is one day across midnight and an evening check after a short
 * day is not a new one) for `workdayMinutes`, once a few days cover it (one odd start does not
 * stretch the day).
 */
function userHistory(
  user: UserRows,
  c: OffHoursCandidate,
  partner: PartnerConfig | undefined,
  settings: OffHoursSettings,
): { same: SideCounts; all: SideCounts; atWork: Float64Array } {
  const until = c.published.getTime()
  const since = until - settings.learningDays * MS_PER_DAY
  const working = isWorkingDay(partner, c.isoDow)
  const same = emptySide()
  const all = emptySide()
  const starts: number[] = []
  let lastStartDay = Number.NaN
  let previous = -Infinity
  const from = firstAtOrAfter(user.at, since - DST_MARGIN_MS)
  const to = firstAtOrAfter(user.at, until + DST_MARGIN_MS)
  for (let i = from; i < to; i++) {
    const r = user.rows[i]
    const t = user.at[i] ?? 0
    const day = user.day[i] ?? 0
    if (r === undefined || t >= until || t < since) {
      continue
    }
    add(all, r.bin, r.n, day)
    if (isWorkingDay(partner, r.isoDow) === working) {
      add(same, r.bin, r.n, day)
    }
    const at = day * 1440 + r.bin * BIN_MINUTES
    if (at - previous >= REST_MINUTES && day !== lastStartDay) {
      starts.push(r.bin)
      lastStartDay = day
    }
    previous = at
  }
  const cover = new Float64Array(BINS)
  const span = Math.floor(settings.workdayMinutes / BIN_MINUTES)
  for (const f of starts) {
    for (let b = f; b <= f + span; b++) {
      cover[b % BINS] = (cover[b % BINS] ?? 0) + 1
    }
  }
  const support = Math.max(MIN_WORKDAY_DAYS, Math.ceil(MIN_WORKDAY_SHARE * starts.length))
  const atWork = all.counts.map((n, b) => (n > 0 || (cover[b] ?? 0) >= support ? 1 : 0))
  return { same, all, atWork }
}

export function score(input: OffHoursCandidates, ctx: DetectorContext): FindingDraft[] {
  const settings = settingsOf(ctx.config)
  const kernel = vonMisesKernel(settings.bandwidthMinutes)
  const partners = new Map(ctx.partners.map((p) => [p.id, p]))
  const grouped = new Map<string, UserHistoryRow[]>()
  for (const r of input.userHistory) {
    const key = `${r.org}\u0000${r.userId}`
    const list = grouped.get(key) ?? []
    list.push(r)
    grouped.set(key, list)
  }
  const byUser = new Map([...grouped].map(([k, rows]) => [k, userRows(rows)]))
  const noRows = userRows([])
  const byPartner = new Map<string, PeerHistoryRow[]>()
  for (const r of input.peerHistory) {
    const list = byPartner.get(r.partnerId) ?? []
    list.push(r)
    byPartner.set(r.partnerId, list)
  }
  const peerCache = new Map<string, { model: CircularModel; scope: string } | null>()
  const peerModel = (
    partner: PartnerConfig | undefined,
    c: OffHoursCandidate,
  ): { model: CircularModel; scope: string } | null => {
    const working = isWorkingDay(partner, c.isoDow)
    const key = `${c.partnerId}\u0000${c.localDate}\u0000${working}`
    const cached = peerCache.get(key)
    if (cached !== undefined) {
      return cached
    }
    const today = dayIndex(c.localDate)
    const same = emptySide()
    const all = emptySide()
    for (const r of byPartner.get(c.partnerId) ?? []) {
      const d = dayIndex(r.localDate)
      if (d >= today || d < today - settings.learningDays) {
        continue
      }
      add(all, r.bin, r.n, d)
      if (isWorkingDay(partner, r.isoDow) === working) {
        add(same, r.bin, r.n, d)
      }
    }
    const chosen =
      same.n >= MIN_PEER_SIGN_INS ? { s: same, scope: 'same-days' } : { s: all, scope: 'all-days' }
    const result =
      chosen.s.n >= MIN_PEER_SIGN_INS
        ? {
            model: buildModel(chosen.s.counts, chosen.s.days, kernel),
            scope: chosen.scope,
          }
        : null
    peerCache.set(key, result)
    return result
  }

  const findings: FindingDraft[] = []
  for (const c of input.candidates) {
    const partner = partners.get(c.partnerId)
    const bin = Math.floor(c.localMinute / BIN_MINUTES)
    const place = placeLocalMinute(c)
    const { same, all, atWork } = userHistory(
      byUser.get(`${c.org}\u0000${c.userId}`) ?? noRows,
      c,
      partner,
      settings,
    )
    const samples = all.n
    const learned = samples >= settings.minSignIns && all.days >= settings.minDays
    let kind: ModelKind
    let probability: number | null
    let threshold: number
    let scope: string
    let model: CircularModel
    let extra: Record<string, unknown> = {}
    if (learned) {
      const chosen = pick({ same, all }, MIN_SIDE_SIGN_INS, MIN_SIDE_DAYS)
      model = buildModel(chosen.side.counts, chosen.side.days, kernel)
      probability = tailProbability(model, bin)
      threshold = settings.threshold
      scope = chosen.scope
      kind = 'user'
      const { gap, depth } = gapMinutes(atWork, c.localMinute)
      extra = {
        gapMinutes: Math.round(gap),
        minGapMinutes: settings.minGapMinutes,
        restDepth: Math.round(depth * 100) / 100,
        minRestDepth: settings.minRestDepth,
      }
      if (
        probability >= threshold ||
        gap < settings.minGapMinutes ||
        depth < settings.minRestDepth
      ) {
        continue
      }
      // At the edge of the user's rest (an evening check, an early start), ask the peers: a time
      // the partner's people commonly use is a habit this user may just be taking up.
      if (depth < settings.peerCheckDepth) {
        const peer = peerModel(partner, c)
        const peerP = peer ? tailProbability(peer.model, bin) : null
        Object.assign(extra, {
          peerCheckDepth: settings.peerCheckDepth,
          peerProbability: peerP,
          peerCommonP: settings.peerCommonP,
        })
        if (peerP !== null && peerP >= settings.peerCommonP) {
          continue
        }
      }
      // Signed in from far away: off-hours only if the time is off-hours where they are, too.
      if (place !== null) {
        const there = gapMinutes(atWork, place)
        extra.placeLocalTime = hhmm(place)
        if (
          tailProbability(model, Math.floor(place / BIN_MINUTES)) >= threshold ||
          there.gap < settings.minGapMinutes ||
          there.depth < settings.minRestDepth
        ) {
          continue
        }
      }
    } else {
      if (
        settings.coldStartNeedsCorroboration &&
        !(corroboration(c.behaviors).newDevice || corroboration(c.behaviors).newGeo)
      ) {
        continue
      }
      if (!partner) {
        continue
      }
      const outside = minutesOutsideBusinessHours(partner, c.isoDow, c.localMinute)
      if (
        outside <= settings.businessMarginMinutes ||
        (place !== null &&
          minutesOutsideBusinessHours(partner, c.isoDow, place) <= settings.businessMarginMinutes)
      ) {
        continue
      }
      // What little the user has shown already counts: a time they have used is not off-hours.
      if (samples > 0) {
        const own = buildModel(all.counts, all.days, kernel)
        if (tailProbability(own, bin) >= settings.threshold) {
          continue
        }
      }
      const peer = peerModel(partner, c)
      const bh = partner.businessHours
      extra = {
        businessHours: `${bh.days.join(',')} ${bh.start}–${bh.end}`,
        minutesOutsideBusinessHours: Number.isFinite(outside) ? outside : 'day off',
        businessMarginMinutes: settings.businessMarginMinutes,
        userSamples: samples,
        userDays: all.days,
        learningGate: { minSignIns: settings.minSignIns, minDays: settings.minDays },
      }
      if (peer) {
        model = peer.model
        probability = tailProbability(peer.model, bin)
        threshold = settings.peerThreshold
        scope = peer.scope
        kind = 'peer'
        if (probability >= threshold) {
          continue
        }
      } else {
        model = buildModel(all.counts, all.days, kernel)
        probability = null
        threshold = settings.peerThreshold
        scope = 'business-hours'
        kind = 'business-hours'
      }
    }
    findings.push(draft(c, { kind, probability, threshold, scope, model, extra, partner }))
  }
  return findings
}
