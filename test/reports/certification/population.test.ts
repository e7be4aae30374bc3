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
    // xena, olaf and sue look external but match no partner: named in the snapshot record, not reviewed.
    expect(c.snapshot).toEqual([
      expect.objectContaining({ org: 'hub', unattributedExternalUsers: 3 }),
    ])

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

describe('item evidence', () => {
  dbTest('last activity from the log, MFA and findings in the period, dormancy', async ({ db }) => {
    const { ctx } = await certFixture(db)
    const event = (
      uuid: string,
      type: string,
      actor: string,
      published: string,
      result = 'SUCCESS',
    ) =>
      db.run(
        `INSERT INTO events (ingest_seq, uuid, org, source, ingested_at, published, event_type,
           outcome_result, actor_id, raw)
         VALUES (nextval('events_seq'), $uuid, 'hub', 'test', now(), $published::TIMESTAMPTZ, $type, $result, $actor, '{}')`,
        { uuid, type, actor, published, result },
      )
    // gus: an SSO sign-in after his lastLogin, and MFA inside Q1 2026; eli: MFA only before Q1,
    // and a failed sign-in (not activity).
    await event('e1', 'user.authentication.sso', U.gus.id, '2026-03-02T09:00:00Z')
    await event('e2', 'user.authentication.auth_via_mfa', U.gus.id, '2026-02-10T09:00:00Z')
    await event('e3', 'user.authentication.auth_via_mfa', U.eli.id, '2025-12-20T09:00:00Z')
    await event('e4', 'user.session.start', U.eli.id, '2026-03-02T10:00:00Z', 'FAILURE')
    const finding = (id: string, severity: string, status: string, occurred: string) =>
      db.run(
        `INSERT INTO findings (id, finding_seq, detector, severity, score, org, partner_id, user_id,
           occurred_at, event_ids, summary, details, status, created_at)
         VALUES ($id, nextval('findings_seq'), 'test', $severity, 80, 'hub', 'northwind', $user,
           $occurred::TIMESTAMPTZ, [], 's', '{}', $status, now())`,
        { id, severity, status, user: U.gus.id, occurred },
      )
    await finding('f1', 'high', 'open', '2026-02-01T00:00:00Z')
    await finding('f2', 'critical', 'dismissed', '2026-02-02T00:00:00Z')
    await finding('f3', 'low', 'open', '2025-11-01T00:00:00Z')

    const c = await createCampaign(ctx, { period: '2026-Q1' }, OWNER)
    await launchCampaign(ctx, { campaignId: c.id }, OWNER)
    const account = (userId: string) =>
      db.one<Record<string, unknown>>(
        `SELECT last_login, last_sign_in_event, last_activity, last_activity_source, mfa_used_in_period,
           findings_in_period, open_high_findings, days_inactive, recommendation, reasons
         FROM cert_items WHERE entitlement_type = 'account' AND user_id = $u`,
        { u: userId },
      )
    expect(await account(U.gus.id)).toMatchObject({
      last_sign_in_event: new Date('2026-03-02T09:00:00Z'),
      last_activity: new Date('2026-03-02T09:00:00Z'),
      last_activity_source: 'system log sign-in',
      mfa_used_in_period: true,
      findings_in_period: 2,
      open_high_findings: 1,
      recommendation: 'review',
      reasons: ['open-high-findings'],
    })
    expect(await account(U.eli.id)).toMatchObject({
      last_sign_in_event: null,
      last_activity_source: 'okta lastLogin',
      mfa_used_in_period: false,
      findings_in_period: 0,
      recommendation: 'keep',
    })
    // bob: SUSPENDED, never signed in; created 2025-01-01, so dormant by 425 days.
    expect(await account(U.bob.id)).toMatchObject({
      last_activity: null,
      last_activity_source: 'none',
      days_inactive: 425,
      recommendation: 'review',
      reasons: ['dormant'],
    })
  })
})
