import type { Migration } from '../migrate.js'

/**
 * The API's own state. `api_tokens` holds each bearer token's SHA-256 (never the token), its role and,
 * for a partner-admin, the one partner it may read. `audit_log` is one row per API request: who (token
 * name and role), what (route pattern and parameters), the status, when, how long and how many bytes.
 * `finding_triage` keeps every triage decision, so a finding's history survives later changes.
 */
export const apiMigration: Migration = {
  version: 6,
  name: 'api',
  statements: [
    `CREATE TABLE api_tokens (
      id VARCHAR PRIMARY KEY,
      name VARCHAR NOT NULL,
      role VARCHAR NOT NULL CHECK (role IN ('admin', 'analyst', 'auditor', 'siem', 'partner-admin')),
      partner_id VARCHAR,
      hash VARCHAR NOT NULL UNIQUE,
      created_at TIMESTAMPTZ NOT NULL,
      revoked_at TIMESTAMPTZ,
      last_used_at TIMESTAMPTZ,
      CHECK ((role = 'partner-admin') = (partner_id IS NOT NULL))
    )`,
    `CREATE SEQUENCE audit_log_seq START 1`,
    `CREATE TABLE audit_log (
      id BIGINT PRIMARY KEY,
      requested_at TIMESTAMPTZ NOT NULL,
      token_id VARCHAR,
      token_name VARCHAR,
      role VARCHAR,
      partner_id VARCHAR,
      method VARCHAR NOT NULL,
      route VARCHAR NOT NULL,
      parameters JSON NOT NULL,
      status INTEGER NOT NULL,
      duration_ms DOUBLE NOT NULL,
      bytes BIGINT NOT NULL,
      ip VARCHAR
    )`,
    `CREATE TABLE finding_triage (
      finding_id VARCHAR NOT NULL,
      status VARCHAR NOT NULL,
      comment VARCHAR NOT NULL,
      by_token VARCHAR NOT NULL,
      decided_at TIMESTAMPTZ NOT NULL
    )`,
  ],
}
