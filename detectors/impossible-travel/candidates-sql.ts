// Impossible travel's SQL (queries.ts explains the approach and runs it): the sign-ins with the
// user's previous usable one, the pairs that could be impossible, and their baseline.

const IPV4_NUM = `CASE WHEN regexp_matches(client_ip, '^\\d+\\.\\d+\\.\\d+\\.\\d+$') THEN
  ((split_part(client_ip, '.', 1)::BIGINT * 256 + split_part(client_ip, '.', 2)::BIGINT) * 256
    + split_part(client_ip, '.', 3)::BIGINT) * 256 + split_part(client_ip, '.', 4)::BIGINT END`

const POINT = (alias: string): string => `{
  uuid: ${alias}uuid, published: ${alias}published, ip: ${alias}client_ip, city: ${alias}city,
  state: ${alias}state, country: ${alias}country, lat: ${alias}lat, lon: ${alias}lon,
  as_number: ${alias}as_number, as_org: ${alias}as_org, isp: ${alias}isp, domain: ${alias}domain,
  client_device: ${alias}client_device, os: ${alias}os, browser: ${alias}browser,
  dt_hash: ${alias}dt_hash, user_agent: ${alias}user_agent, session_id: ${alias}session_id, is_proxy: ${alias}is_proxy,
  tunnels: ${alias}tunnels}`

const HAVERSINE_KM = (a: string, b: string): string => `2 * 6371 * asin(least(1, sqrt(
  pow(sin(radians(${b}.lat - ${a}.lat) / 2), 2)
  + cos(radians(${a}.lat)) * cos(radians(${b}.lat)) * pow(sin(radians(${b}.lon - ${a}.lon) / 2), 2))))`

/** A sign-in usable as a reference point: no anonymiser, relay or known partner egress. */
const USABLE = (a: string): string => `(NOT coalesce(${a}is_proxy, false)
      AND coalesce(${a}tunnels, '') IN ('', '[]')
      AND coalesce(${a}as_number NOT IN (SELECT asn FROM egress_asns), true)
      AND NOT EXISTS (
        SELECT 1 FROM egress_ranges r
        WHERE ${IPV4_NUM.replaceAll('client_ip', `${a}client_ip`)} BETWEEN r.lo AND r.hi
      ))`

// The history carries only the narrow columns the pairing and the baseline read; the full points
// (twenty columns) are fetched by ingest_seq for the few candidate pairs at the end.
export const CANDIDATES_SQL = `
WITH egress_ranges AS (
  SELECT unnest(from_json($egressRanges, '[{"lo":"BIGINT","hi":"BIGINT"}]'), recursive := true)
),
egress_asns AS (SELECT unnest(from_json($egressAsns, '["BIGINT"]')) AS asn),
sign_ins AS NOT MATERIALIZED (
  SELECT org, actor_id, ingest_seq, published, lat, lon, country, city, as_number, client_ip,
    is_proxy, tunnels, dt_hash, user_agent
  FROM events
  WHERE event_type = 'user.session.start' AND outcome_result = 'SUCCESS'
    AND actor_type = 'User' AND actor_id IS NOT NULL
    AND actor_id NOT IN ('unknown') AND coalesce(actor_login, '') NOT IN ('system@okta.com', 'unknown')
    AND coalesce(client_app_id, '') NOT LIKE 'okta.%'
    AND lat IS NOT NULL AND lon IS NOT NULL
    AND ingest_seq <= $until AND published >= $historySince::TIMESTAMPTZ
),
scope AS MATERIALIZED (
  SELECT org, actor_id, min(published) - to_days($learningDays::INTEGER) AS since
  FROM sign_ins
  WHERE ingest_seq > $after AND ($since IS NULL OR published >= $since::TIMESTAMPTZ)
  GROUP BY org, actor_id
),
history AS (
  SELECT s.org, s.actor_id, s.ingest_seq, s.published, s.lat, s.lon, s.country, s.city,
    ${USABLE('s.')} AS usable,
    s.ingest_seq > $after AND ($since IS NULL OR s.published >= $since::TIMESTAMPTZ) AS is_new
  FROM sign_ins s JOIN scope USING (org, actor_id)
  WHERE s.published >= scope.since
),
paired AS (
  SELECT h.org, h.actor_id, h.ingest_seq, h.published, h.lat, h.lon, h.country, h.city, h.usable,
    h.is_new,
    last_value(CASE WHEN usable THEN {seq: ingest_seq, published: published, lat: lat, lon: lon} END
      IGNORE NULLS) OVER (
      PARTITION BY org, actor_id ORDER BY published, ingest_seq
      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev
  FROM history h
),
-- Only pairs the score could call impossible: the raw distance is an upper bound of the
-- accuracy-adjusted one, so this drops nothing the score would keep, and the baseline below is
-- built for these few rather than for every sign-in.
candidates AS MATERIALIZED (
  SELECT * FROM paired
  WHERE is_new AND usable AND prev IS NOT NULL
    AND prev.published >= published - to_days($learningDays::INTEGER)
    AND ${HAVERSINE_KM('prev', 'paired')} >= $minKm
    AND ${HAVERSINE_KM('prev', 'paired')}
      / greatest(epoch(published - prev.published) / 3600, $minHours) > $speedKmh
),
-- The baseline, for the candidates' users only: a second read of the sign-ins, so the wide columns
-- (device hashes, user agents) never travel through the window function above.
candidate_users AS MATERIALIZED (SELECT DISTINCT org, actor_id FROM candidates),
baseline AS (
  SELECT s.org, s.actor_id, s.ingest_seq, s.published, s.lat, s.lon, s.country, s.as_number,
    s.dt_hash, s.user_agent, s.is_proxy, s.tunnels, s.client_ip
  FROM sign_ins s JOIN candidate_users cu ON cu.org = s.org AND cu.actor_id = s.actor_id
),
priors AS (
  SELECT c.ingest_seq,
    count(*) AS prior_sign_ins,
    list(DISTINCT h.as_number) AS prior_asns,
    list(DISTINCT {lat: round(h.lat, 1), lon: round(h.lon, 1), country: h.country}) AS prior_places,
    list(DISTINCT h.dt_hash) FILTER (WHERE h.dt_hash IS NOT NULL) AS prior_dt,
    list(DISTINCT h.user_agent) FILTER (WHERE h.user_agent IS NOT NULL) AS prior_ua
  FROM candidates c JOIN baseline h
    ON h.org = c.org AND h.actor_id = c.actor_id AND ${USABLE('h.')}
   AND h.published >= c.published - to_days($learningDays::INTEGER)
   AND (h.published < c.published OR (h.published = c.published AND h.ingest_seq < c.ingest_seq))
  GROUP BY c.ingest_seq
),
-- Partner places: users per (country, city) of the candidates' destinations, counted per user first
-- and only then joined to the directory.
destinations AS (SELECT DISTINCT country, city FROM candidates),
place_users AS (
  SELECT s.org, s.actor_id, s.country, s.city
  FROM sign_ins s JOIN destinations d ON d.country = s.country AND d.city = s.city
  GROUP BY ALL
),
partner_places AS (
  SELECT u.org, u.partner_id, pu.country, pu.city, list(DISTINCT pu.actor_id) AS users
  FROM place_users pu JOIN dir_users u ON u.org = pu.org AND u.id = pu.actor_id
  WHERE u.partner_id IS NOT NULL
  GROUP BY ALL
),
failed_mfa AS (
  SELECT c.ingest_seq, count(*) AS n
  FROM candidates c JOIN events e
    ON e.org = c.org AND e.actor_id = c.actor_id
   AND e.published BETWEEN c.published - to_minutes($failedMfaMinutes::INTEGER) AND c.published
  WHERE e.ingest_seq <= $until
    AND e.published >= $sliceStart::TIMESTAMPTZ - to_minutes($failedMfaMinutes::INTEGER)
    AND ((e.event_type IN ('user.authentication.auth_via_mfa', 'user.authentication.verify')
          AND e.outcome_result = 'FAILURE')
      OR e.event_type = 'user.mfa.okta_verify.deny_push')
  GROUP BY c.ingest_seq
),
points AS (
  SELECT ingest_seq, uuid, published, client_ip, city, state, country, lat, lon, as_number, as_org,
    isp, domain, client_device, os, browser, dt_hash, user_agent, session_id, is_proxy, tunnels,
    actor_login, threat_suspected, risk_level, behaviors
  FROM events e
  WHERE e.ingest_seq IN (SELECT unnest(list(s)) FROM (
    SELECT ingest_seq AS s FROM candidates UNION ALL SELECT prev.seq FROM candidates))
    -- Both points are sign-ins (sign_ins above): the filters DuckDB pushes into the scan keep it
    -- from reading the wide columns of every other event.
    AND e.event_type = 'user.session.start' AND e.outcome_result = 'SUCCESS'
    AND e.ingest_seq <= $until AND e.published >= $historySince::TIMESTAMPTZ
)
SELECT c.org, c.actor_id AS user_id, e.actor_login AS user_login, u.partner_id,
  ${POINT('e.')} AS cur,
  e.threat_suspected, e.risk_level, e.behaviors, ${POINT('pe.')} AS prev,
  coalesce(p.prior_sign_ins, 0) AS prior_sign_ins, p.prior_asns, p.prior_places, p.prior_dt,
  p.prior_ua,
  coalesce(len(list_filter(pp.users, x -> x <> c.actor_id)), 0) AS partner_users_at_destination,
  coalesce(f.n, 0) AS failed_mfa_before
FROM candidates c
JOIN points e ON e.ingest_seq = c.ingest_seq
JOIN points pe ON pe.ingest_seq = c.prev.seq
LEFT JOIN priors p ON p.ingest_seq = c.ingest_seq
LEFT JOIN dir_users u ON u.org = c.org AND u.id = c.actor_id
LEFT JOIN partner_places pp
  ON pp.org = c.org AND pp.partner_id = u.partner_id AND pp.country = c.country AND pp.city = c.city
LEFT JOIN failed_mfa f ON f.ingest_seq = c.ingest_seq
WHERE ($partnersOnly = false OR u.partner_id IS NOT NULL)
ORDER BY c.published, c.ingest_seq
`

export const SLICE_START_SQL = `
SELECT min(published) AS at FROM events
WHERE ingest_seq > $after AND ingest_seq <= $until
  AND ($since IS NULL OR published >= $since::TIMESTAMPTZ)
  AND event_type = 'user.session.start' AND outcome_result = 'SUCCESS'`
