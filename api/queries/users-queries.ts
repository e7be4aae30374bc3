// One user's timeline: their directory record, sign-ins (place, device, outcome) and findings. The
// user must be in the caller's partner scope (`$scope`), checked in each query.
import type { SqlRunner } from '../sql-runner.js'
import type { AnomalyRow } from './anomalies-queries.js'
import type { UserRow } from './partners-queries.js'

export interface SignInRow {
  uuid: string
  published: Date
  published_us: bigint
  event_type: string | null
  outcome_result: string | null
  outcome_reason: string | null
  client_ip: string | null
  city: string | null
  state: string | null
  country: string | null
  lat: number | null
  lon: number | null
  as_org: string | null
  client_device: string | null
  os: string | null
  browser: string | null
  user_agent: string | null
  session_id: string | null
}

/** What counts as a sign-in on the timeline. */
export const SIGN_IN_TYPES = [
  'user.session.start',
  'user.authentication.sso',
  'user.authentication.auth_via_IDP',
  'user.authentication.auth_via_mfa',
  'user.authentication.verify',
] as const

const IN_SCOPE = `($scope IS NULL OR EXISTS (
  SELECT 1 FROM dir_users s WHERE s.id = $user AND s.partner_id = $scope))`

export function createUsersQueries(db: SqlRunner) {
  return {
    user(user: string, scope: string | null): Promise<UserRow | undefined> {
      return db.one<UserRow>(
        `SELECT id, org, login, email, first_name, last_name, status, created, last_login, partner_id,
           partner_rule, jit, idp_id, contract_end
         FROM dir_users
         WHERE id = $user AND ($scope IS NULL OR partner_id = $scope)
         ORDER BY org
         LIMIT 1`,
        { user, scope },
      )
    },

    signIns(q: {
      user: string
      scope: string | null
      since: Date | null
      until: Date | null
      beforeUs: bigint | null
      beforeUuid: string | null
      limit: number
    }): Promise<SignInRow[]> {
      return db.all<SignInRow>(
        `SELECT uuid, published, epoch_us(published) AS published_us, event_type, outcome_result,
           outcome_reason, client_ip, city, state, country, lat, lon, as_org, client_device, os, browser,
           user_agent, session_id
         FROM events
         WHERE actor_id = $user AND ${IN_SCOPE}
           AND list_contains(from_json($types, '["VARCHAR"]'), event_type)
           AND ($since IS NULL OR published >= $since::TIMESTAMPTZ)
           AND ($until IS NULL OR published < $until::TIMESTAMPTZ)
           AND ($beforeUs IS NULL OR epoch_us(published) < $beforeUs
                OR (epoch_us(published) = $beforeUs AND uuid < $beforeUuid))
         ORDER BY published DESC, uuid DESC
         LIMIT $limit`,
        {
          user: q.user,
          scope: q.scope,
          types: JSON.stringify(SIGN_IN_TYPES),
          since: q.since?.toISOString() ?? null,
          until: q.until?.toISOString() ?? null,
          beforeUs: q.beforeUs,
          beforeUuid: q.beforeUuid,
          limit: q.limit,
        },
      )
    },

    findings(q: {
      user: string
      scope: string | null
      since: Date | null
      until: Date | null
      limit: number
    }): Promise<AnomalyRow[]> {
      return db.all<AnomalyRow>(
        `SELECT id, finding_seq, detector, severity, score, org, partner_id, user_id, user_login, occurred_at,
           epoch_us(occurred_at) AS occurred_us, event_ids, summary, details::VARCHAR AS details, status,
           status_by, status_at, status_comment, created_at
         FROM findings
         WHERE user_id = $user AND ($scope IS NULL OR partner_id = $scope)
           AND ($since IS NULL OR occurred_at >= $since::TIMESTAMPTZ)
           AND ($until IS NULL OR occurred_at < $until::TIMESTAMPTZ)
         ORDER BY occurred_at DESC, id DESC
         LIMIT $limit`,
        {
          user: q.user,
          scope: q.scope,
          since: q.since?.toISOString() ?? null,
          until: q.until?.toISOString() ?? null,
          limit: q.limit,
        },
      )
    },
  }
}
