// Small hand-made scenarios for the simulated Okta org: events and a directory written into a temp
// folder, a started sim closed when the test ends, an SDK client pointed at it, and raw fetch helpers.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Client, Collection } from '@okta/okta-sdk-nodejs'
import { onTestFinished } from 'vitest'
import { startOktaSim, type OktaSim, type OktaSimOptions } from '../../data/okta-sim/server.js'
import type { OktaLogEvent, OktaUser, ScenarioDirectory } from '../../data/scenario/types.js'

export const T0 = '2026-03-02T12:00:00.000Z'

/** A sign-in style LogEvent with keys in alphabetical order, as Okta serves them. */
export function makeEvent(fields: {
  uuid: string
  published: string
  eventType?: string
  actorId?: string
  login?: string
  result?: string
  city?: string
}): OktaLogEvent {
  const login = fields.login ?? 'ann@partner.example'
  return {
    actor: {
      alternateId: login,
      detailEntry: null,
      displayName: 'Ann Partner',
      id: fields.actorId ?? '00uann00000000000001',
      type: 'User',
    },
    client: {
      geographicalContext: { city: fields.city ?? 'Lyon', country: 'France' },
      ipAddress: '198.51.100.23',
    },
    displayMessage: 'User login to Okta',
    eventType: fields.eventType ?? 'user.session.start',
    outcome: { reason: null, result: fields.result ?? 'SUCCESS' },
    published: fields.published,
    severity: 'INFO',
    target: [
      { alternateId: 'app', displayName: 'App', id: '0oaapp00000000000001', type: 'AppInstance' },
    ],
    uuid: fields.uuid,
    version: '0',
  }
}

/** `count` events `stepMs` apart from `start`, uuids `e-0000`, `e-0001`, … */
export function eventSeries(
  count: number,
  start = T0,
  stepMs = 1000,
  prefix = 'e',
): OktaLogEvent[] {
  const t0 = Date.parse(start)
  return Array.from({ length: count }, (_, i) =>
    makeEvent({
      uuid: `${prefix}-${String(i).padStart(4, '0')}`,
      published: new Date(t0 + i * stepMs).toISOString(),
    }),
  )
}

function user(
  id: string,
  login: string,
  status: OktaUser['status'],
  partnerId: string | null,
): OktaUser {
  const [first = 'x', last = 'y'] = login.split('@')[0]?.split('.') ?? []
  return {
    id,
    status,
    created: '2025-01-01T00:00:00.000Z',
    activated: '2025-01-01T00:00:00.000Z',
    statusChanged: '2025-01-01T00:00:00.000Z',
    lastLogin: null,
    lastUpdated: '2025-06-01T00:00:00.000Z',
    passwordChanged: null,
    type: { id: 'oty00000000000000001' },
    profile: { login, email: login, firstName: first, lastName: last, partnerId },
    credentials: { provider: { type: 'FEDERATION', name: 'FEDERATION' } },
  }
}

export const USERS = {
  admin: user('00uadmin000000000001', 'root.admin@corp.example', 'ACTIVE', null),
  ann: user('00uann00000000000001', 'ann.lee@northwind.example', 'ACTIVE', 'northwind'),
  bob: user('00ubob00000000000001', 'bob.ray@northwind.example', 'ACTIVE', 'northwind'),
  cid: user('00ucid00000000000001', 'cid.moe@contoso.example', 'SUSPENDED', 'contoso'),
  dan: user('00udan00000000000001', 'dan.old@contoso.example', 'DEPROVISIONED', 'contoso'),
} as const

export function makeDirectory(extraUsers: OktaUser[] = []): ScenarioDirectory {
  const group = (id: string, name: string) => ({
    id,
    created: '2025-01-01T00:00:00.000Z',
    lastUpdated: '2025-01-01T00:00:00.000Z',
    lastMembershipUpdated: '2025-01-01T00:00:00.000Z',
    objectClass: ['okta:user_group'],
    type: 'OKTA_GROUP' as const,
    profile: { name, description: null },
  })
  const app = (id: string, label: string) => ({
    id,
    name: 'okta_org2org',
    label,
    status: 'ACTIVE' as const,
    signOnMode: 'SAML_2_0',
    created: '2025-01-01T00:00:00.000Z',
    lastUpdated: '2025-01-01T00:00:00.000Z',
  })
  const created = '2025-02-01T00:00:00.000Z'
  return {
    asOf: T0,
    users: [...Object.values(USERS), ...extraUsers],
    groups: [
      group('00gnorthwind00000001', 'Partner Northwind'),
      group('00gcontoso000000001', 'Partner Contoso'),
    ],
    groupMembers: [
      { groupId: '00gnorthwind00000001', userId: USERS.ann.id },
      { groupId: '00gnorthwind00000001', userId: USERS.bob.id },
      { groupId: '00gcontoso000000001', userId: USERS.cid.id },
      { groupId: '00gcontoso000000001', userId: USERS.dan.id },
    ],
    apps: [app('0oaerp00000000000001', 'ERP'), app('0oawiki0000000000001', 'Wiki')],
    appUsers: [
      { appId: '0oaerp00000000000001', userId: USERS.ann.id, scope: 'USER', created },
      {
        appId: '0oaerp00000000000001',
        userId: USERS.bob.id,
        scope: 'GROUP',
        created,
        groupId: '00gnorthwind00000001',
      },
      { appId: '0oaerp00000000000001', userId: USERS.cid.id, scope: 'USER', created },
      { appId: '0oawiki0000000000001', userId: USERS.ann.id, scope: 'USER', created },
    ],
    appGroups: [{ appId: '0oaerp00000000000001', groupId: '00gnorthwind00000001' }],
    idps: [
      {
        id: '0oaidpnorthwind00001',
        type: 'SAML2',
        name: 'Northwind SAML',
        status: 'ACTIVE',
        created,
        lastUpdated: created,
        protocol: { type: 'SAML2' },
        policy: { provisioning: { action: 'AUTO' } },
      },
    ],
    idpUsers: [
      { idpId: '0oaidpnorthwind00001', userId: USERS.ann.id, externalId: 'ann@nw', created },
      { idpId: '0oaidpnorthwind00001', userId: USERS.bob.id, externalId: 'bob@nw', created },
    ],
    adminRoles: [{ userId: USERS.admin.id, roleType: 'SUPER_ADMIN', assignedAt: created }],
  }
}

/** Writes a scenario folder (removed when the test ends); `eventsText` overrides the NDJSON. */
export async function writeScenario(
  events: readonly OktaLogEvent[],
  directory: ScenarioDirectory = makeDirectory(),
  eventsText?: string,
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'okta-sim-'))
  onTestFinished(() => rm(dir, { recursive: true, force: true }))
  const ndjson = eventsText ?? events.map((e) => `${JSON.stringify(e)}\n`).join('')
  await writeFile(join(dir, 'events.ndjson'), ndjson)
  await writeFile(join(dir, 'directory.json'), JSON.stringify(directory))
  return dir
}

/** Starts a sim on a fresh scenario; it is closed when the test ends. */
export async function startSim(
  options: Partial<OktaSimOptions> & {
    events?: readonly OktaLogEvent[]
    directory?: ScenarioDirectory
    eventsText?: string
  } = {},
): Promise<OktaSim> {
  const { events = [], directory, eventsText, ...rest } = options
  const scenarioDir = rest.scenarioDir ?? (await writeScenario(events, directory, eventsText))
  const sim = await startOktaSim({ ...rest, scenarioDir })
  onTestFinished(() => sim.close())
  return sim
}

export function sdkClient(sim: OktaSim, extra: Record<string, unknown> = {}): Client {
  return new Client({ orgUrl: sim.url, token: sim.token, cacheMiddleware: null, ...extra })
}

type CollectionArgs = ConstructorParameters<typeof Collection>

/** The raw Collection path of okta-api.md §7.3: plain JSON events through the SDK's executor. */
export function rawLogCollection(client: Client, uri: string) {
  return new Collection<{ uuid: string; published: string }>(
    client.http as unknown as CollectionArgs[0],
    uri,
    {} as CollectionArgs[2],
    { headers: { Accept: 'application/json' } } as CollectionArgs[3],
  )
}

export interface RawPage {
  status: number
  headers: Headers
  body: unknown
  text: string
  links: { self?: string; next?: string }
}

/** GET with the sim's token and plain fetch, links parsed from the (combined) link header. */
export async function rawGet(sim: OktaSim, pathOrUrl: string, token = sim.token): Promise<RawPage> {
  const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${sim.url}${pathOrUrl}`
  const res = await fetch(url, {
    headers: { Authorization: `SSWS ${token}`, Accept: 'application/json' },
  })
  const text = await res.text()
  const links: RawPage['links'] = {}
  for (const m of (res.headers.get('link') ?? '').matchAll(/<([^>]+)>;\s*rel="(\w+)"/g)) {
    if (m[2] === 'self' || m[2] === 'next') {
      links[m[2]] = m[1]
    }
  }
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    body = undefined
  }
  return { status: res.status, headers: res.headers, body, text, links }
}

/** The uuids in a page of events. */
export function uuids(body: unknown): string[] {
  return Array.isArray(body) ? body.map((e: { uuid: string }) => e.uuid) : []
}
