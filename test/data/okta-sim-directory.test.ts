// Directory endpoints through the real SDK: paging, the DEPROVISIONED rule, search, and the
// user / group / app / IdP relations.
import { OktaApiError, type Collection } from '@okta/okta-sdk-nodejs'
import { describe, expect, test } from 'vitest'
import { rawGet, sdkClient, startSim, USERS } from './okta-sim-fixtures.js'

async function all<T>(collection: Collection<T>): Promise<T[]> {
  const items: T[] = []
  for await (const item of collection) {
    if (!item) {
      break
    }
    items.push(item)
  }
  return items
}

const ids = (items: { id?: string }[]) => items.map((i) => i.id)

describe('users', () => {
  test('a plain list pages through everyone but DEPROVISIONED users', async () => {
    const sim = await startSim()
    const users = await all(await sdkClient(sim).userApi.listUsers({ limit: 2 }))
    expect(ids(users)).toEqual([USERS.admin.id, USERS.ann.id, USERS.bob.id, USERS.cid.id])
    expect(sim.requestCount).toBe(2)
    expect(users[1]?.profile?.partnerId).toBe('northwind')
    expect(users[1]?.created).toBeInstanceOf(Date)
  })

  test('next links appear only while users remain, and _links are absolute on the sim', async () => {
    const sim = await startSim()
    const first = await rawGet(sim, '/api/v1/users?limit=2')
    expect(first.links.next).toBe(`${sim.url}/api/v1/users?limit=2&after=${USERS.ann.id}`)
    const last = await rawGet(sim, first.links.next ?? '')
    expect(last.links.next).toBeUndefined()
    expect(last.body).toMatchObject([
      { _links: { self: { href: `${sim.url}/api/v1/users/${USERS.bob.id}` } } },
      {},
    ])
    const exact = await rawGet(sim, '/api/v1/users?limit=4')
    expect(exact.links.next).toBeUndefined()
  })

  test('search status eq "DEPROVISIONED" finds the deprovisioned users', async () => {
    const sim = await startSim()
    const users = await all(
      await sdkClient(sim).userApi.listUsers({ search: 'status eq "DEPROVISIONED"' }),
    )
    expect(ids(users)).toEqual([USERS.dan.id])
  })

  test.each([
    ['search=profile.partnerId eq "contoso"', [USERS.cid.id, USERS.dan.id]],
    ['search=profile.login sw "ann" or id eq "00ubob00000000000001"', [USERS.ann.id, USERS.bob.id]],
    ['filter=status eq "SUSPENDED"', [USERS.cid.id]],
    [
      'filter=lastUpdated gt "2025-05-01T00:00:00.000Z"',
      Object.values(USERS)
        .map((u) => u.id)
        .sort(),
    ],
    ['q=bob', [USERS.bob.id]],
    ['q=dan', []],
  ])('%s', async (params, expected) => {
    const sim = await startSim()
    const page = await rawGet(sim, `/api/v1/users?${encodeURI(params)}`)
    expect(ids(page.body as { id: string }[])).toEqual(expected)
  })

  test('a search it cannot read is 400 E0000031', async () => {
    const sim = await startSim()
    const page = await rawGet(sim, `/api/v1/users?search=${encodeURIComponent('status eq')}`)
    expect(page.status).toBe(400)
    expect(page.body).toMatchObject({ errorCode: 'E0000031', errorCauses: [{}] })
  })

  test('getUser by id or login; an unknown user is OktaApiError 404 E0000007', async () => {
    const sim = await startSim()
    const client = sdkClient(sim)
    expect((await client.userApi.getUser({ userId: USERS.cid.id })).status).toBe('SUSPENDED')
    expect((await client.userApi.getUser({ userId: 'ANN.LEE@northwind.example' })).id).toBe(
      USERS.ann.id,
    )
    const err = await client.userApi.getUser({ userId: '00unobody' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(OktaApiError)
    expect(err).toMatchObject({ status: 404, errorCode: 'E0000007' })
  })

  test("a user's groups, app links and admin roles", async () => {
    const sim = await startSim()
    const client = sdkClient(sim)
    const groups = await all(await client.userApi.listUserGroups({ userId: USERS.bob.id }))
    expect(groups.map((g) => g.profile?.name)).toEqual(['Partner Northwind'])
    const links = await all(await client.userApi.listAppLinks({ userId: USERS.ann.id }))
    expect(links.map((l) => l.label)).toEqual(['ERP', 'Wiki'])
    expect(links[0]).toMatchObject({
      appInstanceId: '0oaerp00000000000001',
      appName: 'okta_org2org',
    })
    const roles = await rawGet(sim, `/api/v1/users/${USERS.admin.id}/roles`)
    expect(roles.body).toMatchObject([
      { type: 'SUPER_ADMIN', status: 'ACTIVE', label: 'Super Administrator' },
    ])
  })
})

describe('groups, apps and IdPs', () => {
  test('groups and their members page through the SDK', async () => {
    const sim = await startSim()
    const client = sdkClient(sim)
    const groups = await all(await client.groupApi.listGroups({}))
    expect(ids(groups)).toEqual(['00gcontoso000000001', '00gnorthwind00000001'])
    const members = await all(
      await client.groupApi.listGroupUsers({ groupId: '00gcontoso000000001', limit: 1 }),
    )
    expect(ids(members)).toEqual([USERS.cid.id, USERS.dan.id])
    expect(sim.requestCount).toBe(3)
    const stats = await rawGet(
      sim,
      '/api/v1/groups?expand=stats&search=profile.name sw "Partner N"',
    )
    expect(stats.body).toMatchObject([{ _embedded: { stats: { usersCount: 2 } } }])
  })

  test('app users carry USER / GROUP scope and embed the user with expand=user', async () => {
    const sim = await startSim()
    const client = sdkClient(sim)
    const appId = '0oaerp00000000000001'
    const appUsers = await all(
      await client.applicationApi.listApplicationUsers({ appId, limit: 2, expand: 'user' }),
    )
    expect(appUsers.map((u) => [u.id, u.scope])).toEqual([
      [USERS.ann.id, 'USER'],
      [USERS.bob.id, 'GROUP'],
      [USERS.cid.id, 'USER'],
    ])
    expect(appUsers[0]?.credentials?.userName).toBe('ann.lee@northwind.example')
    const raw = await rawGet(sim, `/api/v1/apps/${appId}/users?expand=user&limit=1`)
    expect(raw.body).toMatchObject([
      { _embedded: { user: { id: USERS.ann.id, status: 'ACTIVE' } } },
    ])
    const groups = await all(await client.applicationApi.listApplicationGroupAssignments({ appId }))
    expect(ids(groups)).toEqual(['00gnorthwind00000001'])
  })

  test('apps list with q and the user.id filter', async () => {
    const sim = await startSim()
    const client = sdkClient(sim)
    const apps = await all(await client.applicationApi.listApplications({}))
    expect(apps.map((a) => a.label)).toEqual(['ERP', 'Wiki'])
    const forCid = await rawGet(
      sim,
      `/api/v1/apps?filter=${encodeURIComponent(`user.id eq "${USERS.cid.id}"`)}`,
    )
    expect(ids(forCid.body as { id: string }[])).toEqual(['0oaerp00000000000001'])
    expect(ids((await rawGet(sim, '/api/v1/apps?q=wi')).body as { id: string }[])).toEqual([
      '0oawiki0000000000001',
    ])
  })

  test('IdPs and the users linked to them', async () => {
    const sim = await startSim()
    const client = sdkClient(sim)
    const idps = await all(
      await client.identityProviderApi.listIdentityProviders({ type: 'SAML2' }),
    )
    expect(idps.map((i) => i.name)).toEqual(['Northwind SAML'])
    const linked = await all(
      await client.identityProviderApi.listIdentityProviderApplicationUsers({
        idpId: '0oaidpnorthwind00001',
      }),
    )
    expect(linked.map((l) => [l.id, l.externalId])).toEqual([
      [USERS.ann.id, 'ann@nw'],
      [USERS.bob.id, 'bob@nw'],
    ])
    expect((await rawGet(sim, '/api/v1/idps/0oanope/users')).body).toMatchObject({
      errorCode: 'E0000007',
    })
  })
})
