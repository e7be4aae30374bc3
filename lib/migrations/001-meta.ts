import type { Migration } from '../migrate.js'

/** Facts about the database itself: when it was created and by which partnerwatch. */
export const metaMigration: Migration = {
  version: 1,
  name: 'meta',
  statements: [
    `CREATE TABLE meta (
      key VARCHAR PRIMARY KEY,
      value VARCHAR NOT NULL,
      updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )`,
    `INSERT INTO meta (key, value) VALUES ('created_at', strftime(now(), '%Y-%m-%dT%H:%M:%S.%gZ'))`,
  ],
}
