import type { Migration } from '../migrate.js'

/**
 * Access certification (midPoint style: campaign → item → decision) and remediation.
 * - `cert_campaigns`: period, scope, owner, state, and the completeness record of the launch: the
 *   source query text, its filter, when it ran, the directory snapshot it read and its count.
 * - `cert_items`: the population frozen at launch, one row per partner user × entitlement (the
 *   account itself, an app assignment direct or via a group, a group membership, an admin role).
 * - `cert_exclusions`: source rows left out of the items, each with its reason. At launch
 *   `source_count` = items + exclusions.
 * - `cert_decisions`: one final decision per item (a reviewer's or the no-response rule's);
 *   `cert_reassignments` the trail of reviewer changes; `cert_signoffs` the owner's sign-off.
 * - `remediation_actions`: every planned / dry-run / applied change in Okta (a campaign's revokes or
 *   an offboarding), with Okta's answer and the System Log event that proves it.
 */
export const certificationMigration: Migration = {
  version: 5,
  name: 'certification',
  statements: [
    `CREATE TABLE cert_campaigns (
      id VARCHAR PRIMARY KEY,
      name VARCHAR NOT NULL,
      description VARCHAR,
      period VARCHAR NOT NULL,
      period_start TIMESTAMPTZ NOT NULL,
      period_end_exclusive TIMESTAMPTZ NOT NULL,
      partner_id VARCHAR,
      owner VARCHAR NOT NULL,
      state VARCHAR NOT NULL CHECK (state IN ('created', 'active', 'closed', 'signed_off')),
      no_response_rule VARCHAR NOT NULL,
      created_at TIMESTAMPTZ NOT NULL,
      created_by VARCHAR NOT NULL,
      launched_at TIMESTAMPTZ,
      launched_by VARCHAR,
      due_at TIMESTAMPTZ,
      closed_at TIMESTAMPTZ,
      closed_by VARCHAR,
      as_of TIMESTAMPTZ,
      snapshot_at TIMESTAMPTZ,
      snapshot JSON,
      source_query VARCHAR,
      source_filter JSON,
      source_counted_at TIMESTAMPTZ,
      source_count BIGINT,
      item_count BIGINT,
      exclusion_count BIGINT,
      generator_version VARCHAR NOT NULL
    )`,
    `CREATE TABLE cert_items (
      campaign_id VARCHAR NOT NULL,
      seq INTEGER NOT NULL,
      org VARCHAR NOT NULL,
      user_id VARCHAR NOT NULL,
      login VARCHAR,
      email VARCHAR,
      display_name VARCHAR,
      user_status VARCHAR NOT NULL,
      partner_id VARCHAR NOT NULL,
      partner_rule VARCHAR,
      sponsor VARCHAR,
      contract_end DATE,
      contract_end_source VARCHAR,
      credential_provider VARCHAR,
      idp_id VARCHAR,
      idp_name VARCHAR,
      user_created TIMESTAMPTZ,
      last_login TIMESTAMPTZ,
      last_sign_in_event TIMESTAMPTZ,
      last_activity TIMESTAMPTZ,
      last_activity_source VARCHAR NOT NULL,
      days_inactive INTEGER,
      mfa_used_in_period BOOLEAN NOT NULL,
      findings_in_period INTEGER NOT NULL,
      open_high_findings INTEGER NOT NULL,
      entitlement_type VARCHAR NOT NULL,
      entitlement_id VARCHAR NOT NULL,
      entitlement_name VARCHAR,
      assignment VARCHAR,
      via_group_id VARCHAR,
      via_group_name VARCHAR,
      recommendation VARCHAR NOT NULL,
      reasons VARCHAR[] NOT NULL,
      reviewer VARCHAR NOT NULL,
      original_reviewer VARCHAR NOT NULL,
      PRIMARY KEY (campaign_id, seq)
    )`,
    `CREATE TABLE cert_exclusions (
      campaign_id VARCHAR NOT NULL,
      seq INTEGER NOT NULL,
      org VARCHAR NOT NULL,
      user_id VARCHAR NOT NULL,
      login VARCHAR,
      partner_id VARCHAR NOT NULL,
      entitlement_type VARCHAR NOT NULL,
      entitlement_id VARCHAR NOT NULL,
      entitlement_name VARCHAR,
      reason VARCHAR NOT NULL,
      PRIMARY KEY (campaign_id, seq)
    )`,
    `CREATE TABLE cert_decisions (
      campaign_id VARCHAR NOT NULL,
      item_seq INTEGER NOT NULL,
      decision VARCHAR NOT NULL CHECK (decision IN ('approve', 'revoke', 'no_response')),
      effect VARCHAR NOT NULL CHECK (effect IN ('keep', 'revoke')),
      justification VARCHAR,
      decided_by VARCHAR NOT NULL,
      decided_at TIMESTAMPTZ NOT NULL,
      PRIMARY KEY (campaign_id, item_seq)
    )`,
    `CREATE TABLE cert_reassignments (
      campaign_id VARCHAR NOT NULL,
      item_seq INTEGER NOT NULL,
      from_reviewer VARCHAR NOT NULL,
      to_reviewer VARCHAR NOT NULL,
      reason VARCHAR,
      by_actor VARCHAR NOT NULL,
      reassigned_at TIMESTAMPTZ NOT NULL
    )`,
    `CREATE TABLE cert_signoffs (
      campaign_id VARCHAR PRIMARY KEY,
      signed_by VARCHAR NOT NULL,
      signed_at TIMESTAMPTZ NOT NULL,
      statement VARCHAR,
      stats JSON NOT NULL
    )`,
    `CREATE SEQUENCE remediation_seq START 1`,
    `CREATE TABLE remediation_actions (
      id BIGINT PRIMARY KEY,
      trigger_type VARCHAR NOT NULL,
      campaign_id VARCHAR,
      item_seq INTEGER,
      action VARCHAR NOT NULL CHECK (action IN ('deactivate_user', 'remove_app_assignment', 'remove_group_membership', 'manual')),
      org VARCHAR NOT NULL,
      user_id VARCHAR NOT NULL,
      login VARCHAR,
      partner_id VARCHAR,
      target_id VARCHAR,
      target_name VARCHAR,
      note VARCHAR,
      status VARCHAR NOT NULL CHECK (status IN ('planned', 'applied', 'failed', 'manual')),
      planned_at TIMESTAMPTZ NOT NULL,
      planned_by VARCHAR NOT NULL,
      applied_at TIMESTAMPTZ,
      applied_by VARCHAR,
      okta_status INTEGER,
      okta_request_id VARCHAR,
      okta_error_code VARCHAR,
      okta_error VARCHAR,
      evidence_event_uuid VARCHAR,
      evidence_event_type VARCHAR,
      evidence_published TIMESTAMPTZ
    )`,
  ],
}
