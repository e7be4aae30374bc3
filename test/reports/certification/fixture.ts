// A certification context over the directory-sync fixture: the simulated org serves the fixture
// directory, a real sync through the SDK fills the snapshot, and the partners come from the real
// config parser (with contract ends and dormancy thresholds set per test).
import { parseConfig } from '../../../lib/config.js'
import type { Database } from '../../../lib/db.js'
import type { ScenarioDirectory } from '../../../data/scenario/types.js'
import type { CertContext } from '../../../reports/certification/types.js'
import { fixturePartners, fixtureSync, type FixtureSync } from '../../ingest/directory-fixture.js'

export const OWNER = 'root.admin@corp.example'

export function certSettings(overrides: Record<string, unknown> = {}) {
  return parseConfig({ certification: overrides }, { env: {}, cwd: '/', source: 'test' })
    .certification
}

export interface CertFixture extends FixtureSync {
  ctx: CertContext
}

/** Syncs the fixture directory into `db` and returns a context whose clock is the sim's. */
export async function certFixture(
  db: Database,
  settings: Record<string, unknown> = {},
  directory?: ScenarioDirectory,
): Promise<CertFixture> {
  const f = await fixtureSync(db, directory ? { directory } : {})
  await f.sync()
  const partners = fixturePartners().map((p) =>
    p.id === 'contoso' ? { ...p, contractEnd: '2026-01-31' } : p,
  )
  return { ...f, ctx: { db, partners, settings: certSettings(settings), clock: f.clock } }
}
