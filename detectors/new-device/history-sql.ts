// The SQL of the sign-in history that new-country, new-asn and new-device share
// (`readNoveltyCandidates` in ../sign-in-history.ts binds it).
//
// One pass, linear in the sign-ins read: the judged users' sign-ins from `historyDays` before the
// slice's first one are numbered per user (`row_number`), and for each dimension (located country,
// ASN, device token, fingerprint, browser family) `lag` over the user's sign-ins with the same value
// gives the last time it was seen; a value is new when it was never seen, or more than
// `historySignIns` sign-ins or `historyDays` days before. Only the slice's sign-ins past the
// learning gate's count that are new on some dimension become candidates; only they get their
// previous sign-ins listed (a bounded range join on the number) and their wide columns read. The
// per-row values are hashed so the numbered history is narrow (about 80 bytes a sign-in).
// Every bound is per sign-in, so a sign-in's candidates do not depend on where a run's slice starts.
const signInRow = (e: string): string => `${e}.event_type = 'user.session.start'
  AND ${e}.outcome_result = 'SUCCESS' AND ${e}.actor_type = 'User' AND ${e}.actor_id IS NOT NULL
  AND ${e}.actor_id <> 'unknown' AND coalesce(${e}.actor_login, '') NOT IN ('system@okta.com', 'unknown')`
const LOCATED = `NOT coalesce(e.is_proxy, false) AND coalesce(e.tunnels, '') IN ('', '[]')`
const UA = `coalesce(e.browser, '?') || '|' || coalesce(e.os, '?')`
const NET = `CASE WHEN regexp_matches(e.client_ip, '^\\d+\\.\\d+\\.\\d+\\.\\d+$')
      THEN regexp_replace(e.client_ip, '\\.\\d+$', '')
      ELSE array_to_string(string_split(lower(e.client_ip), ':')[1:3], ':') END`
const hashed = (v: string): string => `CASE WHEN ${v} IS NOT NULL THEN hash(${v}) END`
const DIMENSIONS = ['c', 'asn', 'dt', 'fp', 'ua'] as const
const lastSeen = DIMENSIONS.map(
  (d) => `lag(rn) OVER (PARTITION BY uid, ${d} ORDER BY rn) AS ${d}_rn,
    lag(published) OVER (PARTITION BY uid, ${d} ORDER BY rn) AS ${d}_at`,
).join(',\n    ')
const isNew = (d: string): string => `(${d} IS NOT NULL AND (${d}_rn IS NULL
    OR rn - ${d}_rn > $historySignIns OR ${d}_at < published - to_days($historyDays::INTEGER)))`

/**
 * The query; `wholeStore` when the slice starts at the store's first event (a first run): then every
 * user with a sign-in is in scope, and the partner filter is a join, not a list of the slice's users.
 */
export const noveltySql = (wholeStore: boolean): string => `
WITH ${
  wholeStore
    ? ''
    : `scope AS (
  SELECT DISTINCT f.org, f.actor_id
  FROM events f
  LEFT JOIN dir_users u ON u.org = f.org AND u.id = f.actor_id
  WHERE f.ingest_seq > $after AND f.ingest_seq <= $until
    AND ($since IS NULL OR f.published >= $since::TIMESTAMPTZ) AND ${signInRow('f')}
    AND ($anyUser OR u.partner_id IS NOT NULL)
),`
}
keyed AS (
  SELECT e.ingest_seq AS seq, hash(e.org, e.actor_id) AS uid, e.published,
    e.ingest_seq > $after AND ($since IS NULL OR e.published >= $since::TIMESTAMPTZ) AS fresh,
    ${hashed(`CASE WHEN ${LOCATED} THEN e.country END`)} AS c,
    e.as_number AS asn, ${hashed('e.dt_hash')} AS dt, ${hashed('e.device_fingerprint')} AS fp,
    hash(${UA}) AS ua
  FROM events e
  ${
    wholeStore
      ? `LEFT JOIN dir_users u ON u.org = e.org AND u.id = e.actor_id`
      : `SEMI JOIN scope s ON s.org = e.org AND s.actor_id = e.actor_id`
  }
  WHERE e.ingest_seq <= $until AND e.published BETWEEN $from::TIMESTAMPTZ AND $hi::TIMESTAMPTZ
    AND ${signInRow('e')}${wholeStore ? ' AND ($anyUser OR u.partner_id IS NOT NULL)' : ''}
),
history AS MATERIALIZED (
  SELECT *, row_number() OVER (PARTITION BY uid ORDER BY published, seq) AS rn FROM keyed
),
seen AS (
  SELECT seq, uid, published, fresh, rn, ${DIMENSIONS.join(', ')},
    ${lastSeen}
  FROM history
),
candidates AS (
  SELECT seq, uid, published, rn, ${isNew('c')} AS new_country
  FROM seen
  WHERE fresh AND rn > $minPrior AND (${isNew('c')} OR ${isNew('asn')} OR ${isNew('dt')}
    OR ${isNew('fp')} OR (dt IS NULL AND fp IS NULL AND ${isNew('ua')}))
),
prior AS (
  SELECT c.seq AS cseq, h.seq AS hseq, h.published
  FROM candidates c
  JOIN history h ON h.uid = c.uid AND h.rn BETWEEN c.rn - $historySignIns AND c.rn - 1
    AND h.published >= c.published - to_days($historyDays::INTEGER)
),
prior_values AS (
  SELECT e.ingest_seq AS hseq, CASE WHEN ${LOCATED} THEN e.country END AS located_country,
    e.as_number, e.dt_hash, e.device_fingerprint, ${UA} AS ua, ${NET} AS net
  FROM events e
  WHERE e.ingest_seq IN (SELECT unnest(list(hseq)) FROM prior)
    AND e.published BETWEEN $from::TIMESTAMPTZ AND $hi::TIMESTAMPTZ
    AND e.event_type = 'user.session.start' AND e.outcome_result = 'SUCCESS'
),
framed AS (
  SELECT p.cseq, count(*) AS prior_n, count(DISTINCT p.published::DATE) AS prior_days,
    list(DISTINCT v.located_country) FILTER (WHERE v.located_country IS NOT NULL) AS prior_countries,
    list(DISTINCT v.as_number) FILTER (WHERE v.as_number IS NOT NULL) AS prior_asns,
    list(DISTINCT v.dt_hash) FILTER (WHERE v.dt_hash IS NOT NULL) AS prior_dt,
    list(DISTINCT v.device_fingerprint) FILTER (WHERE v.device_fingerprint IS NOT NULL) AS prior_fp,
    list(DISTINCT v.ua) AS prior_ua,
    list(DISTINCT v.net) FILTER (WHERE v.net IS NOT NULL) AS prior_nets
  FROM prior p JOIN prior_values v USING (hseq)
  GROUP BY p.cseq
),
wide AS (
  SELECT e.ingest_seq AS seq, e.uuid, e.org, e.published, e.actor_id, e.actor_login, u.partner_id,
    e.client_ip, e.city, e.country, e.as_number, e.as_org, e.isp, e.domain, e.is_proxy, e.tunnels,
    e.dt_hash, e.device_fingerprint, e.browser, e.os, e.user_agent, e.client_device, e.behaviors,
    e.risk_level, e.threat_suspected, c.new_country
  FROM events e
  JOIN candidates c ON c.seq = e.ingest_seq
  LEFT JOIN dir_users u ON u.org = e.org AND u.id = e.actor_id
  WHERE e.ingest_seq IN (SELECT unnest(list(seq)) FROM candidates)
    AND e.ingest_seq > $after AND e.ingest_seq <= $until
    AND e.event_type = 'user.session.start' AND e.outcome_result = 'SUCCESS'
),
-- Other users of the same partner who signed in (not through a proxy) from a new-country
-- candidate's country in the historyDays up to it. Distinct users in a sliding range, counted
-- without a DISTINCT window: each user's sign-ins there merge into presence intervals (a gap
-- longer than historyDays splits them) from the first sign-in to historyDays after the last; the
-- users present at an instant = intervals started by then − intervals ended before it; less one
-- for the candidate's own user (its sign-in is one of them).
peer_keys AS (
  SELECT DISTINCT org, partner_id, country FROM wide WHERE new_country AND partner_id IS NOT NULL
),
peer_rows AS (
  SELECT e.org, u.partner_id, e.country, e.published,
    lag(e.published) OVER w AS prev_at, lead(e.published) OVER w AS next_at
  FROM events e
  JOIN dir_users u ON u.org = e.org AND u.id = e.actor_id
  SEMI JOIN peer_keys k ON k.org = e.org AND k.partner_id = u.partner_id AND k.country = e.country
  WHERE e.ingest_seq <= $until AND e.published BETWEEN $from::TIMESTAMPTZ AND $hi::TIMESTAMPTZ
    AND e.event_type = 'user.session.start' AND e.outcome_result = 'SUCCESS'
    AND coalesce(e.is_proxy, false) = false
  WINDOW w AS (PARTITION BY e.org, u.partner_id, e.country, e.actor_id
    ORDER BY e.published, e.ingest_seq)
),
presence AS (
  SELECT org, partner_id, country, published AS moment, 0 AS kind, 1 AS delta, NULL::BIGINT AS seq
  FROM peer_rows WHERE prev_at IS NULL OR prev_at < published - to_days($historyDays::INTEGER)
  UNION ALL
  SELECT org, partner_id, country, published + to_days($historyDays::INTEGER), 2, -1, NULL
  FROM peer_rows WHERE next_at IS NULL OR next_at > published + to_days($historyDays::INTEGER)
  UNION ALL
  SELECT org, partner_id, country, published, 1, 0, seq
  FROM wide WHERE new_country AND partner_id IS NOT NULL
),
peers AS (
  SELECT seq, sum(delta) OVER (PARTITION BY org, partner_id, country ORDER BY moment, kind
    ROWS UNBOUNDED PRECEDING) - 1 AS others
  FROM presence
  QUALIFY kind = 1
)
SELECT w.* EXCLUDE (seq, new_country),
  f.prior_n, f.prior_days, f.prior_countries, f.prior_asns,
  f.prior_dt, f.prior_fp, f.prior_ua, f.prior_nets,
  coalesce(p.others, 0) AS partner_users_in_country
FROM wide w
JOIN framed f ON f.cseq = w.seq
LEFT JOIN peers p ON p.seq = w.seq
ORDER BY w.published, w.uuid
`
