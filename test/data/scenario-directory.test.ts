import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { parseConfig } from '../../lib/config.js'
import type { ScenarioDirectory } from '../../data/scenario/types.js'
import { generate, readDirectory, readJson, type Generated } from './scenario-helpers.js'

let g: Generated
let dir: ScenarioDirectory

beforeAll(async () => {
  g = await generate({ seed: 3, users: 150, days: 30, partners: 8 })
  dir = readDirectory(g.dir)
})
afterAll(() => g.cleanup())

describe('scenario directory and config', () => {
  it('writes a config that partnerwatch accepts', () => {
    const raw = readJson(g.dir, 'partnerwatch.config.json')
    const config = parseConfig(raw, { env: {}, cwd: g.dir, source: 'scenario' })
    expect(config.partners).toHaveLength(8)
    const zones = new Set(config.partners.map((p) => p.timeZone))
    expect(zones).toContain('Asia/Tokyo')
    expect(zones).toContain('Europe/Amsterdam')
    expect(zones).toContain('America/New_York')
    const ended = config.partners.filter(
      (p) => p.contractEnd !== undefined && p.contractEnd < '2026-11-20',
    )
    expect(ended.length).toBeGreaterThan(0)
    expect(config.partners.some((p) => p.allowedCountries.length > 1)).toBe(true)
    for (const p of config.partners) {
      expect(p.knownEgress.asns.length).toBeGreaterThan(0)
      expect(p.match.groupIds.every((id) => dir.groups.some((gr) => gr.id === id))).toBe(true)
      expect(p.match.idpIds.every((id) => dir.idps.some((i) => i.id === id))).toBe(true)
    }
  })

  it('has users in every state, with Okta-shaped ids and partner attributes', () => {
    const statuses = new Set(dir.users.map((u) => u.status))
    expect(statuses).toContain('ACTIVE')
    expect(statuses).toContain('DEPROVISIONED')
    expect(statuses).toContain('SUSPENDED')
    for (const u of dir.users) {
      expect(u.id).toMatch(/^00u[A-Za-z0-9]{17}$/)
    }
    const partnerUsers = dir.users.filter((u) => u.profile.partnerId)
    const employees = dir.users.filter((u) => !u.profile.partnerId)
    expect(partnerUsers.length).toBeGreaterThan(employees.length)
    expect(employees.length).toBeGreaterThan(2)
    for (const u of partnerUsers) {
      expect(u.profile.contractEndDate).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    }
    expect(dir.users.some((u) => u.credentials.provider.type === 'FEDERATION')).toBe(true)
    expect(
      dir.users.some((u) => u.credentials.provider.type === 'OKTA' && u.profile.partnerId),
    ).toBe(true)
    const federated = new Set(
      dir.users.filter((u) => u.credentials.provider.type === 'FEDERATION').map((u) => u.id),
    )
    expect(dir.idpUsers.every((l) => federated.has(l.userId))).toBe(true)
  })

  it('assigns apps directly and through groups', () => {
    expect(dir.appUsers.some((a) => a.scope === 'GROUP' && a.groupId !== undefined)).toBe(true)
    expect(dir.appUsers.some((a) => a.scope === 'USER')).toBe(true)
    for (const a of dir.appUsers.filter((x) => x.scope === 'GROUP')) {
      expect(dir.appGroups.some((ag) => ag.appId === a.appId && ag.groupId === a.groupId)).toBe(
        true,
      )
      expect(dir.groupMembers.some((m) => m.groupId === a.groupId && m.userId === a.userId)).toBe(
        true,
      )
    }
    for (const g0 of dir.groups) {
      expect(g0.id).toMatch(/^00g[A-Za-z0-9]{17}$/)
    }
    for (const app of dir.apps) {
      expect(app.id).toMatch(/^0oa[A-Za-z0-9]{17}$/)
    }
    const deprovisioned = new Set(
      dir.users.filter((u) => u.status === 'DEPROVISIONED').map((u) => u.id),
    )
    expect(dir.appUsers.some((a) => deprovisioned.has(a.userId))).toBe(false)
    expect(dir.adminRoles.length).toBeGreaterThan(0)
    expect(dir.idps.map((i) => i.type).sort()).toEqual(['OIDC', 'SAML2', 'SAML2'])
  })
})
