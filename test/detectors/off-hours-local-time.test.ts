// Local time by quarter-hour offsets equals DuckDB's own timezone() for every row: every 7 minutes
// of a year in zones with DST, half-hour and 45-minute offsets and a 30-minute DST shift.
import { describe, expect } from 'vitest'
import { localTimeCtes } from '../../detectors/off-hours/local-time.js'
import { dbTest } from '../helpers/db.js'

describe('off-hours local time', () => {
  dbTest('quarter-hour offsets give what timezone() gives, row by row', async ({ db }) => {
    const [row] = await db.all<{ differ: bigint; rows: bigint; zones: bigint }>(`
      WITH src AS (
        SELECT tz, TIMESTAMPTZ '2026-01-01 00:00:00+00' + to_minutes(m::BIGINT)
                 + to_seconds((m * 13 % 60)::BIGINT) AS published
        FROM (VALUES ('Europe/Amsterdam'), ('America/St_Johns'), ('Australia/Lord_Howe'),
                     ('Asia/Kathmandu'), ('America/New_York'), ('Asia/Tokyo'), ('UTC')) z(tz),
             range(0, 525600, 7) r(m)
      ), ${localTimeCtes('src', 'l')}
      SELECT count(*) FILTER (WHERE lt <> timezone(tz, published)) AS differ, count(*) AS rows,
        count(DISTINCT tz) AS zones
      FROM l`)
    expect(row).toEqual({ differ: 0n, rows: 7n * 75086n, zones: 7n })
  })
})
