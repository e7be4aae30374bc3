import { describe, expect, it } from 'vitest'
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig, parseConfig, keyOf } from '../../lib/config.js'
import { ConfigInvalid } from '../../lib/errors.js'

const partner = {
  id: 'northwind',
  name: 'Northwind Logistics',
  match: {
    profileAttribute: { name: 'partnerId', value: 'northwind' },
    emailDomains: ['northwind.example'],
  },
  timeZone: 'Europe/Amsterdam',
}

function parse(raw: unknown, env: Record<string, string> = {}) {
  return parseConfig(raw, { env, cwd: '/srv', source: 'test.json' })
}

function issuesOf(fn: () => unknown) {
  try {
    fn()
  } catch (err) {
    if (err instanceof ConfigInvalid) {
      return err.issues
    }
    throw err
  }
  throw new Error('expected ConfigInvalid')
}

describe('config', () => {
  it('refuses a database pool too small to store events, naming the key', () => {
    expect(issuesOf(() => parse({ databaseMemoryLimit: '128MB' }))).toEqual([
      {
        key: 'databaseMemoryLimit',
        message: 'must be at least 256MB: the service ingests and runs the detectors in this pool',
      },
    ])
    expect(parse({ databaseMemoryLimit: '256MB' }).databaseMemoryLimit).toBe('256MB')
  })

  it('parses the DESIGN.md example and fills defaults', () => {
    const config = parse(
      {
        orgs: [
          { name: 'hub', url: 'https://acme.okta.com/', tokenEnv: 'OKTA_API_TOKEN' },
          { name: 'emea-spoke', url: 'https://acme-emea.okta.com', tokenEnv: 'OKTA_EMEA_TOKEN' },
        ],
        partners: [
          {
            ...partner,
            knownEgress: { asns: [64512], cidrs: ['203.0.113.0/24'] },
            contractEnd: '2027-03-31',
          },
        ],
        detectors: { 'impossible-travel': { speedKmh: 900 } },
      },
      { OKTA_API_TOKEN: 'a', OKTA_EMEA_TOKEN: 'b' },
    )
    expect(config.orgs.map((o) => [o.name, o.url, o.credentials])).toEqual([
      ['hub', 'https://acme.okta.com', { kind: 'ssws', token: 'a' }],
      ['emea-spoke', 'https://acme-emea.okta.com', { kind: 'ssws', token: 'b' }],
    ])
    const p = config.partners[0]
    expect(p?.businessHours).toEqual({
      days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'],
      start: '07:00',
      end: '19:00',
    })
    expect(p?.requireMfa).toBe(true)
    expect(p?.dormantAfterDays).toBe(90)
    expect(config.ingest).toMatchObject({
      pollIntervalSeconds: 30,
      rateLimitShare: 0.5,
      sinceDays: 7,
    })
    expect(config.databasePath).toBe('/srv/partnerwatch.duckdb')
    expect(config.databaseMemoryLimit).toBe('512MB')
    expect(config.internalDomains).toEqual([])
    expect(Object.isFrozen(config.partners)).toBe(true)
  })

  it('lists every violation at once, each naming its key', () => {
    const issues = issuesOf(() =>
      parse({
        orgs: [{ name: 'hub', url: 'ftp://acme.okta.com', tokenEnv: 'MISSING_TOKEN' }],
        partners: [
          {
            ...partner,
            timeZone: 'Mars/Olympus',
            knownEgress: { asns: [], cidrs: ['10.0.0.0/99'] },
          },
          { ...partner, businessHours: { days: ['Funday'], start: '25:00', end: '18:00' } },
        ],
        ingest: { rateLimitShare: 2 },
        databaseMemoryLimit: 'lots',
        surprise: true,
      }),
    )
    const keys = issues.map((i) => i.key)
    expect(keys).toEqual(
      expect.arrayContaining([
        'partners[1].businessHours.days[0]',
        'partners[1].businessHours.start',
        'ingest.rateLimitShare',
        'databaseMemoryLimit',
      ]),
    )
    expect(issues).toContainEqual({ key: 'surprise', message: 'unknown key' })
    expect(issues).toContainEqual({
      key: 'partners[1].businessHours.days[0]',
      message: 'must be one of "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"',
    })
  })

  it('reports semantic problems once the shape is right', () => {
    const issues = issuesOf(() =>
      parse({
        orgs: [{ name: 'hub', url: 'ftp://acme.okta.com', tokenEnv: 'MISSING_TOKEN' }],
        partners: [
          {
            ...partner,
            timeZone: 'Mars/Olympus',
            knownEgress: { asns: [], cidrs: ['10.0.0.0/99'] },
          },
          { ...partner, match: {} },
        ],
      }),
    )
    expect(issues).toEqual(
      expect.arrayContaining([
        { key: 'orgs[0].url', message: 'must be https (plain http only on loopback)' },
        { key: 'orgs[0].tokenEnv', message: 'environment variable MISSING_TOKEN is not set' },
        { key: 'partners[0].timeZone', message: 'unknown IANA time zone "Mars/Olympus"' },
        { key: 'partners[0].knownEgress.cidrs[0]', message: 'not a CIDR: "10.0.0.0/99"' },
        { key: 'partners[1].id', message: 'duplicate id "northwind"' },
        {
          key: 'partners[1].match',
          message: 'needs at least one of profileAttribute, idpIds, groupIds, emailDomains',
        },
      ]),
    )
  })

  it('makes a one-org setup from OKTA_ORG_URL and OKTA_API_TOKEN alone', () => {
    const config = parse(
      {},
      { OKTA_ORG_URL: 'http://127.0.0.1:9000', OKTA_API_TOKEN: 't', PORT: '9999' },
    )
    expect(config.orgs).toEqual([
      {
        name: 'default',
        url: 'http://127.0.0.1:9000',
        role: 'hub',
        credentials: { kind: 'ssws', token: 't' },
      },
    ])
    expect(config.server.port).toBe(9999)
    expect(issuesOf(() => parse({}, { OKTA_ORG_URL: 'https://x.okta.com' }))[0]?.key).toBe(
      'env.OKTA_API_TOKEN',
    )
  })

  it('supports OAuth private-key credentials from the environment', () => {
    const config = parse(
      {},
      { OKTA_ORG_URL: 'https://x.okta.com', OKTA_CLIENT_ID: 'cid', OKTA_PRIVATE_KEY: 'PEM' },
    )
    expect(config.orgs[0]?.credentials).toMatchObject({
      kind: 'private-key',
      clientId: 'cid',
      privateKey: 'PEM',
    })
  })

  it('reads the file named by PARTNERWATCH_CONFIG and names unreadable files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-config-'))
    try {
      writeFileSync(
        join(dir, 'pw.json'),
        JSON.stringify({ partners: [partner], database: 'data/x.duckdb' }),
      )
      const config = loadConfig({ env: { PARTNERWATCH_CONFIG: 'pw.json' }, cwd: dir })
      expect(config.partners[0]?.id).toBe('northwind')
      expect(config.databasePath).toBe(join(dir, 'data/x.duckdb'))
      writeFileSync(join(dir, 'bad.json'), '{ "partners": [ }')
      expect(() => loadConfig({ env: {}, cwd: dir, path: 'bad.json' })).toThrow(
        /bad\.json\): \(file\): not valid JSON/,
      )
      expect(() => loadConfig({ env: {}, cwd: dir, path: 'nope.json' })).toThrow(
        /\(file\): cannot read: ENOENT/,
      )
      // No file and no environment: an empty, valid configuration (the demo).
      expect(loadConfig({ env: {}, cwd: dir }).orgs).toEqual([])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('turns JSON pointers into readable keys', () => {
    expect(keyOf('/partners/0/match/emailDomains/2')).toBe('partners[0].match.emailDomains[2]')
    expect(keyOf('')).toBe('(root)')
  })
})
