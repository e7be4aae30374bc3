// A campaign over a generated partner ecosystem (data/scenario) served by the simulated org and
// synced through the SDK: the population reconciles, pair by pair, to directory.json (the
// generator's own answer), DEPROVISIONED users and group-held assignments included.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, onTestFinished } from 'vitest'
import { fixedClock } from '../../../lib/clock.js'
import { parseConfig } from '../../../lib/config.js'
import { startOktaSim } from '../../../data/okta-sim/server.js'
import { SCENARIO_FILES } from '../../../data/scenario/types.js'
import { syncDirectory } from '../../../ingest/directory/sync.js'
import { createOktaClient } from '../../../ingest/okta-client.js'
import { createCampaign, launchCampaign } from '../../../reports/certification/campaigns.js'
import { generate, readDirectory } from '../../data/scenario-helpers.js'
import { dbTest } from '../../helpers/db.js'
import { certSettings } from './fixture.js'

describe('campaign over a generated scenario', () => {
  dbTest(
    'every partner user × entitlement of directory.json is an item or an exclusion',
    async ({ db }) => {
      const end = '2026-11-20T00:00:00Z'
      const scenario = await generate({ seed: 11, partners: 3, users: 200, days: 3, end })
      onTestFinished(scenario.cleanup)
      const clock = fixedClock(end)
      const sim = await startOktaSim({ scenarioDir: scenario.dir, port: 0, clock })
      onTestFinished(() => sim.close())
      const raw: unknown = JSON.parse(
        readFileSync(join(scenario.dir, SCENARIO_FILES.config), 'utf8'),
      )
      const config = parseConfig(raw, { env: {}, cwd: '/', source: 'scenario' })
      const org = {
        name: 'hub',
        url: sim.url,
        role: 'hub' as const,
        credentials: { kind: 'ssws' as const, token: sim.token },
      }
      await syncDirectory({
        db,
        client: createOktaClient(org),
        org,
        partners: config.partners,
        clock,
      })
      const ctx = { db, partners: config.partners, settings: certSettings(), clock }
      const c = await createCampaign(ctx, { period: '2026-Q4' }, 'owner@acme.example')
      const launched = await launchCampaign(ctx, { campaignId: c.id }, 'owner@acme.example')

      const dir = readDirectory(scenario.dir)
      const partnerOf = new Map(
        dir.users.filter((u) => typeof u.profile.partnerId === 'string').map((u) => [u.id, u]),
      )
      const builtIn = new Set(dir.groups.filter((g) => g.type === 'BUILT_IN').map((g) => g.id))
      const expected = [
        ...[...partnerOf.keys()].map((id) => `${id} account ${id}`),
        ...dir.appUsers
          .filter((a) => partnerOf.has(a.userId))
          .map((a) => `${a.userId} app ${a.appId}`),
        ...dir.groupMembers
          .filter((m) => partnerOf.has(m.userId))
          .map((m) => `${m.userId} group ${m.groupId}`),
        ...dir.adminRoles
          .filter((r) => partnerOf.has(r.userId))
          .map((r) => `${r.userId} admin_role ${r.roleType}`),
      ].sort()
      const rows = await db.all<{
        k: string
        excluded: boolean
        assignment: string | null
        via: string | null
      }>(
        `SELECT user_id || ' ' || entitlement_type || ' ' || CASE WHEN entitlement_type = 'admin_role'
           THEN entitlement_name ELSE entitlement_id END AS k, false AS excluded, assignment, via_group_id AS via
       FROM cert_items WHERE campaign_id = $c
       UNION ALL
       SELECT user_id || ' ' || entitlement_type || ' ' || entitlement_id, true, NULL, NULL
       FROM cert_exclusions WHERE campaign_id = $c`,
        { c: c.id },
      )
      // Admin roles are keyed by role type in directory.json and by label in the items, when Okta
      // gives one: compare those by count.
      const nonRole = (k: string) => !k.includes(' admin_role ')
      expect(
        rows
          .map((r) => r.k)
          .filter(nonRole)
          .sort(),
      ).toEqual(expected.filter(nonRole))
      expect(rows.filter((r) => !nonRole(r.k))).toHaveLength(
        expected.filter((k) => !nonRole(k)).length,
      )
      expect(launched.sourceCount).toBe(expected.length)

      const deprovisioned = [...partnerOf.values()].filter((u) => u.status === 'DEPROVISIONED')
      expect(deprovisioned.length).toBeGreaterThan(0)
      for (const u of deprovisioned) {
        expect(rows.find((r) => r.k === `${u.id} account ${u.id}`)?.excluded).toBe(true)
      }
      const groupHeld = dir.appUsers.filter((a) => partnerOf.has(a.userId) && a.scope === 'GROUP')
      expect(groupHeld.length).toBeGreaterThan(0)
      for (const a of groupHeld) {
        expect(rows.find((r) => r.k === `${a.userId} app ${a.appId}`)).toMatchObject({
          assignment: 'group',
          via: a.groupId,
        })
      }
      for (const m of dir.groupMembers.filter(
        (x) => partnerOf.has(x.userId) && builtIn.has(x.groupId),
      )) {
        expect(rows.find((r) => r.k === `${m.userId} group ${m.groupId}`)?.excluded).toBe(true)
      }
    },
  )
})
