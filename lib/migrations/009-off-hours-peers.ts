import type { Migration } from '../migrate.js'

/**
 * The off-hours detector's partner-wide baseline, kept instead of re-read: successful sign-ins per
 * partner, local day (in the partner's zone at the time) and 10-minute bin. Each detector run
 * recomputes the days its slice touched; `off_hours_peer_state` says which sequence number the table
 * covers and under which zones, so a gap or a changed zone rebuilds it (detectors/off-hours/peer-bins.ts).
 */
export const offHoursPeersMigration: Migration = {
  version: 9,
  name: 'off-hours-peers',
  statements: [
    `CREATE TABLE off_hours_peer_bins (
      partner_id VARCHAR NOT NULL,
      local_date VARCHAR NOT NULL,
      iso_dow INTEGER NOT NULL,
      bin INTEGER NOT NULL,
      n INTEGER NOT NULL
    )`,
    `CREATE TABLE off_hours_peer_state (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      through_seq BIGINT NOT NULL,
      zones VARCHAR NOT NULL,
      updated_at TIMESTAMPTZ NOT NULL
    )`,
  ],
}
