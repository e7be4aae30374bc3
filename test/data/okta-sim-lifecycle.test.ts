// Lifecycle calls and membership removals: the directory changes in memory and the matching
// LogEvent appears in the System Log.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { OktaApiError } from '@okta/okta-sdk-nodejs'
import { describe, expect, test } from 'vitest'
import { fixedClock } from '../../lib/clock.js'
import {
  eventSeries,
  rawGet,
  sdkClient,
  startSim,
  T0,
  USERS,
  writeScenario,
} from './okta-sim-fixtures.js'

interface RawEvent {
  uuid: string
  eventType: string
  published: string
  actor: { id: string; type: string }
  target: { id: string; type: string }[]
}

describe('user lifecycle', () => {
  test('deactivateUser deprovisions the user and logs user.lifecycle.deactivate', async () => {
    const clock = fixedClock('2026-03-02T13:00:00.000Z')
    const sim = await startSim({ events: eventSeries(2), clock })
    const client = sdkClient(sim)
    const caughtUp = await rawGet(sim, `/api/v1/logs?since=${T0}`)
    expect((caughtUp.body as unknown[]).length).toBe(2)
    clock.advance(5000)
    await client.userApi.deactivateUser({ userId: USERS.ann.id })
    expect(sim.getUser(USERS.ann.id)).toMatchObject({
      status: 'DEPROVISIONED',
      statusChanged: '2026-03-02T13:00:05.000Z',
    })
    const listed = await rawGet(sim, '/api/v1/users')
    expect((listed.body as { id: string }[]).map((u) => u.id)).not.toContain(USERS.ann.id)
    const page = await rawGet(sim, caughtUp.links.next ?? '')
    const [event, ...rest] = page.body as RawEvent[]
    expect(rest).toEqual([])
    expect(event).toMatchObject({
      eventType: 'user.lifecycle.deactivate',
      published: '2026-03-02T13:00:05.000Z',
      actor: { id: USERS.admin.id, type: 'User', alternateId: USERS.admin.profile.login },
      target: [{ id: USERS.ann.id, type: 'User', alternateId: USERS.ann.profile.login }],
      outcome: { result: 'SUCCESS' },
    })
    expect(event?.uuid).toMatch(/^[0-9a-f-]{36}$/)
    expect(Object.keys(event ?? {})).toEqual(Object.keys(event ?? {}).sort())
    expect(sim.servedUuids().has(event?.uuid ?? '')).toBe(true)
  })

  test('deactivating a DEPROVISIONED user is 403 E0000038; an unknown user 404 E0000007', async () => {
    const sim = await startSim()
    const client = sdkClient(sim)
    const again = await client.userApi
      .deactivateUser({ userId: USERS.dan.id })
      .catch((e: unknown) => e)
    expect(again).toBeInstanceOf(OktaApiError)
    expect(again).toMatchObject({ status: 403, errorCode: 'E0000038' })
    const missing = await client.userApi
      .deactivateUser({ userId: '00unobody' })
      .catch((e: unknown) => e)
    expect(missing).toMatchObject({ status: 404, errorCode: 'E0000007' })
  })

  test('suspend, unsuspend and reactivate follow the status rules and log their events', async () => {
    const sim = await startSim({ clock: fixedClock('2026-03-02T13:00:00.000Z') })
    const client = sdkClient(sim)
    await client.userApi.suspendUser({ userId: USERS.bob.id })
    expect(sim.getUser(USERS.bob.id)?.status).toBe('SUSPENDED')
    const twice = await client.userApi
      .suspendUser({ userId: USERS.bob.id })
      .catch((e: unknown) => e)
    expect(twice).toMatchObject({ status: 400, errorCode: 'E0000001' })
    await client.userApi.unsuspendUser({ userId: USERS.bob.id })
    expect(sim.getUser(USERS.bob.id)?.status).toBe('ACTIVE')
    await client.userApi.reactivateUser({ userId: USERS.dan.id })
    expect(sim.getUser(USERS.dan.id)?.status).toBe('ACTIVE')
    const log = await rawGet(sim, `/api/v1/logs?since=${T0}`)
    expect((log.body as RawEvent[]).map((e) => e.eventType)).toEqual([
      'user.lifecycle.suspend',
      'user.lifecycle.unsuspend',
      'user.lifecycle.reactivate',
    ])
  })
})

describe('membership removals', () => {
  test('unassigning a user from an app logs application.user_membership.remove', async () => {
    const sim = await startSim({ clock: fixedClock('2026-03-02T13:00:00.000Z') })
    const client = sdkClient(sim)
    const appId = '0oawiki0000000000001'
    await client.applicationApi.unassignUserFromApplication({ appId, userId: USERS.ann.id })
    expect((await rawGet(sim, `/api/v1/apps/${appId}/users`)).body).toEqual([])
    const again = await client.applicationApi
      .unassignUserFromApplication({ appId, userId: USERS.ann.id })
      .catch((e: unknown) => e)
    expect(again).toMatchObject({ status: 404, errorCode: 'E0000007' })
    const [event] = (await rawGet(sim, `/api/v1/logs?since=${T0}`)).body as RawEvent[]
    expect(event?.eventType).toBe('application.user_membership.remove')
    expect(event?.target.map((t) => [t.type, t.id])).toEqual([
      ['User', USERS.ann.id],
      ['AppInstance', appId],
    ])
  })

  test('removing a group member also removes the app assignments that came from the group', async () => {
    const sim = await startSim({ clock: fixedClock('2026-03-02T13:00:00.000Z') })
    const client = sdkClient(sim)
    await client.groupApi.unassignUserFromGroup({
      groupId: '00gnorthwind00000001',
      userId: USERS.bob.id,
    })
    const members = await rawGet(sim, '/api/v1/groups/00gnorthwind00000001/users')
    expect((members.body as { id: string }[]).map((u) => u.id)).toEqual([USERS.ann.id])
    const erp = await rawGet(sim, '/api/v1/apps/0oaerp00000000000001/users')
    expect((erp.body as { id: string }[]).map((u) => u.id)).toEqual([USERS.ann.id, USERS.cid.id])
    const log = await rawGet(sim, `/api/v1/logs?since=${T0}`)
    expect((log.body as RawEvent[]).map((e) => e.eventType)).toEqual([
      'group.user_membership.remove',
      'application.user_membership.remove',
    ])
  })

  test('changes stay in memory: the scenario files are not modified', async () => {
    const scenarioDir = await writeScenario(eventSeries(3))
    const before = await Promise.all(
      ['events.ndjson', 'directory.json'].map((f) => readFile(join(scenarioDir, f), 'utf8')),
    )
    const sim = await startSim({ scenarioDir })
    await sdkClient(sim).userApi.deactivateUser({ userId: USERS.bob.id })
    const after = await Promise.all(
      ['events.ndjson', 'directory.json'].map((f) => readFile(join(scenarioDir, f), 'utf8')),
    )
    expect(after).toEqual(before)
  })
})
