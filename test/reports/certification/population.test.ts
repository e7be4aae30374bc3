// Launch freezes the population: it reconciles against the simulated org's directory (DEPROVISIONED
// users and group-inherited assignments included) and each item carries its recommendation.
import { dbTest } from '../../helpers/db.js'
import { describe, expect } from 'vitest'
import { createCampaign, launchCampaign } from '../../../reports/certification/campaigns.js'
import { EXPECTED_ATTRIBUTION, IDS, U, fixtureDirectory } from '../../ingest/directory-fixture.js'
import { OWNER, certFixture } from './fixture.js'

interface ItemRow {
  user_id: string
  entitlement_type: string
  entitlement_id: string
  assignment: string | null
  via_group_id: string | null
  recommendation: string
  reasons: string[]
  reviewer: string
  user_status: string
  contract_end: Date | null
  contract_end_source: string | null
  last_activity_source: string
}

describe('campaign launch', () => {
  dbTest('the population reconciles to the directory the sim serves', async ({ db }) => {
    const { ctx } = await certFixture(db)
    const created = await createCampaign(ctx, { period: '2026-Q1' }, OWNER)
    expect(created.state).toBe('created')
    const c = await launchCampaign(ctx, { campaignId: created.id }, OWNER)

    // Expected from the directory itself, not from our tables.
    const dir = fixtureDirectory()
    const partnerIds = new Set(
      Object.entries(EXPECTED_ATTRIBUTION)
        .filter(([, a]) => a !== null)
        .map(([k]) => U[k as keyof typeof U].id),
    )
    const mine = <T extends { userId: string }>(rows: T[]) =>
      rows.filter((r) => partnerIds.has(r.userId))
    const source =
      dir.users.filter((u) => partnerIds.has(u.id)).length +
      mine(dir.appUsers).length +
      mine(dir.groupMembers).length +
      mine(dir.adminRoles).length
    const everyone = mine(dir.groupMembers).filter((m) => m.groupId === IDS.everyone).length
    expect(c.sourceCount).toBe(source)
    expect(c.exclusionCount).toBe(everyone + 1) // + dan's DEPROVISIONED account
    expect(c.itemCount).toBe(source - everyone - 1)
    expect(c.state).toBe('active')
    expect(c.snapshot).toEqual([expect.objectContaining({ org: 'hub' })])

    const items = await db.all<ItemRow>(
      `SELECT * FROM cert_items WHERE campaign_id = $id ORDER BY seq`,
      { id: c.id },
    )
    expect(items).toHaveLength(c.itemCount ?? -1)
    const key = (i: { user_id: string; entitlement_type: string; entitlement_id: string }) =>
      `${i.user_id}/${i.entitlement_type}/${i.entitlement_id}`
    const expectedApps = mine(dir.appUsers).map((a) => `${a.userId}/app/${a.appId}`)
    expect(
      items
        .filter((i) => i.entitlement_type === 'app')
        .map(key)
        .sort(),
    ).toEqual(expectedApps.sort())
    const gusErp = items.find((i) => i.user_id === U.gus.id && i.entitlement_id === IDS.erp)
    expect(gusErp).toMatchObject({ assignment: 'group', via_group_id: IDS.northwindGroup })
    const annErp = items.find((i) => i.user_id === U.ann.id && i.entitlement_id === IDS.erp)
    expect(annErp).toMatchObject({ assignment: 'direct', via_group_id: null })
    expect(items.some((i) => i.entitlement_type === 'admin_role' && i.user_id === U.ann.id)).toBe(
      true,
    )

    // dan: DEPROVISIONED, still assigned ERP and in the contoso group; contoso's contract ended.
    const dan = items.filter((i) => i.user_id === U.dan.id)
    expect(dan.map((i) => i.entitlement_type).sort()).toEqual(['app', 'group'])
    for (const i of dan) {
      expect(i.recommendation).toBe('revoke')
      expect(i.reasons).toEqual(
        expect.arrayContaining(['contract-expired', 'deactivated-but-assigned']),
      )
    }
    const exclusions = await db.all<{ user_id: string; entitlement_type: string; reason: string }>(
      'SELECT user_id, entitlement_type, reason FROM cert_exclusions WHERE campaign_id = $id',
      { id: c.id },
    )
    expect(exclusions.find((e) => e.entitlement_type === 'account')).toMatchObject({
      user_id: U.dan.id,
      reason: expect.stringContaining('DEPROVISIONED'),
    })
    // ivy: contract end from the partner config (contoso), no lastLogin-less reasoning surprises.
    const ivy = items.find((i) => i.user_id === U.ivy.id && i.entitlement_type === 'account')
    expect(ivy).toMatchObject({ contract_end_source: 'partner config', recommendation: 'revoke' })
    // ann: her own contract runs to 2026-12-31, signed in yesterday by lastLogin: keep.
    const ann = items.find((i) => i.user_id === U.ann.id && i.entitlement_type === 'account')
    expect(ann).toMatchObject({
      contract_end_source: 'user profile',
      last_activity_source: 'okta lastLogin',
      recommendation: 'keep',
      reasons: [],
      reviewer: OWNER,
    })
  })
})
