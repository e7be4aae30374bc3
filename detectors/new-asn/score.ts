// New ASN, the pure half: a successful sign-in from an autonomous system none of the user's last
// sign-ins came from, not a partner's known egress nor an anonymiser, on a device the user never
// used — or from a hosting provider whatever the device (people do not live in data centres).
import type { DetectorContext, FindingDraft } from '../types.js'
import { isHostingNetwork, type NoveltyCandidate } from '../sign-in-history.js'
import {
  anonymised,
  commonEscalations,
  gate,
  knownDevice,
  noveltyFinding,
  ownPhoneAtHome,
  oktaOpinion,
  uaFamily,
  viaKnownEgress,
} from '../new-device/novelty.js'

export const DETECTOR_ID = 'new-asn'
/** Base score: finer than a country, coarser than a device. */
export const BASE_SCORE = 50

export function score(
  candidates: readonly NoveltyCandidate[],
  ctx: DetectorContext,
): FindingDraft[] {
  const out: FindingDraft[] = []
  for (const c of candidates) {
    const s = c.signIn
    const g = gate(c, ctx)
    if (!g.learned || s.asNumber === null || c.history.asns.length === 0) {
      continue
    }
    if (c.history.asns.includes(s.asNumber) || anonymised(s) || viaKnownEgress(s, ctx.partners)) {
      continue
    }
    const sameDevice = knownDevice(c)
    const hosting = isHostingNetwork(s)
    if ((sameDevice || ownPhoneAtHome(c)) && !hosting) {
      continue
    }
    const escalatedBy = commonEscalations(s)
    const suppressedBy: string[] = []
    if (!sameDevice) {
      escalatedBy.push('newDevice')
      if (!c.history.uaFamilies.includes(uaFamily(s))) {
        escalatedBy.push('newBrowserFamily')
      }
    }
    const newCountry =
      s.country !== null &&
      c.history.countries.length > 0 &&
      !c.history.countries.includes(s.country)
    if (newCountry) {
      escalatedBy.push('newCountry')
    }
    const okta = oktaOpinion(s, 'New IP', escalatedBy, suppressedBy)
    const who = s.userLogin ?? s.userId
    out.push(
      noveltyFinding({
        detector: DETECTOR_ID,
        base: BASE_SCORE,
        candidate: c,
        escalatedBy,
        suppressedBy,
        summary: `${who} signed in from AS${s.asNumber} ${s.asOrg ?? ''}${hosting ? ' (hosting provider)' : ''}, a network none of their last ${c.history.signIns} sign-ins used${sameDevice ? '' : ', on a device never seen for them'}`,
        details: {
          asn: s.asNumber,
          asOrg: s.asOrg,
          hosting,
          priorAsns: c.history.asns,
          knownDevice: sameDevice,
          newCountry,
          okta: { newIp: okta },
          gate: { minSignIns: g.minSignIns, minDays: g.minDays },
        },
      }),
    )
  }
  return out
}
