import type { Migration } from '../migrate.js'

/**
 * Findings and the detector runner's state. A finding's id derives from its detector and evidence,
 * so a re-run adds nothing and keeps triage state. `finding_seq` rises in insertion order (the
 * findings export pages on it). `detector_state` is each detector's watermark on `events.ingest_seq`.
 */
export const findingsMigration: Migration = {
  version: 4,
  name: 'findings',
  statements: [
    `CREATE SEQUENCE findings_seq START 1`,
    `CREATE TABLE findings (
      id VARCHAR PRIMARY KEY,
      finding_seq BIGINT NOT NULL UNIQUE,
      detector VARCHAR NOT NULL,
      severity VARCHAR NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
      score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
      org VARCHAR NOT NULL,
      partner_id VARCHAR,
      user_id VARCHAR,
      user_login VARCHAR,
      occurred_at TIMESTAMPTZ NOT NULL,
      event_ids VARCHAR[] NOT NULL,
      summary VARCHAR NOT NULL,
      details JSON NOT NULL,
      status VARCHAR NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'dismissed', 'confirmed')),
      status_by VARCHAR,
      status_at TIMESTAMPTZ,
      status_comment VARCHAR,
      created_at TIMESTAMPTZ NOT NULL
    )`,
    `CREATE TABLE detector_state (
      detector VARCHAR PRIMARY KEY,
      last_seq BIGINT NOT NULL,
      last_run_at TIMESTAMPTZ NOT NULL,
      findings BIGINT NOT NULL DEFAULT 0
    )`,
  ],
}
