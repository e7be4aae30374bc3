// A small partner directory for directory-sync tests: ACTIVE, SUSPENDED and DEPROVISIONED partner
// users with custom attributes, users matched by each rule alone, a conflict, unattributed external
// users, GROUP-scope assignments, IdP links and admin roles; the partners config that goes with it.
import { fixedClock } from '../../lib/clock.js'
import { parseConfig, type PartnerConfig, type ResolvedOrg } from '../../lib/config.js'
import type { Database } from '../../lib/db.js'
import type { FaultPlan } from '../../data/okta-sim/faults.js'
import type { OktaSim } from '../../data/okta-sim/server.js'
import { syncDirectory, type SyncDirectoryOptions } from '../../ingest/directory/sync.js'
import type { DirectorySyncSummary } from '../../ingest/directory/types.js'
import { createOktaClient } from '../../ingest/okta-client.js'
import { startSim } from '../data/okta-sim-fixtures.js'
import type { OktaUser, ScenarioDirectory } from '../../data/scenario/types.js'

export const T0 = '2026-03-02T12:00:00.000Z'
const CREATED = '2025-02-01T00:00:00.000Z'

export const IDS = {
  northwindGroup: '00gnorthwind00000001',
  contosoGroup: '00gcontoso0000000001',
  everyone: '00geveryone000000001',
  erp: '0oaerp00000000000001',
  wiki: '0oawiki0000000000001',
  northwindIdp: '0oaidpnorthwind00001',
  contosoIdp: '0oaidpcontoso0000001',
} as const

type Provider = OktaUser['credentials']['provider']['type']

function user(
  id: string,
  login: string,
  status: OktaUser['status'],
  provider: Provider,
  custom: Record<string, string> = {},
): OktaUser {
  const [first = 'x', last = 'y'] = login.split('@')[0]?.split('.') ?? []
  return {
    id,
    status,
    created: '2025-01-01T00:00:00.000Z',
    activated: status === 'STAGED' ? null : '2025-01-02T00:00:00.000Z',
    statusChanged: '2025-03-01T00:00:00.000Z',
    lastLogin: status === 'ACTIVE' ? '2026-03-01T08:30:00.000Z' : null,
    lastUpdated: '2025-06-01T00:00:00.000Z',
    passwordChanged: provider === 'OKTA' ? '2025-01-02T00:00:00.000Z' : null,
    type: { id: 'oty00000000000000001' },
    profile: { login, email: login.toLowerCase(), firstName: first, lastName: last, ...custom },
    credentials: { provider: { type: provider, name: provider } },
  }
}

export const U = {
  admin: user('00uadmin000000000001', 'root.admin@corp.example', 'ACTIVE', 'OKTA'),
  eve: user('00ueve00000000000001', 'eve.staff@corp.example', 'ACTIVE', 'OKTA'),
  sam: user('00usam00000000000001', 'sam.ops@corp.example', 'ACTIVE', 'OKTA'),
  ann: user('00uann00000000000001', 'ann.lee@northwind.example', 'ACTIVE', 'FEDERATION', {
    partnerId: 'northwind',
    contractEndDate: '2026-12-31',
    costCenter: 'NW-42',
  }),
  bob: user('00ubob00000000000001', 'bob.ray@northwind.example', 'SUSPENDED', 'FEDERATION', {
    partnerId: 'northwind',
    contractEndDate: '2026-06-30',
  }),
  dan: user('00udan00000000000001', 'dan.old@contoso.example', 'DEPROVISIONED', 'FEDERATION', {
    partnerId: 'contoso',
    contractEndDate: '2025-12-31',
  }),
  ivy: user('00uivy00000000000001', 'ivy.idp@mail.example', 'ACTIVE', 'FEDERATION'),
  gus: user('00ugus00000000000001', 'gus.group@freelance.example', 'ACTIVE', 'OKTA'),
  eli: user('00ueli00000000000001', 'Eli.Mail@Fabrikam.EXAMPLE', 'ACTIVE', 'OKTA'),
  con: user('00ucon00000000000001', 'con.flict@northwind.example', 'ACTIVE', 'OKTA', {
    partnerId: 'contoso',
  }),
  xena: user('00uxena0000000000001', 'xena.social@gmail.example', 'ACTIVE', 'SOCIAL'),
  olaf: user('00uolaf0000000000001', 'olaf.out@outside.example', 'ACTIVE', 'OKTA'),
  sue: user('00usue00000000000001', 'sue.sub@eu.fabrikam.example', 'ACTIVE', 'OKTA'),
} as const

/** What each user should be attributed to: [partnerId, rule] or null. */
export const EXPECTED_ATTRIBUTION: Record<keyof typeof U, [string, string] | null> = {
  admin: null,
  eve: null,
  sam: null,
  ann: ['northwind', 'profile-attribute'],
  bob: ['northwind', 'profile-attribute'],
  dan: ['contoso', 'profile-attribute'],
  ivy: ['contoso', 'idp'],
  gus: ['northwind', 'group'],
  eli: ['fabrikam', 'email-domain'],
  con: ['contoso', 'profile-attribute'],
  xena: null,
  olaf: null,
  sue: null,
}

export function fixtureDirectory(): ScenarioDirectory {
  const group = (id: string, name: string, type: 'OKTA_GROUP' | 'BUILT_IN' = 'OKTA_GROUP') => ({
    id,
    created: '2025-01-01T00:00:00.000Z',
    lastUpdated: '2025-01-01T00:00:00.000Z',
    lastMembershipUpdated: '2025-04-01T00:00:00.000Z',
    objectClass: ['okta:user_group'],
    type,
    profile: { name, description: `${name} members` },
  })
  const app = (id: string, label: string, signOnMode: string) => ({
    id,
    name: label.toLowerCase(),
    label,
    status: 'ACTIVE' as const,
    signOnMode,
    created: '2025-01-01T00:00:00.000Z',
    lastUpdated: '2025-01-01T00:00:00.000Z',
  })
  const idp = (id: string, name: string, action: 'AUTO' | 'DISABLED') => ({
    id,
    type: 'SAML2' as const,
    name,
    status: 'ACTIVE' as const,
    created: CREATED,
    lastUpdated: CREATED,
    protocol: { type: 'SAML2' },
    policy: { provisioning: { action } },
  })
  return {
    asOf: T0,
    users: Object.values(U),
    groups: [
      group(IDS.northwindGroup, 'Partner Northwind'),
      group(IDS.contosoGroup, 'Partner Contoso'),
      group(IDS.everyone, 'Everyone', 'BUILT_IN'),
    ],
    groupMembers: [
      { groupId: IDS.northwindGroup, userId: U.ann.id },
      { groupId: IDS.northwindGroup, userId: U.gus.id },
      { groupId: IDS.northwindGroup, userId: U.con.id },
      { groupId: IDS.contosoGroup, userId: U.dan.id },
      ...Object.values(U).map((u) => ({ groupId: IDS.everyone, userId: u.id })),
    ],
    apps: [app(IDS.erp, 'ERP', 'SAML_2_0'), app(IDS.wiki, 'Wiki', 'BOOKMARK')],
    appUsers: [
      { appId: IDS.erp, userId: U.ann.id, scope: 'USER', created: CREATED },
      { appId: IDS.erp, userId: U.dan.id, scope: 'USER', created: CREATED },
      {
        appId: IDS.erp,
        userId: U.gus.id,
        scope: 'GROUP',
        created: CREATED,
        groupId: IDS.northwindGroup,
      },
      {
        appId: IDS.erp,
        userId: U.con.id,
        scope: 'GROUP',
        created: CREATED,
        groupId: IDS.northwindGroup,
      },
      { appId: IDS.wiki, userId: U.ann.id, scope: 'USER', created: CREATED },
      { appId: IDS.wiki, userId: U.olaf.id, scope: 'USER', created: CREATED },
    ],
    appGroups: [{ appId: IDS.erp, groupId: IDS.northwindGroup }],
    idps: [
      idp(IDS.northwindIdp, 'Northwind SAML', 'AUTO'),
      idp(IDS.contosoIdp, 'Contoso SAML', 'DISABLED'),
    ],
    idpUsers: [
      { idpId: IDS.northwindIdp, userId: U.ann.id, externalId: 'ann@nw', created: CREATED },
      { idpId: IDS.northwindIdp, userId: U.bob.id, externalId: 'bob@nw', created: CREATED },
      { idpId: IDS.northwindIdp, userId: U.con.id, externalId: 'con@nw', created: CREATED },
      { idpId: IDS.contosoIdp, userId: U.ivy.id, externalId: 'ivy@co', created: CREATED },
    ],
    adminRoles: [
      { userId: U.admin.id, roleType: 'SUPER_ADMIN', assignedAt: CREATED },
      { userId: U.ann.id, roleType: 'READ_ONLY_ADMIN', assignedAt: CREATED },
    ],
  }
}

/** The partners of the fixture, with config defaults filled by the real parser. */
export function fixturePartners(): readonly PartnerConfig[] {
  const partner = (id: string, match: Record<string, unknown>) => ({
    id,
    name: id,
    timeZone: 'Europe/Amsterdam',
    match,
  })
  const config = parseConfig(
    {
      partners: [
        partner('northwind', {
          profileAttribute: { name: 'partnerId', value: 'northwind' },
          idpIds: [IDS.northwindIdp],
          groupIds: [IDS.northwindGroup],
          emailDomains: ['northwind.example'],
        }),
        partner('contoso', {
          profileAttribute: { name: 'partnerId', value: 'contoso' },
          idpIds: [IDS.contosoIdp],
          groupIds: [IDS.contosoGroup],
          emailDomains: ['contoso.example'],
        }),
        partner('fabrikam', { emailDomains: ['fabrikam.example'] }),
      ],
    },
    { env: {}, cwd: '/', source: 'test' },
  )
  return config.partners
}

/** The ResolvedOrg of a sim: its URL and token. */
export function simOrg(sim: OktaSim, token = sim.token): ResolvedOrg {
  return { name: 'hub', url: sim.url, role: 'hub', credentials: { kind: 'ssws', token } }
}

export interface FixtureSync {
  sim: OktaSim
  clock: ReturnType<typeof fixedClock>
  sync: (extra?: Partial<SyncDirectoryOptions>) => Promise<DirectorySyncSummary>
}

/** A sim serving `directory` (closed when the test ends) and a sync of it into `db`. */
export async function fixtureSync(
  db: Database,
  options: { directory?: ScenarioDirectory; faults?: FaultPlan } = {},
): Promise<FixtureSync> {
  const clock = fixedClock(T0)
  const sim = await startSim({
    directory: options.directory ?? fixtureDirectory(),
    clock,
    ...(options.faults ? { faults: options.faults } : {}),
  })
  const partners = fixturePartners()
  const sync = (extra: Partial<SyncDirectoryOptions> = {}) => {
    const org = extra.org ?? simOrg(sim)
    const client = extra.client ?? createOktaClient(org)
    return syncDirectory({ db, org, partners, clock, ...extra, client })
  }
  return { sim, clock, sync }
}
