import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { SCENARIO_FILES, type OktaLogEvent } from '../../data/scenario/types.js'
import { parseConfig } from '../../lib/config.js'
import type { ScenarioDirectory } from '../../data/scenario/types.js'
import {
  at,
  generate,
  readDirectory,
  readEvents,
  readJson,
  type Generated,
} from './scenario-helpers.js'

let g: Generated
let events: OktaLogEvent[]
let dir: ScenarioDirectory

beforeAll(async () => {
  g = await generate({ seed: 7, users: 80, days: 14, partners: 8 })
  events = readEvents(g.dir)
  dir = readDirectory(g.dir)
})
afterAll(() => g.cleanup())

/** The path of the first object whose keys are not in alphabetical order, or null. */
function unsortedKeys(value: unknown, path = '$'): string | null {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const bad = unsortedKeys(v, `${path}[${i}]`)
      if (bad) {
        return bad
      }
    }
  } else if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value)
    if (keys.join('\u0000') !== keys.slice().sort().join('\u0000')) {
      return path
    }
    for (const k of keys) {
      const bad = unsortedKeys((value as Record<string, unknown>)[k], `${path}.${k}`)
      if (bad) {
        return bad
      }
    }
  }
  return null
}

const TOP_LEVEL = [
  'actor',
  'authenticationContext',
  'client',
  'debugContext',
  'device',
  'displayMessage',
  'eventType',
  'legacyEventType',
  'outcome',
  'published',
  'request',
  'securityContext',
  'severity',
  'target',
  'transaction',
  'uuid',
  'version',
]

describe('scenario events.ndjson', () => {
  it('is sorted by published, with unique uuids and ASCII only', () => {
    expect(events.length).toBe(g.summary.counts.events)
    const unsorted = events.filter(
      (e, i) => i > 0 && (events[i - 1]?.published ?? '') > e.published,
    )
    expect(unsorted).toEqual([])
    expect(new Set(events.map((e) => e.uuid)).size).toBe(events.length)
    const bytes = readFileSync(join(g.dir, SCENARIO_FILES.events))
    expect(bytes.every((b) => b < 128)).toBe(true)
  })

  it('has every required field, in Okta shape, keys in alphabetical order at every level', () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
    const published = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
    const top = TOP_LEVEL.join(',')
    const actorKeys = 'alternateId,detailEntry,displayName,id,type'
    const problems: string[] = []
    for (const e of events) {
      const debug = at(e, 'debugContext', 'debugData') as Record<string, unknown>
      const checks: [boolean, string][] = [
        [Object.keys(e).join(',') === top, 'top-level keys'],
        [unsortedKeys(e) === null, `key order at ${unsortedKeys(e) ?? ''}`],
        [uuid.test(e.uuid), 'uuid'],
        [published.test(e.published), 'published'],
        [e.version === '0', 'version'],
        [['DEBUG', 'INFO', 'WARN', 'ERROR'].includes(String(e.severity)), 'severity'],
        [at(e, 'authenticationContext', 'authenticationStep') === 0, 'authenticationStep'],
        [typeof at(e, 'transaction', 'id') === 'string', 'transaction.id'],
        [typeof at(e, 'outcome', 'result') === 'string', 'outcome.result'],
        [Object.values(debug).every((v) => typeof v === 'string'), 'debugData values are strings'],
        [typeof debug.requestId === 'string', 'debugData.requestId'],
        [Object.keys(e.actor as object).join(',') === actorKeys, 'actor keys'],
      ]
      for (const [ok, what] of checks) {
        if (!ok) {
          problems.push(`${e.uuid} ${e.eventType}: ${what}`)
        }
      }
    }
    expect(problems.slice(0, 10)).toEqual([])
  })

  it('carries client, geolocation, network and behaviour details on sign-ins', () => {
    const starts = events.filter((e) => e.eventType === 'user.session.start')
    expect(starts.length).toBeGreaterThan(100)
    const behaviors =
      /^\{New Geo-Location=(POSITIVE|NEGATIVE), New Device=(POSITIVE|NEGATIVE), New IP=(POSITIVE|NEGATIVE), New State=(POSITIVE|NEGATIVE), New Country=(POSITIVE|NEGATIVE), Velocity=(POSITIVE|NEGATIVE), New City=(POSITIVE|NEGATIVE)\}$/
    const problems: string[] = []
    for (const e of starts) {
      const debug = at(e, 'debugContext', 'debugData') as Record<string, string>
      const success = at(e, 'outcome', 'result') === 'SUCCESS'
      const session = at(e, 'authenticationContext', 'externalSessionId')
      const checks: [boolean, string][] = [
        [/^\d+\.\d+\.\d+\.\d+$/.test(String(at(e, 'client', 'ipAddress'))), 'ipAddress'],
        [typeof at(e, 'client', 'userAgent', 'rawUserAgent') === 'string', 'rawUserAgent'],
        [['Computer', 'Mobile', 'Unknown'].includes(String(at(e, 'client', 'device'))), 'device'],
        [typeof at(e, 'client', 'geographicalContext', 'country') === 'string', 'country'],
        [typeof at(e, 'client', 'geographicalContext', 'geolocation', 'lat') === 'number', 'lat'],
        [typeof at(e, 'securityContext', 'asNumber') === 'number', 'asNumber'],
        [at(e, 'request', 'ipChain', '0', 'ip') === at(e, 'client', 'ipAddress'), 'ipChain'],
        [behaviors.test(debug.behaviors ?? ''), 'behaviors'],
        [/level=(LOW|MEDIUM|HIGH)\}$/.test(debug.risk ?? ''), 'risk'],
        [
          success
            ? /^(idx|102)[A-Za-z0-9]{22}$/.test(String(session))
            : session === null &&
              /^(INVALID_CREDENTIALS|LOCKED_OUT)$/.test(String(at(e, 'outcome', 'reason'))),
          'session / reason',
        ],
      ]
      for (const [ok, what] of checks) {
        if (!ok) {
          problems.push(`${e.uuid}: ${what}`)
        }
      }
    }
    expect(problems.slice(0, 10)).toEqual([])
  })

  it('contains both sign-in styles, SSO, sign-out and admin events', () => {
    const types = new Set(events.map((e) => e.eventType))
    for (const t of [
      'user.session.start',
      'user.authentication.auth_via_IDP',
      'user.authentication.auth_via_mfa',
      'system.push.send_factor_verify_push',
      'policy.evaluate_sign_on',
      'user.authentication.sso',
      'user.session.end',
      'user.lifecycle.deactivate',
    ]) {
      expect(types, t).toContain(t)
    }
    const federated = events.find((e) => e.eventType === 'user.authentication.auth_via_IDP')
    expect(at(federated, 'authenticationContext', 'authenticationProvider')).toBe('FEDERATION')
    expect(at(federated, 'authenticationContext', 'credentialType')).toBe('ASSERTION')
    const password = events.find(
      (e) =>
        e.eventType === 'user.session.start' &&
        at(e, 'authenticationContext', 'credentialType') === 'PASSWORD',
    )
    expect(password).toBeDefined()
    const lifecycle = events.find((e) => e.eventType === 'user.lifecycle.deactivate')
    expect(at(lifecycle, 'actor', 'alternateId')).toMatch(/@acme\.example$/)
    expect(at(lifecycle, 'target', '0', 'type')).toBe('User')
  })

  it('keeps normal password typos rare and scattered: never a burst for one user', () => {
    const failures = new Map<string, number[]>()
    for (const e of events) {
      if (e.eventType === 'user.session.start' && at(e, 'outcome', 'result') === 'FAILURE') {
        const id = String(at(e, 'actor', 'id'))
        failures.set(id, [...(failures.get(id) ?? []), Date.parse(e.published)])
      }
    }
    const starts = events.filter((e) => e.eventType === 'user.session.start').length
    const normal = [...failures.values()].filter((ts) => ts.length <= 5).flat().length
    expect(normal / starts).toBeLessThan(0.05)
  })
})

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
