// Reviewing a launched campaign: decisions with their rules (justification on revoke, no
// self-review, one decision per item, only the reviewer or owner), reassignment, the no-response
// rule at close, and a sign-off that a population no longer reconciling blocks.
import { dbTest } from '../../helpers/db.js'
import { describe, expect } from 'vitest'
import { createCampaign, launchCampaign } from '../../../reports/certification/campaigns.js'
import {
  closeCampaign,
  decideItem,
  reassignItem,
  signOffCampaign,
} from '../../../reports/certification/decisions.js'
import { listItems } from '../../../reports/certification/items.js'
import { nextPeriod } from '../../../reports/certification/period.js'
import { createNextCampaign, purgeCampaigns } from '../../../reports/certification/recurrence.js'
import type { CertContext } from '../../../reports/certification/types.js'
import { U } from '../../ingest/directory-fixture.js'
import { OWNER, certFixture } from './fixture.js'

const ANN = U.ann.profile.login
const EVE = U.eve.profile.login

async function launched(ctx: CertContext, owner = OWNER) {
  const c = await createCampaign(ctx, { period: '2026-Q1', owner }, OWNER)
  await launchCampaign(ctx, { campaignId: c.id }, OWNER)
  const { items } = await listItems(ctx, { campaignId: c.id, limit: 1000 }, owner)
  const item = (userId: string, type: string) => {
    const found = items.find((i) => i.userId === userId && i.entitlementType === type)
    if (!found) {
      throw new Error(`no ${type} item for ${userId}`)
    }
    return found.seq
  }
  return { id: c.id, items, item }
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => (e as { reason?: string }).reason,
  )

describe('decisions', () => {
  dbTest('no one certifies their own access, not even the campaign owner', async ({ db }) => {
    const { ctx } = await certFixture(db)
    const { id, item } = await launched(ctx, ANN)
    await expect(
      decideItem(ctx, { campaignId: id, itemSeq: item(U.ann.id, 'app'), decision: 'approve' }, ANN),
    ).rejects.toMatchObject({ code: 'ERR_INPUT_INVALID', reason: 'self-review' })
    // the same login in another case is still the same person
    expect(
      await refusal(
        decideItem(
          ctx,
          { campaignId: id, itemSeq: item(U.ann.id, 'account'), decision: 'approve' },
          ANN.toUpperCase(),
        ),
      ),
    ).toBe('self-review')
    expect(
      await refusal(
        reassignItem(
          ctx,
          { campaignId: id, itemSeq: item(U.gus.id, 'account'), toReviewer: U.gus.id },
          ANN,
        ),
      ),
    ).toBe('self-review')
    // ann may decide someone else's item as owner
    const ok = await decideItem(
      ctx,
      { campaignId: id, itemSeq: item(U.gus.id, 'account'), decision: 'approve' },
      ANN,
    )
    expect(ok.decision).toBe('approve')
  })

  dbTest('decide, reassign, close with the no-response rule, sign off', async ({ db }) => {
    const { ctx } = await certFixture(db)
    const { id, items, item } = await launched(ctx)
    const annAccount = item(U.ann.id, 'account')
    const danApp = item(U.dan.id, 'app')

    expect(
      await refusal(
        decideItem(ctx, { campaignId: id, itemSeq: danApp, decision: 'revoke' }, OWNER),
      ),
    ).toBe('justification-required')
    expect(
      await refusal(
        decideItem(
          ctx,
          { campaignId: id, itemSeq: danApp, decision: 'revoke', justification: '  ' },
          OWNER,
        ),
      ),
    ).toBe('justification-required')
    await decideItem(
      ctx,
      { campaignId: id, itemSeq: danApp, decision: 'revoke', justification: 'contract ended' },
      OWNER,
    )
    expect(
      await refusal(
        decideItem(ctx, { campaignId: id, itemSeq: danApp, decision: 'approve' }, OWNER),
      ),
    ).toBe('already-decided')
    // eve is nobody's reviewer until an item is reassigned to her
    expect(
      await refusal(
        decideItem(ctx, { campaignId: id, itemSeq: annAccount, decision: 'approve' }, EVE),
      ),
    ).toBe('not-reviewer')
    await reassignItem(
      ctx,
      { campaignId: id, itemSeq: annAccount, toReviewer: EVE, reason: 'eve sponsors ann' },
      OWNER,
    )
    await decideItem(
      ctx,
      {
        campaignId: id,
        itemSeq: annAccount,
        decision: 'approve',
        justification: 'still on the project',
      },
      EVE,
    )
    const page = await listItems(ctx, { campaignId: id, reviewer: EVE }, EVE)
    expect(page.items.map((i) => [i.seq, i.decision, i.decidedBy])).toEqual([
      [annAccount, 'approve', EVE],
    ])
    const trail = await db.all(
      'SELECT from_reviewer, to_reviewer, by_actor FROM cert_reassignments',
    )
    expect(trail).toEqual([{ from_reviewer: OWNER, to_reviewer: EVE, by_actor: OWNER }])

    expect(await refusal(signOffCampaign(ctx, { campaignId: id }, OWNER))).toBe('campaign-state')
    expect(await refusal(closeCampaign(ctx, { campaignId: id }, EVE))).toBe('not-reviewer')
    const closed = await closeCampaign(ctx, { campaignId: id }, OWNER)
    expect(closed).toEqual({ unanswered: items.length - 2, rule: 'revoke' })
    expect(
      await refusal(
        decideItem(ctx, { campaignId: id, itemSeq: danApp, decision: 'approve' }, OWNER),
      ),
    ).toBe('campaign-state')

    expect(await refusal(signOffCampaign(ctx, { campaignId: id }, EVE))).toBe('not-reviewer')
    const signed = await signOffCampaign(ctx, { campaignId: id, statement: 'reviewed' }, OWNER)
    expect(signed.completeness).toMatchObject({ reconciled: true, items: items.length })
    expect(signed.stats).toMatchObject({
      approved: 1,
      revoked: 1,
      noResponse: items.length - 2,
      effectRevoke: items.length - 1,
      undecided: 0,
      reassigned: 1,
    })
    const row = await db.one<{ signed_by: string; state: string }>(
      `SELECT s.signed_by, c.state FROM cert_signoffs s JOIN cert_campaigns c ON c.id = s.campaign_id`,
    )
    expect(row).toEqual({ signed_by: OWNER, state: 'signed_off' })
  })

  dbTest('a population that no longer reconciles blocks sign-off', async ({ db }) => {
    const { ctx } = await certFixture(db, { noResponse: 'keep' })
    const { id } = await launched(ctx)
    await closeCampaign(ctx, { campaignId: id }, OWNER)
    expect(await db.changes('DELETE FROM cert_exclusions WHERE seq = 1')).toBe(1)
    await expect(signOffCampaign(ctx, { campaignId: id }, OWNER)).rejects.toMatchObject({
      reason: 'incomplete',
      message: expect.stringMatching(/source count \d+ ≠ \d+ items \+ \d+ exclusions/),
    })
    const effects = await db.all<{ effect: string }>('SELECT DISTINCT effect FROM cert_decisions')
    expect(effects).toEqual([{ effect: 'keep' }])
  })

  dbTest('launch refuses a stale snapshot and a second launch', async ({ db }) => {
    const { ctx, clock } = await certFixture(db, { maxSnapshotAgeHours: 2 })
    const c = await createCampaign(ctx, { period: '2026-Q1', partnerId: 'northwind' }, OWNER)
    clock.advance(3 * 3_600_000)
    await expect(launchCampaign(ctx, { campaignId: c.id }, OWNER)).rejects.toMatchObject({
      reason: 'snapshot-stale',
      message: expect.stringContaining('certification.maxSnapshotAgeHours'),
    })
    expect(await db.one('SELECT count(*)::INTEGER AS n FROM cert_items')).toEqual({ n: 0 })
    clock.advance(-3 * 3_600_000)
    const launched = await launchCampaign(ctx, { campaignId: c.id }, OWNER)
    expect(launched.partnerId).toBe('northwind')
    const partners = await db.all('SELECT DISTINCT partner_id FROM cert_items')
    expect(partners).toEqual([{ partner_id: 'northwind' }])
    expect(await refusal(launchCampaign(ctx, { campaignId: c.id }, OWNER))).toBe('campaign-state')
    await expect(createCampaign(ctx, { period: '2026-Q5' }, OWNER)).rejects.toMatchObject({
      code: 'ERR_INPUT_INVALID',
      message: expect.stringContaining('campaign.period'),
    })
  })
})

describe('recurrence and retention', () => {
  dbTest(
    'the next quarter copies the scope; purge keeps evidence for retentionDays',
    async ({ db }) => {
      const { ctx, clock } = await certFixture(db, { noResponse: 'keep', retentionDays: 400 })
      const first = await createCampaign(
        ctx,
        { period: '2025-Q4', partnerId: 'northwind', description: 'quarterly' },
        OWNER,
      )
      const launched = await launchCampaign(ctx, { campaignId: first.id }, OWNER)
      expect(launched.dueAt?.toISOString()).toBe('2026-03-16T12:00:00.000Z') // launch + 14 days
      await closeCampaign(ctx, { campaignId: first.id }, OWNER)
      await signOffCampaign(ctx, { campaignId: first.id }, OWNER)
      const next = await createNextCampaign(ctx, { campaignId: first.id }, OWNER)
      expect(next).toMatchObject({
        period: '2026-Q1',
        partnerId: 'northwind',
        owner: OWNER,
        description: 'quarterly',
        state: 'created',
      })
      expect(nextPeriod('2026-Q4')).toBe('2027-Q1')

      clock.advance(399 * 86_400_000)
      expect(await purgeCampaigns(ctx)).toEqual([])
      clock.advance(2 * 86_400_000)
      expect(await purgeCampaigns(ctx)).toEqual([first.id])
      const left = await db.all<{ t: string; n: number }>(
        `SELECT 'items' AS t, count(*)::INTEGER AS n FROM cert_items
       UNION ALL SELECT 'decisions', count(*)::INTEGER FROM cert_decisions
       UNION ALL SELECT 'campaigns', count(*)::INTEGER FROM cert_campaigns ORDER BY t`,
      )
      expect(left).toEqual([
        { t: 'campaigns', n: 1 },
        { t: 'decisions', n: 0 },
        { t: 'items', n: 0 },
      ])
    },
  )
})
