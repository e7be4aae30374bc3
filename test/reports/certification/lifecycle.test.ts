// The lifecycle reports over the synced fixture directory, the System Log and the remediation
// record: contracts ending (T-7 / T-30), expired but active, dormant with access, missing data, and
// deactivations (ours with their evidence event, and ones done in Okta directly).
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { dbTest } from '../../helpers/db.js'
import { describe, expect, onTestFinished } from 'vitest'
import type { OktaSim } from '../../../data/okta-sim/server.js'
import { createOktaClient } from '../../../ingest/okta-client.js'
import { createCampaign, launchCampaign } from '../../../reports/certification/campaigns.js'
import { listItems } from '../../../reports/certification/items.js'
import { writeLifecycleReport } from '../../../reports/certification/lifecycle-reports.js'
import type { LifecycleReport } from '../../../reports/certification/lifecycle-queries.js'
import { RecordingExecutor } from '../../../reports/certification/okta-recorder.js'
import {
  applyRemediation,
  linkEvidence,
  planOffboardingRemediation,
} from '../../../reports/certification/remediation.js'
import type { CertContext } from '../../../reports/certification/types.js'
import { ingestOnce, simOrg } from '../../helpers/ingest.js'
import { U, fixtureDirectory } from '../../ingest/directory-fixture.js'
import { OWNER, certFixture } from './fixture.js'

const EVE = U.eve.profile.login

function directoryWithSponsor() {
  const dir = fixtureDirectory()
  const ann = dir.users.find((u) => u.id === U.ann.id)
  if (ann) {
    ann.profile.sponsor = EVE
  }
  return dir
}

async function fixture(db: Parameters<typeof certFixture>[0]) {
  const f = await certFixture(db, {}, directoryWithSponsor())
  // fabrikam's contract ends in 7 days (T0 is 2026-03-02).
  const partners = f.ctx.partners.map((p) =>
    p.id === 'fabrikam' ? { ...p, contractEnd: '2026-03-09' } : p,
  )
  return { ...f, ctx: { ...f.ctx, partners } }
}

async function report(
  ctx: CertContext,
  name: LifecycleReport,
  extra: { days?: number } = {},
): Promise<Record<string, unknown>[]> {
  const dir = await mkdtemp(join(tmpdir(), 'pw-lifecycle-'))
  onTestFinished(() => rm(dir, { recursive: true, force: true }))
  const result = await writeLifecycleReport(
    ctx,
    { report: name, format: 'json', ...extra },
    OWNER,
    dir,
  )
  const rows = JSON.parse(await readFile(join(dir, `${name}.json`), 'utf8')) as Record<
    string,
    unknown
  >[]
  expect(rows).toHaveLength(result.rows)
  expect(result.files.map((f) => f.name)).toEqual([`${name}.json`, 'summary.json'])
  return rows
}

const apply = (ctx: CertContext, sim: OktaSim) =>
  applyRemediation(ctx, { apply: true }, OWNER, () => {
    const recorder = new RecordingExecutor()
    return { client: createOktaClient(simOrg(sim), { requestExecutor: recorder }), recorder }
  })

describe('lifecycle reports', () => {
  dbTest('contracts ending, expired, dormant and missing data', async ({ db }) => {
    const { ctx } = await fixture(db)
    const ending30 = await report(ctx, 'contracts-ending', { days: 30 })
    expect(ending30.map((r) => [r.user_id, r.days_left, r.milestone])).toEqual([
      [U.eli.id, 7, 'T-7'],
    ])
    const ending120 = await report(ctx, 'contracts-ending', { days: 120 })
    expect(ending120.map((r) => [r.user_id, r.milestone, r.contract_end_source])).toEqual([
      [U.eli.id, 'T-7', 'partner config'],
      [U.bob.id, 'T-120', 'user profile'],
    ])

    const expired = await report(ctx, 'contracts-expired')
    expect(expired.map((r) => r.user_id).sort()).toEqual([U.con.id, U.ivy.id].sort())
    expect(expired.every((r) => r.status === 'ACTIVE' && r.contract_end === '2026-01-31')).toBe(
      true,
    )

    const dormant = await report(ctx, 'dormant')
    expect(dormant.map((r) => [r.user_id, r.last_activity_source, r.groups])).toEqual([
      [U.bob.id, 'none', ['Everyone']],
    ])

    const missing = await report(ctx, 'missing-data')
    const byUser = new Map(missing.map((r) => [r.user_id, r.missing]))
    expect(byUser.get(U.gus.id)).toEqual(['contract_end', 'sponsor'])
    expect(byUser.get(U.ivy.id)).toEqual(['sponsor'])
    expect(byUser.has(U.ann.id)).toBe(false)
    expect(byUser.has(U.dan.id)).toBe(false)

    // The sponsor reviews the user's items.
    const c = await createCampaign(ctx, { period: '2026-Q1', partnerId: 'northwind' }, OWNER)
    await launchCampaign(ctx, { campaignId: c.id }, OWNER)
    const { items } = await listItems(ctx, { campaignId: c.id, limit: 1000 }, OWNER)
    expect(new Set(items.filter((i) => i.userId === U.ann.id).map((i) => i.reviewer))).toEqual(
      new Set([EVE]),
    )
    expect(items.find((i) => i.userId === U.gus.id)?.reviewer).toBe(OWNER)
  })

  dbTest(
    'deactivations: ours with trigger and evidence, and those done in Okta',
    async ({ db }) => {
      const { ctx, sim, clock } = await fixture(db)
      await planOffboardingRemediation(ctx, { partnerId: 'contoso' }, OWNER)
      await apply(ctx, sim)
      clock.advance(60_000)
      await createOktaClient(simOrg(sim)).userApi.deactivateUser({ userId: U.ann.id })
      clock.advance(60_000)
      await ingestOnce(db, sim, clock)
      await linkEvidence(db)
      const rows = await report(ctx, 'deactivations')
      expect(rows.map((r) => [r.user_id, r.trigger])).toEqual([
        [U.con.id, 'offboarding: partner contract end 2026-01-31 has passed'],
        [U.ivy.id, 'offboarding: partner contract end 2026-01-31 has passed'],
        [U.ann.id, 'in Okta, outside partnerwatch'],
      ])
      const events = await db.all<{ uuid: string; target_user_id: string }>(
        `SELECT uuid, target_user_id FROM events WHERE event_type = 'user.lifecycle.deactivate'`,
      )
      const uuidOf = new Map(events.map((e) => [e.target_user_id, e.uuid]))
      for (const r of rows) {
        expect(r.okta_event_uuid).toBe(uuidOf.get(r.user_id as string))
      }
      expect(rows[0]?.deactivated_by).toBe(OWNER)
      expect(rows[2]?.deactivated_by).toBe('root.admin@corp.example')
    },
  )
})
