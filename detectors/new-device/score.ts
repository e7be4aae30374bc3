// New device, the pure half: a successful sign-in by a browser none of the user's last sign-ins used
// (device token and fingerprint unseen; without either, the browser family), from a network (/24)
// they never used either. A new browser on a known network is a second machine at home or at the
// office — Okta's New Device says so too, and we leave it there.
import type { DetectorContext, FindingDraft } from '../types.js'
import { oktaBehavior, type NoveltyCandidate } from '../sign-in-history.js'
import {
  commonEscalations,
  gate,
  knownDevice,
  knownNetwork,
  noveltyFinding,
  ownPhoneAtHome,
  oktaOpinion,
  uaFamily,
  viaKnownEgress,
} from './novelty.js'

export const DETECTOR_ID = 'new-device'
/** Base score: the finest-grained novelty (Okta counts a new browser as a new device). */
export const BASE_SCORE = 45

export function score(
  candidates: readonly NoveltyCandidate[],
  ctx: DetectorContext,
): FindingDraft[] {
  const out: FindingDraft[] = []
  for (const c of candidates) {
    const s = c.signIn
    const g = gate(c, ctx)
    if (!g.learned || knownDevice(c)) {
      continue
    }
    if (knownNetwork(c) || viaKnownEgress(s, ctx.partners) || ownPhoneAtHome(c)) {
      continue
    }
    // New to our history but not to Okta, whose device token outlives it, on the user's own ISP:
    // the user's other machine at home behind a rotated address.
    const ownIsp = s.asNumber !== null && c.history.asns.includes(s.asNumber)
    if (ownIsp && oktaBehavior(s.behaviors, 'New Device') === 'NEGATIVE') {
      continue
    }
    const escalatedBy = commonEscalations(s)
    const suppressedBy: string[] = []
    const newFamily = !c.history.uaFamilies.includes(uaFamily(s))
    if (newFamily) {
      escalatedBy.push('newBrowserFamily')
    }
    if (s.asNumber !== null && c.history.asns.length > 0 && !c.history.asns.includes(s.asNumber)) {
      escalatedBy.push('newAsn')
    }
    if (
      s.country !== null &&
      c.history.countries.length > 0 &&
      !c.history.countries.includes(s.country)
    ) {
      escalatedBy.push('newCountry')
    }
    const okta = oktaOpinion(s, 'New Device', escalatedBy, suppressedBy)
    const who = s.userLogin ?? s.userId
    out.push(
      noveltyFinding({
        detector: DETECTOR_ID,
        base: BASE_SCORE,
        candidate: c,
        escalatedBy,
        suppressedBy,
        summary: `${who} signed in with ${s.browser ?? 'an unknown browser'} on ${s.os ?? 'an unknown OS'}, a device none of their last ${c.history.signIns} sign-ins used, from a network they never used (${s.ip ?? 'no IP'})`,
        details: {
          device: { dtHash: s.dtHash, fingerprint: s.fingerprint, family: uaFamily(s) },
          newBrowserFamily: newFamily,
          priorFamilies: c.history.uaFamilies,
          priorDevices: c.history.dtHashes.length,
          okta: { newDevice: okta },
          gate: { minSignIns: g.minSignIns, minDays: g.minDays },
        },
      }),
    )
  }
  return out
}
