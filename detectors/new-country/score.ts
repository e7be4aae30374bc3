// New country, the pure half: a successful sign-in from a country none of the user's last sign-ins
// came from, on a device the user never used (a known device in a new country is a trip), not via
// an anonymiser or a partner's known egress, once the user is past the learning gate.
import type { DetectorContext, FindingDraft } from '../types.js'
import type { NoveltyCandidate } from '../sign-in-history.js'
import {
  PARTNER_COUNTRY_MIN_USERS,
  anonymised,
  commonEscalations,
  gate,
  knownDevice,
  noveltyFinding,
  oktaOpinion,
  uaFamily,
  viaKnownEgress,
} from '../new-device/novelty.js'

export const DETECTOR_ID = 'new-country'
/** Base score: a new country is the coarsest and strongest novelty (Panther: High). */
export const BASE_SCORE = 60

export function score(
  candidates: readonly NoveltyCandidate[],
  ctx: DetectorContext,
): FindingDraft[] {
  const reportTravel = ctx.config.reportKnownDevice === true
  const out: FindingDraft[] = []
  for (const c of candidates) {
    const s = c.signIn
    const g = gate(c, ctx)
    if (!g.learned || s.country === null || c.history.countries.length === 0) {
      continue
    }
    if (c.history.countries.includes(s.country) || anonymised(s)) {
      continue
    }
    if (viaKnownEgress(s, ctx.partners)) {
      continue
    }
    const sameDevice = knownDevice(c)
    if (sameDevice && !reportTravel) {
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
    if (s.asNumber !== null && !c.history.asns.includes(s.asNumber)) {
      escalatedBy.push('newAsn')
    }
    if (c.partnerUsersInCountry >= PARTNER_COUNTRY_MIN_USERS) {
      suppressedBy.push('partnerCountry')
    }
    const okta = oktaOpinion(s, 'New Country', escalatedBy, suppressedBy)
    const who = s.userLogin ?? s.userId
    out.push(
      noveltyFinding({
        detector: DETECTOR_ID,
        base: BASE_SCORE - (sameDevice ? 30 : 0),
        candidate: c,
        escalatedBy,
        suppressedBy,
        summary: `${who} signed in from ${s.country}${s.city ? ` (${s.city})` : ''}, a country none of their last ${c.history.signIns} sign-ins came from (${c.history.countries.join(', ')})${sameDevice ? ', on a known device' : ', on a device never seen for them'}`,
        details: {
          country: s.country,
          priorCountries: c.history.countries,
          knownDevice: sameDevice,
          partnerUsersInCountry: c.partnerUsersInCountry,
          partnerCountryMinUsers: PARTNER_COUNTRY_MIN_USERS,
          okta: { newCountry: okta },
          gate: { minSignIns: g.minSignIns, minDays: g.minDays },
        },
      }),
    )
  }
  return out
}
