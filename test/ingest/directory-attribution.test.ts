// Pure tests of partner attribution, the external-user test, internal-domain inference and the
// source group of GROUP-scope assignments.
import { describe, expect, it } from 'vitest'
import { parseConfig, type PartnerConfig } from '../../lib/config.js'
import {
  attributePartner,
  domainOf,
  looksExternal,
  type AttributionContext,
  type AttributionUser,
} from '../../ingest/partner-attribution.js'
import { fillAssignmentGroups } from '../../ingest/directory/assignment-groups.js'
import { idFromHref } from '../../ingest/directory/fetch-apps.js'
import { resolveInternalDomains } from '../../ingest/directory/internal-domains.js'
import type { FetchedAppUser } from '../../ingest/directory/types.js'

function partners(...list: { id: string; match: Record<string, unknown> }[]): PartnerConfig[] {
  const raw = list.map((p) => ({ ...p, name: p.id, timeZone: 'UTC' }))
  return [...parseConfig({ partners: raw }, { env: {}, cwd: '/', source: 'test' }).partners]
}

const PARTNERS = partners(
  {
    id: 'alpha',
    match: {
      profileAttribute: { name: 'partnerId', value: 'alpha' },
      idpIds: ['0oaidpalpha'],
      groupIds: ['00galpha'],
      emailDomains: ['alpha.example'],
    },
  },
  {
    id: 'beta',
    match: {
      profileAttribute: { name: 'org', value: 'beta' },
      idpIds: ['0oaidpbeta'],
      groupIds: ['00gbeta'],
      emailDomains: ['beta.example', 'eu.beta.example'],
    },
  },
  { id: 'gamma', match: { emailDomains: ['alpha.example'] } },
)

function user(fields: Partial<AttributionUser> = {}): AttributionUser {
  return {
    login: 'someone@nowhere.example',
    email: 'someone@nowhere.example',
    profile: {},
    providerType: 'OKTA',
    providerName: 'OKTA',
    ...fields,
  }
}

function ctx(fields: Partial<AttributionContext> = {}): AttributionContext {
  return { partners: PARTNERS, groupIds: [], linkedIdpIds: [], ...fields }
}

describe('attributePartner', () => {
  it('matches on the profile attribute first, whatever else matches another partner', () => {
    const u = user({ login: 'x@beta.example', profile: { partnerId: 'alpha' } })
    const c = ctx({ groupIds: ['00gbeta'], linkedIdpIds: ['0oaidpbeta'] })
    expect(attributePartner(u, c)).toEqual({ partnerId: 'alpha', rule: 'profile-attribute' })
  })

  it('applies rules in order across partners: a later partner’s IdP beats an earlier one’s group', () => {
    const c = ctx({ groupIds: ['00galpha'], linkedIdpIds: ['0oaidpbeta'] })
    expect(attributePartner(user(), c)).toEqual({
      partnerId: 'beta',
      rule: 'idp',
      idpId: '0oaidpbeta',
    })
  })

  it('prefers a group over an email domain', () => {
    const u = user({ login: 'x@alpha.example' })
    expect(attributePartner(u, ctx({ groupIds: ['00gbeta'] }))).toEqual({
      partnerId: 'beta',
      rule: 'group',
    })
  })

  it('takes the first partner in config order within one rule', () => {
    // alpha and gamma both list alpha.example.
    expect(attributePartner(user({ login: 'x@alpha.example' }), ctx())).toEqual({
      partnerId: 'alpha',
      rule: 'email-domain',
    })
  })

  it('reads attribute values of other types and arrays, but matches strings exactly', () => {
    const numeric = partners({ id: 'n', match: { profileAttribute: { name: 'code', value: '7' } } })
    const c = ctx({ partners: numeric })
    expect(attributePartner(user({ profile: { code: 7 } }), c)?.partnerId).toBe('n')
    expect(attributePartner(user({ profile: { code: ['1', '7'] } }), c)?.partnerId).toBe('n')
    expect(attributePartner(user({ profile: { partnerId: 'Alpha' } }), ctx())).toBeNull()
    expect(attributePartner(user({ profile: { partnerId: null } }), ctx())).toBeNull()
  })

  it('follows a federated provider name that is an IdP id or an IdP name', () => {
    const byId = user({ providerType: 'FEDERATION', providerName: '0oaidpbeta' })
    expect(attributePartner(byId, ctx())).toMatchObject({ partnerId: 'beta', rule: 'idp' })
    const byName = user({ providerType: 'SOCIAL', providerName: 'alpha sso' })
    const names = new Map([['0oaidpalpha', 'Alpha SSO']])
    expect(attributePartner(byName, ctx({ idpNames: names }))).toEqual({
      partnerId: 'alpha',
      rule: 'idp',
      idpId: '0oaidpalpha',
    })
    // An Okta-mastered user's provider name says nothing about IdPs.
    const okta = user({ providerType: 'OKTA', providerName: '0oaidpbeta' })
    expect(attributePartner(okta, ctx())).toBeNull()
  })

  it('compares email domains case-insensitively, on login or email, without subdomains', () => {
    expect(attributePartner(user({ login: 'X@ALPHA.Example' }), ctx())?.partnerId).toBe('alpha')
    expect(
      attributePartner(user({ login: 'short-name', email: 'x@beta.example' }), ctx())?.partnerId,
    ).toBe('beta')
    expect(attributePartner(user({ login: 'x@sub.alpha.example', email: null }), ctx())).toBeNull()
    // Listed explicitly, a subdomain matches.
    expect(attributePartner(user({ login: 'x@eu.beta.example' }), ctx())?.partnerId).toBe('beta')
  })

  it('returns null when no rule of any partner matches', () => {
    expect(attributePartner(user(), ctx())).toBeNull()
    expect(attributePartner(user(), ctx({ partners: [] }))).toBeNull()
  })
})

describe('looksExternal and domainOf', () => {
  const internal = new Set(['corp.example'])
  it('calls federated and social users external, and logins outside the internal domains', () => {
    expect(looksExternal({ login: 'a@corp.example', providerType: 'FEDERATION' }, internal)).toBe(
      true,
    )
    expect(looksExternal({ login: 'a@corp.example', providerType: 'SOCIAL' }, internal)).toBe(true)
    expect(looksExternal({ login: 'a@CORP.example', providerType: 'OKTA' }, internal)).toBe(false)
    expect(looksExternal({ login: 'a@other.example', providerType: 'OKTA' }, internal)).toBe(true)
    expect(looksExternal({ login: 'a@x.corp.example', providerType: 'OKTA' }, internal)).toBe(true)
    expect(looksExternal({ login: 'a@other.example', providerType: 'OKTA' }, new Set())).toBe(false)
    expect(looksExternal({ login: 'shortname', providerType: 'OKTA' }, internal)).toBe(false)
  })

  it('takes the domain after the last @, lower-cased', () => {
    expect(domainOf('"a@b"@Example.COM')).toBe('example.com')
    expect(domainOf('nobody')).toBeNull()
    expect(domainOf('trailing@')).toBeNull()
    expect(domainOf(null)).toBeNull()
  })
})

describe('resolveInternalDomains', () => {
  const u = (login: string, providerType = 'OKTA') => ({ login, providerType })
  it('uses configured domains, lower-cased', () => {
    expect(resolveInternalDomains(['Corp.example', 'corp.example'], [u('a@x.example')])).toEqual({
      domains: ['corp.example'],
      inferred: false,
    })
  })

  it('infers the commonest login domain of Okta-mastered users, ties alphabetically', () => {
    const users = [
      u('a@corp.example'),
      u('b@corp.example'),
      u('c@other.example'),
      u('d@fed.example', 'FEDERATION'),
      u('e@fed.example', 'FEDERATION'),
      u('f@fed.example', 'FEDERATION'),
    ]
    expect(resolveInternalDomains([], users)).toEqual({ domains: ['corp.example'], inferred: true })
    expect(resolveInternalDomains([], [u('a@b.example'), u('a@a.example')]).domains).toEqual([
      'a.example',
    ])
    expect(resolveInternalDomains([], [u('x@fed.example', 'SOCIAL')])).toEqual({
      domains: [],
      inferred: true,
    })
  })
})

describe('fillAssignmentGroups', () => {
  const assignment = (userId: string, scope: 'USER' | 'GROUP', groupId: string | null = null) =>
    ({
      appId: 'app',
      userId,
      scope,
      groupId,
      status: 'ACTIVE',
      externalId: null,
      userName: null,
      created: null,
      lastUpdated: null,
      statusChanged: null,
    }) satisfies FetchedAppUser

  it('names the app’s group the user belongs to when Okta did not link it', () => {
    const filled = fillAssignmentGroups(
      [
        assignment('u1', 'GROUP'),
        assignment('u2', 'GROUP', 'g9'),
        assignment('u3', 'USER'),
        assignment('u4', 'GROUP'),
      ],
      [
        { appId: 'app', groupId: 'g2', priority: 1, lastUpdated: null },
        { appId: 'app', groupId: 'g1', priority: 0, lastUpdated: null },
      ],
      [
        { groupId: 'g1', userId: 'u1' },
        { groupId: 'g2', userId: 'u1' },
        { groupId: 'g1', userId: 'u3' },
      ],
    )
    expect(filled.map((a) => a.groupId)).toEqual(['g1', 'g9', null, null])
  })

  it('reads group ids from AppUser links', () => {
    expect(idFromHref('https://x.okta.com/api/v1/groups/00g1abc?expand=x', 'groups')).toBe(
      '00g1abc',
    )
    expect(idFromHref('https://x.okta.com/api/v1/apps/0oa1', 'groups')).toBeNull()
    expect(idFromHref(undefined, 'groups')).toBeNull()
  })
})
