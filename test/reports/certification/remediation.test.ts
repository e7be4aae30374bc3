// Remediation against the simulated org through the real SDK: a dry run changes nothing; apply
// deactivates users and removes assignments and memberships, records Okta's answer, and after an
// ingest of the sim's System Log each action is linked to the event Okta wrote for it.
import { dbTest } from '../../helpers/db.js'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, onTestFinished } from 'vitest'
import type { Database } from '../../../lib/db.js'
import type { OktaSim } from '../../../data/okta-sim/server.js'
import { createOktaClient } from '../../../ingest/okta-client.js'
import { writeBundle } from '../../../reports/certification/bundle.js'
import { createCampaign, launchCampaign } from '../../../reports/certification/campaigns.js'
import { closeCampaign, decideItem } from '../../../reports/certification/decisions.js'
import { listItems } from '../../../reports/certification/items.js'
import { RecordingExecutor } from '../../../reports/certification/okta-recorder.js'
import {
  applyRemediation,
  linkEvidence,
  planCampaignRemediation,
  planOffboardingRemediation,
  type OktaFor,
} from '../../../reports/certification/remediation.js'
import { rawGet } from '../../data/okta-sim-fixtures.js'
import { ingestOnce, simOrg } from '../../helpers/ingest.js'
import { IDS, U } from '../../ingest/directory-fixture.js'
import { OWNER, certFixture } from './fixture.js'

function oktaFor(sim: OktaSim): OktaFor {
  return () => {
    const recorder = new RecordingExecutor()
    return { client: createOktaClient(simOrg(sim), { requestExecutor: recorder }), recorder }
  }
}

const ids = async (sim: OktaSim, path: string) =>
  ((await rawGet(sim, path)).body as { id: string }[]).map((u) => u.id).sort()

interface ActionRow {
  action: string
  user_id: string
  target_id: string
  status: string
  okta_status: number | null
  okta_request_id: string | null
  evidence_event_uuid: string | null
  evidence_event_type: string | null
}

const actions = (db: Database) =>
  db.all<ActionRow>(
    `SELECT action, user_id, target_id, status, okta_status, okta_request_id, evidence_event_uuid,
       evidence_event_type FROM remediation_actions ORDER BY id`,
  )

describe('remediation', () => {
  dbTest(
    'a campaign’s revokes: dry run changes nothing, apply changes Okta with evidence',
    async ({ db }) => {
      const { ctx, sim, clock, sync } = await certFixture(db, { noResponse: 'keep' })
      const c = await createCampaign(ctx, { period: '2026-Q1' }, OWNER)
      await launchCampaign(ctx, { campaignId: c.id }, OWNER)
      const { items } = await listItems(ctx, { campaignId: c.id, limit: 1000 }, OWNER)
      const seq = (userId: string, type: string, id: string) =>
        items.find(
          (i) => i.userId === userId && i.entitlementType === type && i.entitlementId === id,
        )?.seq ?? -1
      const revoke = (itemSeq: number) =>
        decideItem(
          ctx,
          { campaignId: c.id, itemSeq, decision: 'revoke', justification: 'ended' },
          OWNER,
        )
      await revoke(seq(U.ivy.id, 'account', U.ivy.id))
      await revoke(seq(U.ann.id, 'app', IDS.wiki))
      await revoke(seq(U.gus.id, 'app', IDS.erp)) // held through the northwind group
      await closeCampaign(ctx, { campaignId: c.id }, OWNER)

      expect(await planCampaignRemediation(ctx, { campaignId: c.id }, OWNER)).toBe(3)
      expect(await planCampaignRemediation(ctx, { campaignId: c.id }, OWNER)).toBe(0)
      const before = {
        wiki: await ids(sim, `/api/v1/apps/${IDS.wiki}/users`),
        group: await ids(sim, `/api/v1/groups/${IDS.northwindGroup}/users`),
      }
      const requestsBefore = sim.requestCount
      const dry = await applyRemediation(
        ctx,
        { campaignId: c.id, apply: false },
        OWNER,
        oktaFor(sim),
      )
      expect(dry.dryRun).toBe(true)
      expect(dry.actions.map((a) => [a.action, a.userId, a.targetId])).toEqual([
        ['remove_app_assignment', U.ann.id, IDS.wiki],
        ['remove_group_membership', U.gus.id, IDS.northwindGroup],
        ['deactivate_user', U.ivy.id, U.ivy.id],
      ])
      expect(sim.requestCount).toBe(requestsBefore)
      expect(sim.getUser(U.ivy.id)?.status).toBe('ACTIVE')
      expect(await ids(sim, `/api/v1/apps/${IDS.wiki}/users`)).toEqual(before.wiki)
      expect((await actions(db)).map((a) => a.status)).toEqual(['planned', 'planned', 'planned'])

      const result = await applyRemediation(
        ctx,
        { campaignId: c.id, apply: true },
        OWNER,
        oktaFor(sim),
      )
      expect(result).toMatchObject({ dryRun: false, applied: 3, failed: 0 })
      expect(sim.getUser(U.ivy.id)?.status).toBe('DEPROVISIONED')
      expect(await ids(sim, `/api/v1/apps/${IDS.wiki}/users`)).toEqual(
        before.wiki.filter((id) => id !== U.ann.id),
      )
      expect(await ids(sim, `/api/v1/groups/${IDS.northwindGroup}/users`)).toEqual(
        before.group.filter((id) => id !== U.gus.id),
      )
      const applied = await actions(db)
      // In plan order (item order); deactivations were sent last.
      expect(applied.map((a) => [a.action, a.status, a.okta_status])).toEqual([
        ['deactivate_user', 'applied', 200],
        ['remove_app_assignment', 'applied', 204],
        ['remove_group_membership', 'applied', 204],
      ])
      expect(applied.every((a) => /^[\w-]{10,}$/.test(a.okta_request_id ?? ''))).toBe(true)
      expect(applied.every((a) => a.evidence_event_uuid === null)).toBe(true)

      await ingestOnce(db, sim, clock)
      expect(await linkEvidence(db)).toBe(3)
      const linked = await actions(db)
      expect(linked.map((a) => a.evidence_event_type)).toEqual([
        'user.lifecycle.deactivate',
        'application.user_membership.remove',
        'group.user_membership.remove',
      ])
      for (const a of linked) {
        const event = await db.one<{ request_id: string; target_user_id: string }>(
          'SELECT request_id, target_user_id FROM events WHERE uuid = $u',
          { u: a.evidence_event_uuid },
        )
        expect(event).toEqual({ request_id: a.okta_request_id, target_user_id: a.user_id })
      }
      // Access after: against the launch-time snapshot the access is still there; after a directory
      // sync it is gone, item by item.
      const verification = async () => {
        const out = await mkdtemp(join(tmpdir(), 'pw-verify-'))
        onTestFinished(() => rm(out, { recursive: true, force: true }))
        await writeBundle(ctx, { campaignId: c.id, format: 'json' }, OWNER, out)
        const rows = JSON.parse(await readFile(join(out, 'verification.json'), 'utf8')) as {
          user_id: string
          still_present: boolean
          remediation_status: string
        }[]
        return rows.map((r) => [r.user_id, r.still_present, r.remediation_status])
      }
      expect(await verification()).toEqual([
        [U.ivy.id, true, 'applied'],
        [U.ann.id, true, 'applied'],
        [U.gus.id, true, 'applied'],
      ])
      await sync()
      expect(await verification()).toEqual([
        [U.ivy.id, false, 'applied'],
        [U.ann.id, false, 'applied'],
        [U.gus.id, false, 'applied'],
      ])
      // Nothing left to apply; a second run calls nothing.
      const again = await applyRemediation(ctx, { apply: true }, OWNER, oktaFor(sim))
      expect(again.actions).toEqual([])
    },
  )

  dbTest('offboarding deactivates every user of a partner whose contract ended', async ({ db }) => {
    const { ctx, sim } = await certFixture(db)
    // contoso's contract ended 2026-01-31 (fixture); bob's own contract ends 2026-06-30.
    expect(await planOffboardingRemediation(ctx, {}, OWNER)).toBe(2)
    expect(await planOffboardingRemediation(ctx, {}, OWNER)).toBe(0)
    const dry = await applyRemediation(
      ctx,
      { trigger: 'offboarding', apply: false },
      OWNER,
      oktaFor(sim),
    )
    expect(dry.actions.map((a) => a.userId).sort()).toEqual([U.con.id, U.ivy.id].sort())
    expect(sim.getUser(U.con.id)?.status).toBe('ACTIVE')
    await applyRemediation(ctx, { trigger: 'offboarding', apply: true }, OWNER, oktaFor(sim))
    expect(sim.getUser(U.con.id)?.status).toBe('DEPROVISIONED')
    expect(sim.getUser(U.ivy.id)?.status).toBe('DEPROVISIONED')
    expect(sim.getUser(U.bob.id)?.status).toBe('SUSPENDED')
  })

  dbTest('Okta refusing an action is recorded as failed with its answer', async ({ db }) => {
    const { ctx, sim } = await certFixture(db)
    await planOffboardingRemediation(ctx, { partnerId: 'contoso' }, OWNER)
    // Someone deactivates ivy in Okta before the plan runs.
    await createOktaClient(simOrg(sim)).userApi.deactivateUser({ userId: U.ivy.id })
    const result = await applyRemediation(ctx, { apply: true }, OWNER, oktaFor(sim))
    expect(result).toMatchObject({ applied: 1, failed: 1 })
    const failed = result.actions.find((a) => a.userId === U.ivy.id)
    expect(failed?.answer).toMatchObject({
      status: 'failed',
      oktaStatus: 403,
      errorCode: 'E0000038',
    })
  })
})
