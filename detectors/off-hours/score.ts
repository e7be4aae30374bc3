// Off-hours scoring, pure: for each sign-in, a circular model of the user's local time of day
// learned from their own earlier sign-ins (von Mises kernel density over 10-minute bins, working
// days and days off apart when each side has enough, else all days), and the probability of a
// sign-in at least as unusual as this one. Until the user passes the learning gate, the partner's
// business hours (with a margin) and the partner's peer model decide together.
import type { PartnerConfig } from '../../lib/config.js'
import type { DetectorContext, FindingDraft } from '../types.js'
import {
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
import { MIN_PEER_SIGN_INS, MIN_SIDE_DAYS, MIN_SIDE_SIGN_INS, settingsOf } from './settings.js'
import { corroboration, isWorkingDay, minutesOutsideBusinessHours } from './signals.js'
import { draft, type ModelKind } from './finding.js'
import { addTo, dayIndex, emptySide, pick, userHistory, userRows } from './history.js'
import { placeLocalMinute } from './travel-time.js'

export { placeLocalMinute } from './travel-time.js'

export * from './settings.js'

export { DETECTOR_ID } from './finding.js'

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
      addTo(all, r.bin, r.n, d)
      if (isWorkingDay(partner, r.isoDow) === working) {
        addTo(same, r.bin, r.n, d)
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
