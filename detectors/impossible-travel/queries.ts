// Impossible travel, the DuckDB half: every successful interactive sign-in in the window that can be
// located, with the user's previous *usable* sign-in (LAST_VALUE … IGNORE NULLS over the user's
// sign-ins ordered by `published`, so a hop through a VPN egress or an anonymiser is skipped, never
// used as the reference point) and the baseline the score needs: the places, networks and devices of
// the user's earlier sign-ins over the learning window, how many other users of the same partner
// signed in from the destination, and failed MFA just before.
//
// A sign-in is one `user.session.start` SUCCESS. Federated users also log
// `user.authentication.auth_via_IDP` for the same sign-in (same client, a few hundred ms earlier) and
// every app launch is a `user.authentication.sso` in an existing session — counting those would pair
// a sign-in with itself, and an SSO from far away inside a session is session hijack, not travel.
//
// Cost: a first query finds where the slice's sign-ins start, so the history read is bounded by a
// constant `published` range DuckDB prunes row groups with (learningDays before the slice). The
// pairing carries only narrow columns (place, network flags) of the sign-ins of the users who have a
// new one; the previous sign-in comes from one window function; the baseline lists (ASNs, places,
// devices, user agents) are built only for the pairs whose raw distance and speed could be
// impossible, from a second read limited to those users, each from the user's sign-ins in the
// `learningDays` before it — so a sign-in's baseline is the same whichever slice it arrives in. The
// full points of both sign-ins are fetched by ingest_seq for those few pairs at the end.
import type { Database } from '../../lib/db.js'
import type { PartnerConfig } from '../../lib/config.js'
import { sliceParams, type DetectionWindow, type DetectorContext } from '../types.js'
import { point, type PointRow, type TravelCandidate } from './candidate.js'
import { CANDIDATES_SQL, SLICE_START_SQL } from './candidates-sql.js'
import { settingNumber } from '../sign-in-common.js'

export { CANDIDATES_SQL } from './candidates-sql.js'

export type { SignInPoint, TravelCandidate } from './candidate.js'

/** Days of sign-ins before the slice that feed the previous sign-in and the learned baseline. */
export const DEFAULT_LEARNING_DAYS = 30
/** Minutes before a sign-in in which a failed MFA counts as corroboration. */
export const FAILED_MFA_MINUTES = 30
/** Default speed limit (Panther's 900 km/h; Okta's Velocity uses 805, Airlock 1000). */
export const DEFAULT_SPEED_KMH = 900
/** Effective distance below which nothing is judged: a carrier gateway can sit ~500 km off. */
export const MIN_EFFECTIVE_KM = 500
/** Time floor so two sign-ins seconds apart do not give infinite speeds. */
export const MIN_HOURS = 1 / 60
/** Okta's own sign-in traffic, never a person's. */
export const SYSTEM_ACTORS = ['system@okta.com', 'unknown'] as const

/** IPv4 CIDRs as inclusive numeric ranges, for the SQL; IPv6 blocks are checked in score. */
export function ipv4Ranges(cidrs: readonly string[]): { lo: number; hi: number }[] {
  const out: { lo: number; hi: number }[] = []
  for (const cidr of cidrs) {
    const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr.trim())
    if (!m) {
      continue
    }
    const [a, b, c, d, bits] = m.slice(1).map(Number) as [number, number, number, number, number]
    const base = ((a * 256 + b) * 256 + c) * 256 + d
    const size = 2 ** (32 - Math.min(32, bits))
    const lo = base - (base % size)
    out.push({ lo, hi: lo + size - 1 })
  }
  return out
}

export function knownEgress(partners: readonly PartnerConfig[]): {
  asns: number[]
  cidrs: string[]
} {
  return {
    asns: [...new Set(partners.flatMap((p) => p.knownEgress.asns))],
    cidrs: [...new Set(partners.flatMap((p) => p.knownEgress.cidrs))],
  }
}

interface CandidateRow {
  org: string
  user_id: string
  user_login: string | null
  partner_id: string | null
  cur: PointRow
  threat_suspected: boolean | null
  risk_level: string | null
  behaviors: string | null
  prev: PointRow
  prior_sign_ins: bigint | number
  prior_asns: (bigint | number | null)[] | null
  prior_places: { lat: number; lon: number; country: string | null }[] | null
  prior_dt: string[] | null
  prior_ua: string[] | null
  partner_users_at_destination: bigint | number
  failed_mfa_before: bigint | number
}

export interface CandidateOptions {
  learningDays?: number
  partnersOnly?: boolean
}

export async function candidates(
  db: Database,
  window: DetectionWindow,
  ctx: DetectorContext,
): Promise<TravelCandidate[]> {
  const egress = knownEgress(ctx.partners)
  const slice = sliceParams(window)
  const learningDays = Math.round(settingNumber(ctx.config, 'learningDays', DEFAULT_LEARNING_DAYS))
  // The history starts `learningDays` before the slice's first sign-in: a constant, so DuckDB skips
  // the row groups before it instead of reading every sign-in ever stored.
  const start = await db.one<{ at: Date | null }>(SLICE_START_SQL, slice)
  if (!start?.at) {
    return []
  }
  const historySince = new Date(start.at.getTime() - learningDays * 86_400_000)
  const rows = await db.all<CandidateRow>(CANDIDATES_SQL, {
    ...slice,
    learningDays,
    historySince: historySince.toISOString(),
    sliceStart: start.at.toISOString(),
    failedMfaMinutes: FAILED_MFA_MINUTES,
    egressAsns: JSON.stringify(egress.asns),
    egressRanges: JSON.stringify(ipv4Ranges(egress.cidrs)),
    partnersOnly: ctx.config.partnersOnly !== false,
    minKm: settingNumber(ctx.config, 'minEffectiveKm', MIN_EFFECTIVE_KM),
    speedKmh: settingNumber(ctx.config, 'speedKmh', DEFAULT_SPEED_KMH),
    minHours: MIN_HOURS,
  })
  return rows.map((r) => ({
    org: r.org,
    userId: r.user_id,
    userLogin: r.user_login,
    partnerId: r.partner_id,
    current: {
      ...point(r.cur),
      threatSuspected: r.threat_suspected ?? false,
      riskLevel: r.risk_level,
      behaviors: r.behaviors,
    },
    previous: point(r.prev),
    priorSignIns: Number(r.prior_sign_ins),
    priorAsns: (r.prior_asns ?? []).filter((a) => a !== null).map(Number),
    priorPlaces: r.prior_places ?? [],
    priorDtHashes: r.prior_dt ?? [],
    priorUserAgents: r.prior_ua ?? [],
    partnerUsersAtDestination: Number(r.partner_users_at_destination),
    failedMfaBefore: Number(r.failed_mfa_before),
  }))
}
