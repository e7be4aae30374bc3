import type { Migration } from '../migrate.js'

// Every snapshot row carries its org, the sync that wrote it and when. The primary keys all start
// with `org`, so a sync deletes the org's rows and inserts the new ones in one transaction.
const SNAPSHOT = `org VARCHAR NOT NULL,
      sync_id BIGINT NOT NULL,
      synced_at TIMESTAMPTZ NOT NULL`

/**
 * The directory snapshot (users, groups, memberships, apps, assignments, IdPs and their linked
 * users, admin roles) of each org, replaced whole by every sync, and `directory_syncs`: one row per
 * sync attempt with its outcome and counts, so a failed sync is recorded and an auditor can see
 * how fresh the snapshot is. `dir_users.partner_id` / `partner_rule` say which partner a user
 * belongs to and why; `looks_external` marks users that seem external whether attributed or not.
 */
export const directoryMigration: Migration = {
  version: 3,
  name: 'directory',
  statements: [
    `CREATE SEQUENCE directory_syncs_seq START 1`,
    `CREATE TABLE directory_syncs (
      id BIGINT PRIMARY KEY,
      org VARCHAR NOT NULL,
      started_at TIMESTAMPTZ NOT NULL,
      finished_at TIMESTAMPTZ,
      status VARCHAR NOT NULL,
      users INTEGER,
      groups INTEGER,
      group_members INTEGER,
      apps INTEGER,
      app_users INTEGER,
      app_groups INTEGER,
      idps INTEGER,
      idp_users INTEGER,
      admin_roles INTEGER,
      partner_users INTEGER,
      unattributed_external_users INTEGER,
      internal_domains JSON,
      internal_domains_inferred BOOLEAN,
      admin_roles_source VARCHAR,
      elapsed_ms BIGINT,
      error VARCHAR
    )`,
    `CREATE TABLE dir_users (
      id VARCHAR NOT NULL,
      ${SNAPSHOT},
      status VARCHAR NOT NULL,
      transitioning_to_status VARCHAR,
      login VARCHAR,
      email VARCHAR,
      first_name VARCHAR,
      last_name VARCHAR,
      created TIMESTAMPTZ,
      activated TIMESTAMPTZ,
      status_changed TIMESTAMPTZ,
      last_login TIMESTAMPTZ,
      last_updated TIMESTAMPTZ,
      password_changed TIMESTAMPTZ,
      user_type_id VARCHAR,
      provider_type VARCHAR,
      provider_name VARCHAR,
      profile JSON NOT NULL,
      partner_id VARCHAR,
      partner_rule VARCHAR,
      looks_external BOOLEAN NOT NULL,
      jit BOOLEAN NOT NULL,
      idp_id VARCHAR,
      contract_end DATE,
      PRIMARY KEY (org, id)
    )`,
    `CREATE TABLE dir_groups (
      id VARCHAR NOT NULL,
      ${SNAPSHOT},
      name VARCHAR,
      description VARCHAR,
      type VARCHAR,
      created TIMESTAMPTZ,
      last_updated TIMESTAMPTZ,
      last_membership_updated TIMESTAMPTZ,
      profile JSON NOT NULL,
      PRIMARY KEY (org, id)
    )`,
    `CREATE TABLE dir_group_members (
      group_id VARCHAR NOT NULL,
      user_id VARCHAR NOT NULL,
      ${SNAPSHOT},
      PRIMARY KEY (org, group_id, user_id)
    )`,
    `CREATE TABLE dir_apps (
      id VARCHAR NOT NULL,
      ${SNAPSHOT},
      name VARCHAR,
      label VARCHAR,
      status VARCHAR,
      sign_on_mode VARCHAR,
      created TIMESTAMPTZ,
      last_updated TIMESTAMPTZ,
      PRIMARY KEY (org, id)
    )`,
    `CREATE TABLE dir_app_users (
      app_id VARCHAR NOT NULL,
      user_id VARCHAR NOT NULL,
      ${SNAPSHOT},
      scope VARCHAR NOT NULL,
      group_id VARCHAR,
      status VARCHAR,
      external_id VARCHAR,
      user_name VARCHAR,
      created TIMESTAMPTZ,
      last_updated TIMESTAMPTZ,
      status_changed TIMESTAMPTZ,
      PRIMARY KEY (org, app_id, user_id)
    )`,
    `CREATE TABLE dir_app_groups (
      app_id VARCHAR NOT NULL,
      group_id VARCHAR NOT NULL,
      ${SNAPSHOT},
      priority INTEGER,
      last_updated TIMESTAMPTZ,
      PRIMARY KEY (org, app_id, group_id)
    )`,
    `CREATE TABLE dir_idps (
      id VARCHAR NOT NULL,
      ${SNAPSHOT},
      name VARCHAR,
      type VARCHAR,
      status VARCHAR,
      protocol VARCHAR,
      provisioning_action VARCHAR,
      created TIMESTAMPTZ,
      last_updated TIMESTAMPTZ,
      PRIMARY KEY (org, id)
    )`,
    `CREATE TABLE dir_idp_users (
      idp_id VARCHAR NOT NULL,
      user_id VARCHAR NOT NULL,
      ${SNAPSHOT},
      external_id VARCHAR,
      created TIMESTAMPTZ,
      last_updated TIMESTAMPTZ,
      PRIMARY KEY (org, idp_id, user_id)
    )`,
    `CREATE TABLE dir_admin_roles (
      user_id VARCHAR NOT NULL,
      role_id VARCHAR NOT NULL,
      ${SNAPSHOT},
      role_type VARCHAR NOT NULL,
      label VARCHAR,
      status VARCHAR,
      assignment_type VARCHAR,
      created TIMESTAMPTZ,
      last_updated TIMESTAMPTZ,
      PRIMARY KEY (org, user_id, role_id)
    )`,
  ],
}
