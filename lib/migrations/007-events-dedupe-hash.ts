import type { Migration } from '../migrate.js'

/**
 * `events` without in-memory indexes. The UNIQUE key on `uuid` and the PRIMARY KEY on `ingest_seq`
 * were DuckDB ART indexes, which stay in memory whole: at 10M events the uuid index alone no longer
 * fitted the 512 MB buffer pool (Out of Memory on insert). Every column keeps its name, type and
 * meaning; uniqueness is now kept by the only writer, the event store (ingest/event-store-queries.ts),
 * which checks each batch against `uuid_hash` inside the batch's transaction: a scan of one 8-byte
 * column, no index. `ingest_seq` still comes from `events_seq`, so it stays unique and rising.
 *
 * `uuid_hash` is the first 8 bytes of MD5(uuid), big-endian (`UUID_HASH_SQL`, stable across
 * DuckDB versions). It may be NULL for rows written by code other than the event store (test
 * fixtures, benchmark loaders); the store checks those rows by `uuid` itself.
 *
 * DuckDB cannot drop a constraint in place, so the table is copied (in insertion order) and swapped.
 */
export const UUID_HASH_SQL = (column: string): string =>
  `('0x' || left(md5(${column}), 16))::UBIGINT`

export const eventsDedupeHashMigration: Migration = {
  version: 7,
  name: 'events-dedupe-hash',
  statements: [
    `CREATE TABLE events_v7 AS SELECT * FROM events LIMIT 0`,
    ...['ingest_seq', 'uuid', 'org', 'source', 'ingested_at', 'published', 'raw'].map(
      (c) => `ALTER TABLE events_v7 ALTER COLUMN ${c} SET NOT NULL`,
    ),
    `ALTER TABLE events_v7 ADD COLUMN uuid_hash UBIGINT`,
    `INSERT INTO events_v7 SELECT *, ${UUID_HASH_SQL('uuid')} FROM events`,
    `DROP TABLE events`,
    `ALTER TABLE events_v7 RENAME TO events`,
  ],
}
