// Off-hours scoring, pure: for each sign-in, a circular model of the user's local time of day
// learned from their own earlier sign-ins (von Mises kernel density over 10-minute bins, working
// days and days off apart when each side has enough, else all days), and the probability of a
// sign-in at least as unusual as this one. Until the user passes the learning gate, the partner's
// business hours (with a margin) and the partner's peer model decide together.
import { sum } from 'simple-statistics'
import type { PartnerConfig } from '../../lib/config.js'
import type { DetectorContext, FindingDraft, Severity } from '../types.js'
import {
  BIN_MINUTES,
  learningDays,
  type OffHoursCandidate,
  type OffHoursCandidates,
  type PeerHistoryRow,
  type UserHistoryRow,
} from './queries.js'

export const DETECTOR_ID = 'off-hours'
/** Flag when a sign-in at least this unusual has a lower probability under the user's model. */
export const DEFAULT_THRESHOLD = 0.01
/** The same for the partner's peer model during the user's cold start (stricter: not their own). */
export const DEFAULT_PEER_THRESHOLD = 0.01
/** Learning gate: the user's own model decides from this many sign-ins … */
export const DEFAULT_MIN_SIGN_INS = 20
/** … on this many distinct local days. */
export const DEFAULT_MIN_DAYS = 10
/** Kernel bandwidth (one standard deviation of the von Mises kernel), minutes. */
export const DEFAULT_BANDWIDTH_MINUTES = 45
/** Cold start: only sign-ins this far outside the partner's business hours count as off-hours. */
export const DEFAULT_BUSINESS_MARGIN_MINUTES = 60
/** A sign-in this close to any earlier one of the user's (same side of the week) is never off-hours. */
export const DEFAULT_MIN_GAP_MINUTES = 180
/**
 * How deep into the user's free stretch of the day (1 = its middle, 0 = its edge) a sign-in must be:
 * an evening check just after work is an edge, a sign-in in the middle of the night is not.
 */
export const DEFAULT_MIN_REST_DEPTH = 0.6
/** A sign-in up to this long after a day's first one belongs to the same working day. */
export const DEFAULT_WORKDAY_MINUTES = 600
/** A gap this long between sign-ins is a rest: the next sign-in starts a working day. */
export const REST_MINUTES = 480
/** … once that many days (at least, and at least that share of days) put a time inside one. */
export const MIN_WORKDAY_DAYS = 2
export const MIN_WORKDAY_SHARE = 0.1
/** A side (working days / days off) gets its own model from this many sign-ins on this many days. */
export const MIN_SIDE_SIGN_INS = 8
export const MIN_SIDE_DAYS = 4
/** The peer model needs this many sign-ins from this many users. */
export const MIN_PEER_SIGN_INS = 50
export const MIN_PEER_USERS = 3
/** Share of the user's sign-ins the reported usual window covers. */
export const USUAL_WINDOW_SHARE = 0.95

const BINS = 1440 / BIN_MINUTES
const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const
const MS_PER_DAY = 86_400_000

export interface OffHoursSettings {
  threshold: number
  peerThreshold: number
  minSignIns: number
  minDays: number
  bandwidthMinutes: number
  businessMarginMinutes: number
  learningDays: number
  minGapMinutes: number
  workdayMinutes: number
  minRestDepth: number
  /** While the user is still learning, flag only with Okta's new device / new location verdict. */
  coldStartNeedsCorroboration: boolean
}

const num = (v: unknown, fallback: number, ok: (n: number) => boolean): number =>
  typeof v === 'number' && Number.isFinite(v) && ok(v) ? v : fallback

export function settingsOf(config: Readonly<Record<string, unknown>>): OffHoursSettings {
  const prob = (n: number): boolean => n > 0 && n < 1
  const pos = (n: number): boolean => n > 0
  return {
    threshold: num(config.threshold, DEFAULT_THRESHOLD, prob),
    peerThreshold: num(config.peerThreshold, DEFAULT_PEER_THRESHOLD, prob),
    minSignIns: num(config.minSignIns, DEFAULT_MIN_SIGN_INS, pos),
    minDays: num(config.minDays, DEFAULT_MIN_DAYS, pos),
    bandwidthMinutes: num(config.bandwidthMinutes, DEFAULT_BANDWIDTH_MINUTES, pos),
    businessMarginMinutes: num(
      config.businessMarginMinutes,
      DEFAULT_BUSINESS_MARGIN_MINUTES,
      (n) => n >= 0,
    ),
    learningDays: learningDays(config),
    minGapMinutes: num(config.minGapMinutes, DEFAULT_MIN_GAP_MINUTES, (n) => n >= 0),
    minRestDepth: num(config.minRestDepth, DEFAULT_MIN_REST_DEPTH, (n) => n >= 0 && n <= 1),
    workdayMinutes: num(config.workdayMinutes, DEFAULT_WORKDAY_MINUTES, (n) => n >= 0),
    coldStartNeedsCorroboration: config.coldStartNeedsCorroboration !== false,
  }
}

/** Normalised von Mises kernel by circular bin distance 0 … BINS-1. */
export function vonMisesKernel(bandwidthMinutes: number): Float64Array {
  const sigma = (2 * Math.PI * bandwidthMinutes) / 1440
  const kappa = 1 / (sigma * sigma)
  const k = new Float64Array(BINS)
  for (let d = 0; d < BINS; d++) {
    // exp(kappa (cos θ − 1)) keeps the numbers finite for large kappa.
    k[d] = Math.exp(kappa * (Math.cos((2 * Math.PI * d) / BINS) - 1))
  }
  const total = sum(Array.from(k))
  return k.map((v) => v / total)
}

export interface CircularModel {
  samples: number
  days: number
  counts: Float64Array
  density: Float64Array
}

export function buildModel(
  counts: Float64Array,
  days: number,
  kernel: Float64Array,
): CircularModel {
  const samples = sum(Array.from(counts))
  const density = new Float64Array(BINS)
  if (samples > 0) {
    for (let j = 0; j < BINS; j++) {
      const c = counts[j] ?? 0
      if (c === 0) {
        continue
      }
      for (let b = 0; b < BINS; b++) {
        const d = Math.abs(b - j)
        density[b] = (density[b] ?? 0) + (c * (kernel[Math.min(d, BINS - d)] ?? 0)) / samples
      }
    }
  }
  return { samples, days, counts, density }
}

/** Probability of a sign-in at a time of day no more likely than this bin (highest-density tail). */
export function tailProbability(model: CircularModel, bin: number): number {
  const at = model.density[bin] ?? 0
  let p = 0
  for (const d of model.density) {
    if (d <= at * (1 + 1e-9)) {
      p += d
    }
  }
  return Math.min(1, p)
}

/** The shortest arc of the day holding `share` of the sign-ins, as `HH:MM–HH:MM`. */
export function usualWindow(counts: Float64Array, share = USUAL_WINDOW_SHARE): string | null {
  const total = sum(Array.from(counts))
  if (total === 0) {
    return null
  }
  let best: [number, number] | null = null
  for (let s = 0; s < BINS; s++) {
    if ((counts[s] ?? 0) === 0) {
      continue
    }
    let acc = 0
    for (let len = 1; len <= BINS; len++) {
      acc += counts[(s + len - 1) % BINS] ?? 0
      if (acc >= share * total - 1e-9) {
        if (!best || len < best[1]) {
          best = [s, len]
        }
        break
      }
    }
  }
  if (!best) {
    return null
  }
  const [s, len] = best
  return `${hhmm(s * BIN_MINUTES)}–${hhmm(((s + len) * BIN_MINUTES - 1) % 1440)}`
}

/**
 * Where `minute` lies in the free stretch of the day around it (bins with nothing in `busy`):
 * minutes to the nearest busy bin's centre (circular; Infinity when none), and `depth`, that gap
 * over half the stretch (1 = its middle, near 0 = its edge).
 */
export function gapMinutes(busy: Float64Array, minute: number): { gap: number; depth: number } {
  let before = Infinity
  let after = Infinity
  for (let b = 0; b < BINS; b++) {
    if ((busy[b] ?? 0) > 0) {
      const centre = b * BIN_MINUTES + BIN_MINUTES / 2
      after = Math.min(after, (((centre - minute) % 1440) + 1440) % 1440)
      before = Math.min(before, (((minute - centre) % 1440) + 1440) % 1440)
    }
  }
  const gap = Math.min(before, after)
  return { gap, depth: Number.isFinite(gap) ? gap / ((before + after) / 2) : 1 }
}

export function hhmm(minute: number): string {
  const m = ((Math.round(minute) % 1440) + 1440) % 1440
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
}

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

const isWorkingDay = (partner: PartnerConfig | undefined, isoDow: number): boolean => {
  const day = DAY_NAMES[isoDow - 1]
  const days = partner?.businessHours.days ?? ['Mon', 'Tue', 'Wed', 'Thu', 'Fri']
  return day !== undefined && (days as readonly string[]).includes(day)
}

const dayIndex = (localDate: string): number =>
  Math.round(Date.parse(`${localDate}T00:00:00Z`) / MS_PER_DAY)

interface SideCounts {
  counts: Float64Array
  days: Set<string>
}

const emptySide = (): SideCounts => ({ counts: new Float64Array(BINS), days: new Set() })

function pick(
  sides: { same: SideCounts; all: SideCounts },
  minSamples: number,
  minDays: number,
): { side: SideCounts; scope: 'same-days' | 'all-days' } {
  const n = sum(Array.from(sides.same.counts))
  return n >= minSamples && sides.same.days.size >= minDays
    ? { side: sides.same, scope: 'same-days' }
    : { side: sides.all, scope: 'all-days' }
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

type ModelKind = 'user' | 'peer' | 'business-hours'

export function score(input: OffHoursCandidates, ctx: DetectorContext): FindingDraft[] {
  const settings = settingsOf(ctx.config)
  const kernel = vonMisesKernel(settings.bandwidthMinutes)
  const partners = new Map(ctx.partners.map((p) => [p.id, p]))
  const byUser = new Map<string, UserHistoryRow[]>()
  for (const r of input.userHistory) {
    const key = `${r.org}\u0000${r.userId}`
    const list = byUser.get(key) ?? []
    list.push(r)
    byUser.set(key, list)
  }
  const byPartner = new Map<string, PeerHistoryRow[]>()
  for (const r of input.peerHistory) {
    const list = byPartner.get(r.partnerId) ?? []
    list.push(r)
    byPartner.set(r.partnerId, list)
  }
  const peerCache = new Map<string, { model: CircularModel; users: number; scope: string } | null>()
  const peerModel = (
    partner: PartnerConfig | undefined,
    c: OffHoursCandidate,
  ): { model: CircularModel; users: number; scope: string } | null => {
    const working = isWorkingDay(partner, c.isoDow)
    const key = `${c.partnerId}\u0000${c.localDate}\u0000${working}`
    const cached = peerCache.get(key)
    if (cached !== undefined) {
      return cached
    }
    const today = dayIndex(c.localDate)
    const same = { ...emptySide(), users: 0 }
    const all = { ...emptySide(), users: 0 }
    for (const r of byPartner.get(c.partnerId) ?? []) {
      const d = dayIndex(r.localDate)
      if (d >= today || d < today - settings.learningDays) {
        continue
      }
      for (const side of isWorkingDay(partner, r.isoDow) === working ? [same, all] : [all]) {
        side.counts[r.bin] = (side.counts[r.bin] ?? 0) + r.n
        side.days.add(r.localDate)
        side.users = Math.max(side.users, r.users)
      }
    }
    const chosen =
      sum(Array.from(same.counts)) >= MIN_PEER_SIGN_INS
        ? { s: same, scope: 'same-days' }
        : { s: all, scope: 'all-days' }
    const n = sum(Array.from(chosen.s.counts))
    const result =
      n >= MIN_PEER_SIGN_INS
        ? {
            model: buildModel(chosen.s.counts, chosen.s.days.size, kernel),
            users: chosen.s.users,
            scope: chosen.scope,
          }
        : null
    peerCache.set(key, result)
    return result
  }

  const findings: FindingDraft[] = []
  for (const c of input.candidates) {
    const partner = partners.get(c.partnerId)
    const working = isWorkingDay(partner, c.isoDow)
    const bin = Math.floor(c.localMinute / BIN_MINUTES)
    const since = c.published.getTime() - settings.learningDays * MS_PER_DAY
    const same = emptySide()
    const all = emptySide()
    for (const r of byUser.get(`${c.org}\u0000${c.userId}`) ?? []) {
      const t = r.lastPublished.getTime()
      if (t >= c.published.getTime() || t < since) {
        continue
      }
      for (const side of isWorkingDay(partner, r.isoDow) === working ? [same, all] : [all]) {
        side.counts[r.bin] = (side.counts[r.bin] ?? 0) + r.n
        side.days.add(r.localDate)
      }
    }
    // Every time of day the user has been at work: each working day from its start (the first
    // sign-in of a local day after a rest of REST_MINUTES, so a night shift is one day across
    // midnight) for a workday.
    const starts: number[] = []
    const startDays = new Set<string>()
    let previous = -Infinity
    for (const r of byUser.get(`${c.org}\u0000${c.userId}`) ?? []) {
      const t = r.lastPublished.getTime()
      if (t >= c.published.getTime() || t < since) {
        continue
      }
      const at = dayIndex(r.localDate) * 1440 + r.bin * BIN_MINUTES
      // The first start of a local day only: an evening check after a short day is not a shift.
      if (at - previous >= REST_MINUTES && !startDays.has(r.localDate)) {
        starts.push(r.bin)
        startDays.add(r.localDate)
      }
      previous = at
    }
    // A stretch counts once it is covered on a few days, so one odd start does not stretch it.
    const cover = new Float64Array(BINS)
    const span = Math.floor(settings.workdayMinutes / BIN_MINUTES)
    for (const f of starts) {
      for (let b = f; b <= f + span; b++) {
        cover[b % BINS] = (cover[b % BINS] ?? 0) + 1
      }
    }
    const support = Math.max(MIN_WORKDAY_DAYS, Math.ceil(MIN_WORKDAY_SHARE * starts.length))
    const atWork = all.counts.map((n, b) => (n > 0 || (cover[b] ?? 0) >= support ? 1 : 0))
    const samples = sum(Array.from(all.counts))
    const learned = samples >= settings.minSignIns && all.days.size >= settings.minDays
    let kind: ModelKind
    let probability: number | null
    let threshold: number
    let scope: string
    let model: CircularModel
    let extra: Record<string, unknown> = {}
    if (learned) {
      const chosen = pick({ same, all }, MIN_SIDE_SIGN_INS, MIN_SIDE_DAYS)
      model = buildModel(chosen.side.counts, chosen.side.days.size, kernel)
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
      if (outside <= settings.businessMarginMinutes) {
        continue
      }
      // What little the user has shown already counts: a time they have used is not off-hours.
      if (samples > 0) {
        const own = buildModel(all.counts, all.days.size, kernel)
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
        userDays: all.days.size,
        learningGate: { minSignIns: settings.minSignIns, minDays: settings.minDays },
      }
      if (peer) {
        model = peer.model
        probability = tailProbability(peer.model, bin)
        threshold = settings.peerThreshold
        scope = peer.scope
        kind = 'peer'
        extra.peerUsers = peer.users
        if (probability >= threshold) {
          continue
        }
      } else {
        model = buildModel(all.counts, all.days.size, kernel)
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

function draft(
  c: OffHoursCandidate,
  m: {
    kind: ModelKind
    probability: number | null
    threshold: number
    scope: string
    model: CircularModel
    extra: Record<string, unknown>
    partner: PartnerConfig | undefined
  },
): FindingDraft {
  const corr = corroboration(c.behaviors)
  const decades =
    m.probability === null
      ? 0
      : Math.min(3, Math.log10(m.threshold / Math.max(m.probability, 1e-6)))
  const base = m.kind === 'user' ? 45 : 25
  const score = Math.round(
    Math.min(
      100,
      base +
        10 * decades +
        (corr.newDevice ? 15 : 0) +
        (corr.newGeo ? 10 : 0) +
        (corr.newIp ? 3 : 0),
    ),
  )
  const severity: Severity = score >= 80 ? 'high' : score >= 50 ? 'medium' : 'low'
  const weekday = DAY_NAMES[c.isoDow - 1] ?? '?'
  const localTime = hhmm(c.localMinute)
  const usual = usualWindow(m.model.counts)
  const who = c.userLogin ?? c.userId
  const pText =
    m.probability === null
      ? `outside business hours ${m.partner?.businessHours.start ?? ''}–${m.partner?.businessHours.end ?? ''}`
      : `p=${formatP(m.probability)} < ${m.threshold}`
  const basis = m.kind === 'peer' ? 'peers usually' : 'usually'
  const summary = `${who} signed in at ${localTime} ${c.timeZone} (${weekday}); ${
    usual ? `${basis} ${usual}, ` : ''
  }${pText}${m.kind === 'user' ? '' : ` (${m.kind} model, user still learning)`}`
  return {
    detector: DETECTOR_ID,
    severity,
    score,
    org: c.org,
    partnerId: c.partnerId,
    userId: c.userId,
    userLogin: c.userLogin,
    occurredAt: c.published,
    eventIds: [c.uuid],
    summary,
    details: {
      localTime,
      localDate: c.localDate,
      timeZone: c.timeZone,
      weekday,
      usualWindow: usual,
      probability: m.probability,
      threshold: m.threshold,
      samples: m.model.samples,
      days: m.model.days,
      model: m.kind,
      scope: m.scope,
      corroboration: corr,
      clientIp: c.clientIp,
      asNumber: c.asNumber,
      asOrg: c.asOrg,
      city: c.city,
      country: c.country,
      ...m.extra,
    },
  }
}

function formatP(p: number): string {
  return p < 0.0001 ? p.toExponential(1) : p.toFixed(4).replace(/0+$/, '').replace(/\.$/, '')
}
