// The ordered list of schema migrations. Append only: never edit or renumber one that has shipped.
import type { Migration } from '../migrate.js'
import { metaMigration } from './001-meta.js'
import { eventsMigration } from './002-events.js'
import { directoryMigration } from './003-directory.js'
import { findingsMigration } from './004-findings.js'
import { certificationMigration } from './005-certification.js'
import { apiMigration } from './006-api.js'
import { eventsDedupeHashMigration } from './007-events-dedupe-hash.js'
import { offHoursPeersMigration } from './009-off-hours-peers.js'

export const MIGRATIONS: readonly Migration[] = [
  metaMigration,
  eventsMigration,
  directoryMigration,
  findingsMigration,
  certificationMigration,
  apiMigration,
  eventsDedupeHashMigration,
  offHoursPeersMigration,
]
