// Partners (from the config, bound as one JSON parameter), their counts and their users. `$scope`
// confines every query to a partner-admin's own partner.
import type { SqlRunner } from '../sql-runner.js'

export interface PartnerRef {
  id: string
  name: string
}

export interface PartnerCounts {
  id: string
  name: string
  users: bigint
  active: bigint
  findings_low: bigint
  findings_medium: bigint
  findings_high: bigint
  findings_critical: bigint
  findings_open: bigint
}

export interface UserRow {
  id: string
  org: string
  login: string | null
  email: string | null
  first_name: string | null
  last_name: string | null
  status: string
  created: Date | null
  last_login: Date | null
  partner_id: string | null
  partner_rule: string | null
  jit: boolean
  idp_id: string | null
  contract_end: Date | null
}

const PARTNERS = `(SELECT unnest(from_json($partners, '[{"id":"VARCHAR","name":"VARCHAR"}]'), recursive := true))`

export function createPartnersQueries(db: SqlRunner, partners: readonly PartnerRef[]) {
  const bound = JSON.stringify(partners.map((p) => ({ id: p.id, name: p.name })))
  return {
    list(scope: string | null): Promise<PartnerRef[]> {
      return db.all<PartnerRef>(
        `SELECT id, name FROM ${PARTNERS} WHERE ($scope IS NULL OR id = $scope) ORDER BY id`,
        { partners: bound, scope },
      )
    },

    one(id: string, scope: string | null): Promise<PartnerCounts | undefined> {
      return db.one<PartnerCounts>(
        `WITH p AS (SELECT id, name FROM ${PARTNERS} WHERE id = $id AND ($scope IS NULL OR id = $scope)),
         u AS (SELECT count(*) AS users, count(*) FILTER (WHERE status = 'ACTIVE') AS active
               FROM dir_users WHERE partner_id = $id AND ($scope IS NULL OR partner_id = $scope)),
         f AS (SELECT count(*) FILTER (WHERE severity = 'low') AS findings_low,
                 count(*) FILTER (WHERE severity = 'medium') AS findings_medium,
                 count(*) FILTER (WHERE severity = 'high') AS findings_high,
                 count(*) FILTER (WHERE severity = 'critical') AS findings_critical,
                 count(*) FILTER (WHERE status = 'open') AS findings_open
               FROM findings WHERE partner_id = $id AND ($scope IS NULL OR partner_id = $scope))
         SELECT p.id, p.name, u.*, f.* FROM p, u, f`,
        { partners: bound, id, scope },
      )
    },

    /** The partner's users in (org, id) order, after the keyset position. */
    users(q: {
      partner: string
      scope: string | null
      status: string | null
      after: { org: string; id: string } | null
      limit: number
    }): Promise<UserRow[]> {
      return db.all<UserRow>(
        `SELECT id, org, login, email, first_name, last_name, status, created, last_login, partner_id,
           partner_rule, jit, idp_id, contract_end
         FROM dir_users
         WHERE partner_id = $partner AND ($scope IS NULL OR partner_id = $scope)
           AND ($status IS NULL OR status = $status)
           AND ($afterOrg IS NULL OR org > $afterOrg OR (org = $afterOrg AND id > $afterId))
         ORDER BY org, id
         LIMIT $limit`,
        {
          partner: q.partner,
          scope: q.scope,
          status: q.status,
          afterOrg: q.after?.org ?? null,
          afterId: q.after?.id ?? null,
          limit: q.limit,
        },
      )
    },
  }
}
