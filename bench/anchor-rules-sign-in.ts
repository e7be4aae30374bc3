// The anchors' rules for the sign-in pack, run on the same data for comparison (reference
// detections.md §1, §4): each returns evidence uuid lists, one per alert, as the eval scores them.
import type { Database } from '../lib/db.js'

const FAILED = `event_type = 'user.session.start' AND outcome_result = 'FAILURE'
  AND outcome_reason IN ('INVALID_CREDENTIALS', 'LOCKED_OUT')`
const SIGN_IN = `event_type = 'user.session.start' AND outcome_result = 'SUCCESS'`

async function lists(db: Database, sql: string): Promise<string[][]> {
  const rows = await db.all<{ ids: string[] }>(sql)
  return rows.map((r) => [...r.ids])
}

/** Panther Okta.BruteForceLogins (deleted 2024-10): ≥ 5 failed sign-ins per user in 15 min. */
export function anchorBruteForce(db: Database): Promise<string[][]> {
  return lists(
    db,
    `SELECT list(uuid ORDER BY published) AS ids FROM events WHERE ${FAILED}
     GROUP BY actor_id, time_bucket(INTERVAL 15 MINUTES, published) HAVING count(*) >= 5`,
  )
}

/** Elastic's three spray rules: single-source spray (1 h per IP), credential stuffing (15 min per
 * IP) and multi-source spray (15 min, tenant-wide), with their published thresholds. */
export async function anchorPasswordSpray(db: Database): Promise<string[][]> {
  const perUser = (bucket: string, by: string) => `
    SELECT ${by} AS k, time_bucket(INTERVAL ${bucket}, published) AS b, actor_id,
      count(*) AS n, list(uuid) AS ids, min(published) AS lo, max(published) AS hi,
      count(DISTINCT client_ip) AS ips
    FROM events WHERE ${FAILED} GROUP BY ALL`
  const single = await lists(
    db,
    `WITH u AS (${perUser('1 HOUR', 'client_ip')})
     SELECT flatten(list(ids)) AS ids FROM u GROUP BY k, b
     HAVING count(*) >= 5 AND sum(n) >= 15 AND max(n) BETWEEN 2 AND 8
       AND avg(CASE WHEN n BETWEEN 2 AND 6 THEN 1 ELSE 0 END) >= 0.6
       AND max(hi) - min(lo) >= INTERVAL 5 MINUTES`,
  )
  const stuffing = await lists(
    db,
    `WITH u AS (${perUser('15 MINUTES', 'client_ip')})
     SELECT flatten(list(ids)) AS ids FROM u GROUP BY k, b
     HAVING count(*) >= 15 AND sum(n) >= 25 AND max(n) <= 2
       AND avg(CASE WHEN n <= 2 THEN 1 ELSE 0 END) >= 0.8`,
  )
  const multi = await lists(
    db,
    `SELECT list(uuid) AS ids FROM events WHERE ${FAILED}
     GROUP BY time_bucket(INTERVAL 15 MINUTES, published)
     HAVING count(DISTINCT client_ip) >= 5 AND count(DISTINCT actor_id) >= 8 AND count(*) >= 25`,
  )
  return [...single, ...stuffing, ...multi]
}

/** Elastic "Potential Okta MFA Bombing via Push Notifications": 5 rejected pushes (Classic
 * deny_push, or OIE auth_via_mfa OKTA_VERIFY_PUSH INVALID_CREDENTIALS) per user in 10 minutes. */
export function anchorMfaFatigue(db: Database): Promise<string[][]> {
  return lists(
    db,
    `WITH d AS (
       SELECT uuid, actor_id, published,
         count(*) OVER w AS n, list(uuid) OVER w AS ids
       FROM events
       WHERE event_type = 'user.mfa.okta_verify.deny_push'
         OR (event_type = 'user.authentication.auth_via_mfa' AND outcome_result = 'FAILURE'
             AND outcome_reason = 'INVALID_CREDENTIALS'
             AND json_extract_string(raw, '$.debugContext.debugData.factor') = 'OKTA_VERIFY_PUSH')
       WINDOW w AS (PARTITION BY actor_id ORDER BY published
                    RANGE BETWEEN INTERVAL 10 MINUTES PRECEDING AND CURRENT ROW)
     )
     SELECT ids FROM d WHERE n = 5`,
  )
}

// Okta Behavior Detection, as Okta evaluates it: against the user's last N successful sign-ins.
function novelty(column: string, lastN: number): string {
  return `WITH s AS (
      SELECT uuid, ${column} AS v,
        list(${column}) OVER (PARTITION BY actor_id ORDER BY published
          ROWS BETWEEN ${lastN} PRECEDING AND 1 PRECEDING) AS prior
      FROM events WHERE ${SIGN_IN} AND actor_type = 'User'
    )
    SELECT [uuid] AS ids FROM s
    WHERE v IS NOT NULL AND len(coalesce(prior, [])) > 0 AND NOT list_contains(prior, v)`
}

/** Okta "New Country": a country not among the last 10 successful sign-ins. */
export function anchorNewCountry(db: Database): Promise<string[][]> {
  return lists(db, novelty('country', 10))
}

/** Okta "New Device": a device token not among the last 20 successful sign-ins. */
export function anchorNewDevice(db: Database): Promise<string[][]> {
  return lists(db, novelty('dt_hash', 20))
}

/** Sumo Logic first-seen ASN per user over a 15-day baseline. */
export function anchorNewAsn(db: Database): Promise<string[][]> {
  return lists(
    db,
    `WITH s AS (
       SELECT uuid, as_number AS v,
         list(as_number) OVER (PARTITION BY actor_id ORDER BY published
           RANGE BETWEEN INTERVAL 15 DAYS PRECEDING AND INTERVAL 1 MICROSECOND PRECEDING) AS prior
       FROM events WHERE ${SIGN_IN} AND actor_type = 'User'
     )
     SELECT [uuid] AS ids FROM s
     WHERE v IS NOT NULL AND len(coalesce(prior, [])) > 0 AND NOT list_contains(prior, v)`,
  )
}

/** Panther Okta.Legacy.API.Auth.No.MFA (reverted 2026-06): a legacy /api/v1/authn session (id
 * `102…`) with no auth_via_mfa success in the same session within 60 minutes. */
export function anchorNoMfa(db: Database): Promise<string[][]> {
  return lists(
    db,
    `SELECT [s.uuid] AS ids FROM events s
     WHERE s.event_type = 'user.session.start' AND s.outcome_result = 'SUCCESS'
       AND s.session_id LIKE '102%'
       AND NOT EXISTS (
         SELECT 1 FROM events m
         WHERE m.event_type = 'user.authentication.auth_via_mfa' AND m.outcome_result = 'SUCCESS'
           AND m.session_id = s.session_id
           AND m.published BETWEEN s.published - INTERVAL 60 MINUTES AND s.published + INTERVAL 60 MINUTES)`,
  )
}

/** Every anchor beside the detector id it stands for, with the rule's name. */
export const SIGN_IN_ANCHORS: readonly {
  detector: string
  name: string
  run: (db: Database) => Promise<string[][]>
}[] = [
  { detector: 'new-country', name: 'Okta New Country (last 10 sign-ins)', run: anchorNewCountry },
  { detector: 'new-asn', name: 'Sumo first-seen ASN (15 days)', run: anchorNewAsn },
  { detector: 'new-device', name: 'Okta New Device (last 20 sign-ins)', run: anchorNewDevice },
  {
    detector: 'password-spray',
    name: 'Elastic single-source spray + stuffing + multi-source spray',
    run: anchorPasswordSpray,
  },
  { detector: 'brute-force', name: 'Panther 5 failures / 15 min', run: anchorBruteForce },
  { detector: 'mfa-fatigue', name: 'Elastic 5 rejected pushes / 10 min', run: anchorMfaFatigue },
  { detector: 'no-mfa', name: 'Panther legacy authn without auth_via_mfa', run: anchorNoMfa },
]
