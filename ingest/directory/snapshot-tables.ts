// How each snapshot table's columns are filled, in the tables' column order (003-directory.ts).
// The writer checks that order against the database before appending.
import type {
  DirUserRow,
  FetchedAdminRole,
  FetchedApp,
  FetchedAppGroup,
  FetchedAppUser,
  FetchedGroup,
  FetchedIdp,
  FetchedIdpUser,
  GroupMember,
} from './types.js'

import type { CellValue, ColumnKind } from '../../lib/appender-cells.js'

export interface SnapshotStamp {
  org: string
  syncId: number
  syncedAt: Date
}

export interface Column<R> {
  name: string
  kind: ColumnKind
  value: (row: R, stamp: SnapshotStamp) => CellValue
}

export interface TableSpec<R> {
  table: string
  columns: readonly Column<R>[]
}

const col = <R>(name: string, kind: ColumnKind, value: (row: R) => CellValue): Column<R> => ({
  name,
  kind,
  value: (row) => value(row),
})

const STAMP: readonly Column<unknown>[] = [
  { name: 'org', kind: 'varchar', value: (_, s) => s.org },
  { name: 'sync_id', kind: 'bigint', value: (_, s) => s.syncId },
  { name: 'synced_at', kind: 'timestamptz', value: (_, s) => s.syncedAt },
]

export const USERS_TABLE: TableSpec<DirUserRow> = {
  table: 'dir_users',
  columns: [
    col('id', 'varchar', (u) => u.user.id),
    ...STAMP,
    col('status', 'varchar', (u) => u.user.status),
    col('transitioning_to_status', 'varchar', (u) => u.user.transitioningToStatus),
    col('login', 'varchar', (u) => u.user.login),
    col('email', 'varchar', (u) => u.user.email),
    col('first_name', 'varchar', (u) => u.user.firstName),
    col('last_name', 'varchar', (u) => u.user.lastName),
    col('created', 'timestamptz', (u) => u.user.created),
    col('activated', 'timestamptz', (u) => u.user.activated),
    col('status_changed', 'timestamptz', (u) => u.user.statusChanged),
    col('last_login', 'timestamptz', (u) => u.user.lastLogin),
    col('last_updated', 'timestamptz', (u) => u.user.lastUpdated),
    col('password_changed', 'timestamptz', (u) => u.user.passwordChanged),
    col('user_type_id', 'varchar', (u) => u.user.userTypeId),
    col('provider_type', 'varchar', (u) => u.user.providerType),
    col('provider_name', 'varchar', (u) => u.user.providerName),
    col('profile', 'json', (u) => u.user.profileJson),
    col('partner_id', 'varchar', (u) => u.partnerId),
    col('partner_rule', 'varchar', (u) => u.partnerRule),
    col('looks_external', 'boolean', (u) => u.looksExternal),
    col('jit', 'boolean', (u) => u.jit),
    col('idp_id', 'varchar', (u) => u.idpId),
    col('contract_end', 'date', (u) => u.contractEnd),
  ],
}

export const GROUPS_TABLE: TableSpec<FetchedGroup> = {
  table: 'dir_groups',
  columns: [
    col('id', 'varchar', (g) => g.id),
    ...STAMP,
    col('name', 'varchar', (g) => g.name),
    col('description', 'varchar', (g) => g.description),
    col('type', 'varchar', (g) => g.type),
    col('created', 'timestamptz', (g) => g.created),
    col('last_updated', 'timestamptz', (g) => g.lastUpdated),
    col('last_membership_updated', 'timestamptz', (g) => g.lastMembershipUpdated),
    col('profile', 'json', (g) => g.profileJson),
  ],
}

export const GROUP_MEMBERS_TABLE: TableSpec<GroupMember> = {
  table: 'dir_group_members',
  columns: [
    col('group_id', 'varchar', (m) => m.groupId),
    col('user_id', 'varchar', (m) => m.userId),
    ...STAMP,
  ],
}

export const APPS_TABLE: TableSpec<FetchedApp> = {
  table: 'dir_apps',
  columns: [
    col('id', 'varchar', (a) => a.id),
    ...STAMP,
    col('name', 'varchar', (a) => a.name),
    col('label', 'varchar', (a) => a.label),
    col('status', 'varchar', (a) => a.status),
    col('sign_on_mode', 'varchar', (a) => a.signOnMode),
    col('created', 'timestamptz', (a) => a.created),
    col('last_updated', 'timestamptz', (a) => a.lastUpdated),
  ],
}

export const APP_USERS_TABLE: TableSpec<FetchedAppUser> = {
  table: 'dir_app_users',
  columns: [
    col('app_id', 'varchar', (a) => a.appId),
    col('user_id', 'varchar', (a) => a.userId),
    ...STAMP,
    col('scope', 'varchar', (a) => a.scope),
    col('group_id', 'varchar', (a) => a.groupId),
    col('status', 'varchar', (a) => a.status),
    col('external_id', 'varchar', (a) => a.externalId),
    col('user_name', 'varchar', (a) => a.userName),
    col('created', 'timestamptz', (a) => a.created),
    col('last_updated', 'timestamptz', (a) => a.lastUpdated),
    col('status_changed', 'timestamptz', (a) => a.statusChanged),
  ],
}

export const APP_GROUPS_TABLE: TableSpec<FetchedAppGroup> = {
  table: 'dir_app_groups',
  columns: [
    col('app_id', 'varchar', (g) => g.appId),
    col('group_id', 'varchar', (g) => g.groupId),
    ...STAMP,
    col('priority', 'integer', (g) => g.priority),
    col('last_updated', 'timestamptz', (g) => g.lastUpdated),
  ],
}

export const IDPS_TABLE: TableSpec<FetchedIdp> = {
  table: 'dir_idps',
  columns: [
    col('id', 'varchar', (i) => i.id),
    ...STAMP,
    col('name', 'varchar', (i) => i.name),
    col('type', 'varchar', (i) => i.type),
    col('status', 'varchar', (i) => i.status),
    col('protocol', 'varchar', (i) => i.protocol),
    col('provisioning_action', 'varchar', (i) => i.provisioningAction),
    col('created', 'timestamptz', (i) => i.created),
    col('last_updated', 'timestamptz', (i) => i.lastUpdated),
  ],
}

export const IDP_USERS_TABLE: TableSpec<FetchedIdpUser> = {
  table: 'dir_idp_users',
  columns: [
    col('idp_id', 'varchar', (l) => l.idpId),
    col('user_id', 'varchar', (l) => l.userId),
    ...STAMP,
    col('external_id', 'varchar', (l) => l.externalId),
    col('created', 'timestamptz', (l) => l.created),
    col('last_updated', 'timestamptz', (l) => l.lastUpdated),
  ],
}

export const ADMIN_ROLES_TABLE: TableSpec<FetchedAdminRole> = {
  table: 'dir_admin_roles',
  columns: [
    col('user_id', 'varchar', (r) => r.userId),
    col('role_id', 'varchar', (r) => r.roleId),
    ...STAMP,
    col('role_type', 'varchar', (r) => r.roleType),
    col('label', 'varchar', (r) => r.label),
    col('status', 'varchar', (r) => r.status),
    col('assignment_type', 'varchar', (r) => r.assignmentType),
    col('created', 'timestamptz', (r) => r.created),
    col('last_updated', 'timestamptz', (r) => r.lastUpdated),
  ],
}
