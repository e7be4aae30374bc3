// Writes an org's directory snapshot: deletes the org's rows from every snapshot table and appends
// the new ones through DuckDB appenders. Call inside one transaction, so readers see either the old
// snapshot or the new one, never half of each.
import type { Database } from '../../lib/db.js'
import { StoreError } from '../../lib/errors.js'
import type { DuckDBAppender } from '@duckdb/node-api'
import { appendCell } from '../../lib/appender-cells.js'
import {
  ADMIN_ROLES_TABLE,
  APP_GROUPS_TABLE,
  APP_USERS_TABLE,
  APPS_TABLE,
  GROUP_MEMBERS_TABLE,
  GROUPS_TABLE,
  IDP_USERS_TABLE,
  IDPS_TABLE,
  USERS_TABLE,
  type SnapshotStamp,
  type TableSpec,
} from './snapshot-tables.js'
import type { DirectorySnapshot } from './types.js'

const DELETE_ORG_ROWS = [
  'DELETE FROM dir_users WHERE org = $org',
  'DELETE FROM dir_groups WHERE org = $org',
  'DELETE FROM dir_group_members WHERE org = $org',
  'DELETE FROM dir_apps WHERE org = $org',
  'DELETE FROM dir_app_users WHERE org = $org',
  'DELETE FROM dir_app_groups WHERE org = $org',
  'DELETE FROM dir_idps WHERE org = $org',
  'DELETE FROM dir_idp_users WHERE org = $org',
  'DELETE FROM dir_admin_roles WHERE org = $org',
]

const TABLE_COLUMNS = `SELECT column_name FROM information_schema.columns
  WHERE table_schema = 'main' AND table_name = $table ORDER BY ordinal_position`

/** Replaces the org's snapshot with `snapshot`; the caller holds the transaction. */
export async function replaceSnapshot(
  db: Database,
  stamp: SnapshotStamp,
  snapshot: DirectorySnapshot,
): Promise<void> {
  for (const sql of DELETE_ORG_ROWS) {
    await db.run(sql, { org: stamp.org })
  }
  await appendRows(db, USERS_TABLE, snapshot.users, stamp)
  await appendRows(db, GROUPS_TABLE, snapshot.groups, stamp)
  await appendRows(db, GROUP_MEMBERS_TABLE, snapshot.groupMembers, stamp)
  await appendRows(db, APPS_TABLE, snapshot.apps, stamp)
  await appendRows(db, APP_USERS_TABLE, snapshot.appUsers, stamp)
  await appendRows(db, APP_GROUPS_TABLE, snapshot.appGroups, stamp)
  await appendRows(db, IDPS_TABLE, snapshot.idps, stamp)
  await appendRows(db, IDP_USERS_TABLE, snapshot.idpUsers, stamp)
  await appendRows(db, ADMIN_ROLES_TABLE, snapshot.adminRoles, stamp)
}

async function appendRows<R>(
  db: Database,
  spec: TableSpec<R>,
  rows: readonly R[],
  stamp: SnapshotStamp,
): Promise<void> {
  await checkColumns(db, spec)
  if (rows.length === 0) {
    return
  }
  let appender: DuckDBAppender | undefined
  try {
    appender = await db.connection.createAppender(spec.table)
    for (const row of rows) {
      for (const column of spec.columns) {
        appendCell(appender, column.kind, column.value(row, stamp))
      }
      appender.endRow()
    }
    appender.flushSync()
  } catch (err) {
    const text = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? ''
    throw new StoreError(`appending to ${spec.table} failed: ${text}`, { cause: err })
  } finally {
    try {
      appender?.closeSync()
    } catch {
      // a failed flush already reported the problem
    }
  }
}

/** The spec must name the table's columns in the table's order: the appender fills them by position. */
async function checkColumns<R>(db: Database, spec: TableSpec<R>): Promise<void> {
  const rows = await db.all<{ column_name: string }>(TABLE_COLUMNS, { table: spec.table })
  const actual = rows.map((r) => r.column_name).join(', ')
  const expected = spec.columns.map((c) => c.name).join(', ')
  if (actual !== expected) {
    throw new StoreError(`${spec.table} has columns (${actual}), the writer expects (${expected})`)
  }
}
