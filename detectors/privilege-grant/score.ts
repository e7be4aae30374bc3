// Privilege grant, the pure half. An admin role for a partner user (directly, or through a group
// holding partner users) is critical whatever the config says: partners never administer the hub.
// To an external-looking user: high. Granted minutes after a risky sign-in of the grantor (Okta's
// threat or HIGH risk verdict, an anonymiser, a new device from a new place): high, critical when
// the role is super/org admin. Super/org admin to an employee from a clean session: medium. Other
// roles to employees are routine admin work and give nothing.
import type { DetectorContext, FindingDraft, Severity } from '../types.js'
import { riskyMinutes, type GrantCandidate, type GrantorSignIn } from './queries.js'

export const DETECTOR_ID = 'privilege-grant'

/** `privilegeGranted` texts of the roles that own the org. */
export const TOP_ROLE = /super\s*admin|organi[sz]ation\s*admin|\b(SUPER_ADMIN|ORG_ADMIN)\b/i

const positive = (behaviors: string | null, name: string): boolean =>
  new RegExp(`\\b${name}=POSITIVE\\b`).test(behaviors ?? '')

/** Why a sign-in of the grantor makes the grant suspicious; empty when it does not. */
export function riskOf(s: GrantorSignIn): string[] {
  const why: string[] = []
  if (s.threatSuspected) {
    why.push('threatSuspected')
  }
  if ((s.riskLevel ?? '').toUpperCase() === 'HIGH') {
    why.push('riskHigh')
  }
  if (s.isProxy || !['', '[]', 'null'].includes(s.tunnels ?? '')) {
    why.push('anonymizer')
  }
  const newPlace =
    positive(s.behaviors, 'New Country') ||
    positive(s.behaviors, 'New Geo-Location') ||
    positive(s.behaviors, 'Velocity')
  if (positive(s.behaviors, 'New Device') && newPlace) {
    why.push('newDeviceNewPlace')
  }
  return why
}

const domainOf = (login: string | null): string | null => {
  const at = login?.lastIndexOf('@') ?? -1
  return login && at >= 0 ? login.slice(at + 1).toLowerCase() : null
}

export function score(candidates: readonly GrantCandidate[], ctx: DetectorContext): FindingDraft[] {
  const minutes = riskyMinutes(ctx.config)
  const partners = new Set(ctx.partners.map((p) => p.id))
  const out: FindingDraft[] = []
  for (const c of candidates) {
    const topRole = TOP_ROLE.test(c.privilege ?? '')
    const partnerTarget = c.target.partnerId !== null
    const groupPartner = c.group.partnerUsers > 0
    // Not in the directory (or no directory yet): judge by the login domain against the grantor's.
    const grantorDomain = domainOf(c.grantor.login)
    const targetDomain = domainOf(c.target.login)
    const external =
      c.target.looksExternal ||
      (!c.target.inDirectory &&
        grantorDomain !== null &&
        targetDomain !== null &&
        grantorDomain !== targetDomain)
    const risky = c.grantorSignIns
      .map((s) => ({ s, why: riskOf(s) }))
      .filter((r) => r.why.length > 0)
    if (c.grantor.isProxy && risky.length === 0) {
      risky.push({ s: grantSelf(c), why: ['anonymizer'] })
    }
    const levels: { reason: string; severity: Severity; score: number }[] = []
    if (partnerTarget) {
      levels.push({ reason: 'partnerUser', severity: 'critical', score: 95 })
    }
    if (groupPartner) {
      levels.push({ reason: 'groupWithPartnerUsers', severity: 'critical', score: 95 })
    }
    if (external && !partnerTarget) {
      levels.push({ reason: 'externalUser', severity: 'high', score: topRole ? 80 : 70 })
    }
    if (risky.length > 0) {
      levels.push({
        reason: 'riskyGrantorSignIn',
        severity: topRole ? 'critical' : 'high',
        score: topRole ? 90 : 75,
      })
    }
    if (topRole) {
      levels.push({ reason: 'topRole', severity: 'medium', score: 50 })
    }
    const chosen = levels.reduce<(typeof levels)[number] | null>(
      (best, l) => (best === null || l.score > best.score ? l : best),
      null,
    )
    if (chosen === null) {
      continue
    }
    const reasons = levels.map((l) => l.reason)
    const who = c.target.login ?? c.target.id ?? c.group.name ?? c.group.id ?? 'unknown'
    const role = c.privilege ?? 'an admin role'
    const by = c.grantor.login ?? c.grantor.id ?? 'unknown'
    const firstRisk = risky[0]
    const evidence =
      firstRisk && firstRisk.s.uuid !== c.uuid ? [firstRisk.s.uuid, c.uuid] : [c.uuid]
    out.push({
      detector: DETECTOR_ID,
      severity: chosen.severity,
      score: chosen.score,
      org: c.org,
      partnerId:
        c.target.partnerId ??
        c.group.partnerIds.find((p) => partners.has(p)) ??
        c.group.partnerIds[0] ??
        null,
      userId: c.target.id,
      userLogin: c.target.login,
      occurredAt: c.published,
      eventIds: evidence,
      summary: `${by} granted ${role} to ${c.eventType === 'group.privilege.grant' ? `group ${who}` : who}: ${reasons.join(', ')}`,
      details: {
        eventType: c.eventType,
        privilegeGranted: c.privilege,
        topRole,
        grantor: c.grantor,
        target: c.target,
        group: c.eventType === 'group.privilege.grant' ? c.group : null,
        reasons,
        riskySignInMinutes: minutes,
        riskySignIns: risky.map((r) => ({
          uuid: r.s.uuid,
          at: r.s.published.toISOString(),
          ip: r.s.ip,
          country: r.s.country,
          asn: r.s.asNumber,
          why: r.why,
        })),
      },
    })
  }
  return out
}

/** The grant itself as the risky "sign-in" when it came through an anonymiser. */
function grantSelf(c: GrantCandidate): GrantorSignIn {
  return {
    uuid: c.uuid,
    published: c.published,
    ip: c.grantor.ip,
    country: null,
    asNumber: null,
    asOrg: null,
    isProxy: true,
    tunnels: null,
    threatSuspected: false,
    riskLevel: null,
    behaviors: null,
  }
}
