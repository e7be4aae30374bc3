// Session hijack, the pure half: walking each session's events after its origin, the first one
// from a network the session has not used (another ASN, or with no ASN another /24) whose client is
// of another family (browser + OS) or a script. A VPN switched on mid-session keeps the browser and
// never fires; a cookie replayed from python-requests or an attacker's browser does. One finding per
// session, on that first event, and only when it is new in this run.
import { isHosting } from '../impossible-travel/network.js'
import { severityOf, type DetectorContext, type FindingDraft } from '../types.js'
import type { SessionCandidate, SessionEvent } from './queries.js'
import { isScripted, uaFamily } from './user-agent.js'

export const DETECTOR_ID = 'session-hijack'

export const SCORE_BASE = 70
export const ESCALATION_POINTS: Readonly<Record<string, number>> = {
  scriptedClient: 15,
  hostingAsn: 10,
  otherCountry: 5,
  otherDeviceToken: 5,
  threatSuspected: 10,
}
const net24 = (ip: string | null): string | null =>
  ip === null
    ? null
    : ip.includes(':')
      ? ip.split(':').slice(0, 3).join(':')
      : ip.split('.').slice(0, 3).join('.')

const family = (e: SessionEvent): string => uaFamily(e.browser, e.os, e.userAgent)

function asPoint(e: SessionEvent) {
  return {
    uuid: e.uuid,
    published: e.published,
    ip: e.ip,
    city: e.city,
    state: null,
    country: e.country,
    lat: e.lat ?? 0,
    lon: e.lon ?? 0,
    asNumber: e.asNumber,
    asOrg: e.asOrg,
    isp: e.isp,
    domain: e.domain,
    clientDevice: null,
    os: e.os,
    browser: e.browser,
    dtHash: e.dtHash,
    userAgent: e.userAgent,
    sessionId: null,
  }
}

function describe(e: SessionEvent): Record<string, unknown> {
  return {
    uuid: e.uuid,
    at: e.published.toISOString(),
    eventType: e.eventType,
    ip: e.ip,
    asn: e.asNumber,
    asOrg: e.asOrg,
    city: e.city,
    country: e.country,
    userAgent: e.userAgent,
    family: family(e),
    dtHash: e.dtHash,
  }
}

export function score(
  candidates: readonly SessionCandidate[],
  _ctx: DetectorContext,
): FindingDraft[] {
  const out: FindingDraft[] = []
  for (const c of candidates) {
    const asns = new Set<number>()
    const nets = new Set<string>()
    const families = new Set<string>()
    const dtHashes = new Set<string>()
    const seen = (e: SessionEvent): void => {
      if (e.asNumber !== null) {
        asns.add(e.asNumber)
      }
      const n = net24(e.ip)
      if (n !== null) {
        nets.add(n)
      }
      families.add(family(e))
      if (e.dtHash !== null) {
        dtHashes.add(e.dtHash)
      }
    }
    seen(c.origin)
    for (const e of c.later) {
      const n = net24(e.ip)
      const newNetwork =
        e.asNumber !== null && asns.size > 0 ? !asns.has(e.asNumber) : n !== null && !nets.has(n)
      const scripted = isScripted(e.userAgent)
      const newClient = scripted || !families.has(family(e))
      if (!(newNetwork && newClient)) {
        seen(e)
        continue
      }
      if (!e.isNew) {
        break
      }
      const escalatedBy: string[] = []
      if (scripted) {
        escalatedBy.push('scriptedClient')
      }
      if (isHosting(asPoint(e))) {
        escalatedBy.push('hostingAsn')
      }
      if (e.country !== null && c.origin.country !== null && e.country !== c.origin.country) {
        escalatedBy.push('otherCountry')
      }
      if (e.dtHash !== null && dtHashes.size > 0 && !dtHashes.has(e.dtHash)) {
        escalatedBy.push('otherDeviceToken')
      }
      if (e.threatSuspected) {
        escalatedBy.push('threatSuspected')
      }
      const total = Math.min(
        100,
        SCORE_BASE + escalatedBy.reduce((s, k) => s + (ESCALATION_POINTS[k] ?? 0), 0),
      )
      const severity = severityOf(total)
      const minutes = Math.round((e.published.getTime() - c.origin.published.getTime()) / 60_000)
      const who = c.userLogin ?? c.userId
      out.push({
        detector: DETECTOR_ID,
        severity,
        score: total,
        org: c.org,
        partnerId: c.partnerId,
        userId: c.userId,
        userLogin: c.userLogin,
        occurredAt: e.published,
        eventIds: [c.origin.uuid, e.uuid],
        summary: `${who}'s session used ${minutes} min after it began from ${e.city ?? e.country ?? e.ip ?? 'elsewhere'} (AS${e.asNumber ?? '?'}) with ${family(e)} instead of ${family(c.origin)} from ${c.origin.city ?? c.origin.country ?? c.origin.ip ?? 'unknown'} (AS${c.origin.asNumber ?? '?'})`,
        details: {
          sessionId: c.sessionId,
          origin: describe(c.origin),
          hijack: describe(e),
          minutesAfterOrigin: minutes,
          sessionNetworks: { asns: [...asns], networks: [...nets] },
          sessionClients: [...families],
          escalatedBy,
        },
      })
      break
    }
  }
  return out
}
