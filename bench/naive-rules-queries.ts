// The anchors' naive rules, run on the same data for comparison: a plain 900 km/h speed rule between
// consecutive successful sign-ins, and a fixed 08:00–18:00 UTC working window.
import type { Database } from '../lib/db.js'

export async function naiveImpossibleTravel(db: Database, speedKmh = 900): Promise<string[][]> {
  const rows = await db.all<{ prev: string; cur: string }>(
    `WITH s AS (
       SELECT uuid, actor_id, published, lat, lon,
         lag(uuid) OVER w AS prev, lag(published) OVER w AS prev_at, lag(lat) OVER w AS plat, lag(lon) OVER w AS plon
       FROM events
       WHERE event_type = 'user.session.start' AND outcome_result = 'SUCCESS' AND lat IS NOT NULL AND lon IS NOT NULL
       WINDOW w AS (PARTITION BY actor_id ORDER BY published)
     )
     SELECT prev, uuid AS cur FROM s
     WHERE prev IS NOT NULL
       AND 2 * 6371 * asin(sqrt(pow(sin(radians(lat - plat) / 2), 2) + cos(radians(plat)) * cos(radians(lat)) * pow(sin(radians(lon - plon) / 2), 2)))
           / greatest(epoch(published - prev_at) / 3600.0, 1 / 3600.0) > $speed`,
    { speed: speedKmh },
  )
  return rows.map((r) => [r.prev, r.cur])
}

export async function naiveOffHours(db: Database): Promise<string[][]> {
  const rows = await db.all<{ uuid: string }>(
    `SELECT uuid FROM events
     WHERE event_type = 'user.session.start' AND outcome_result = 'SUCCESS'
       AND (hour(published) < 8 OR hour(published) >= 18)`,
  )
  return rows.map((r) => [r.uuid])
}
