// Rows as the API shows them: camelCase, ISO times, numbers for counts. Each view names its fields, so
// a column added to a table does not leave through the API unless a view and a schema say so.
import type { AnomalyBody } from './schemas/anomalies.js'
import type { UserBody } from './schemas/partners.js'
import type { AnomalyRow } from './queries/anomalies-queries.js'
import type { UserRow } from './queries/partners-queries.js'

export function iso(d: Date | null): string | null {
  return d ? d.toISOString() : null
}

/** A stored finding as the API shows it; a partner-admin does not see internal triage notes. */
export function toAnomaly(r: AnomalyRow, scope: string | null): AnomalyBody {
  const internal = scope === null
  return {
    id: r.id,
    seq: Number(r.finding_seq),
    detector: r.detector,
    severity: r.severity,
    score: r.score,
    org: r.org,
    partnerId: r.partner_id,
    userId: r.user_id,
    userLogin: r.user_login,
    occurredAt: r.occurred_at.toISOString(),
    eventIds: [...r.event_ids],
    summary: r.summary,
    details: JSON.parse(r.details) as Record<string, unknown>,
    status: r.status,
    statusBy: internal ? r.status_by : null,
    statusAt: r.status_at ? r.status_at.toISOString() : null,
    statusComment: internal ? r.status_comment : null,
    createdAt: r.created_at.toISOString(),
  }
}

export function toUser(r: UserRow): UserBody {
  return {
    id: r.id,
    org: r.org,
    login: r.login,
    email: r.email,
    firstName: r.first_name,
    lastName: r.last_name,
    status: r.status,
    created: iso(r.created),
    lastLogin: iso(r.last_login),
    partnerId: r.partner_id,
    partnerRule: r.partner_rule,
    jit: r.jit,
    idpId: r.idp_id,
    contractEnd: r.contract_end ? r.contract_end.toISOString().slice(0, 10) : null,
  }
}
