// /readyz with `serve`'s ingest loops: whether each org's loop runs, waits out a failure, or has
// stopped — including an org refused at once, which has no stored rows to report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixedClock } from '../../lib/clock.js'
import { IngestStatusBoard } from '../../ingest/ingest-status.js'
import { OktaAuthFailed, OktaBadResponse } from '../../lib/errors.js'
import { NOW, seededApi, type SeededApi } from './fixture.js'

describe('/readyz and the ingest loops', () => {
  const clock = fixedClock(NOW)
  const board = new IngestStatusBoard(clock, ['hub', 'spoke'])
  let api: SeededApi

  beforeAll(async () => {
    api = await seededApi({}, { ingestStatus: board })
  })
  afterAll(() => api.close())

  const loops = async () => {
    const res = await api.app.inject({ url: '/readyz' })
    expect(res.statusCode).toBe(200)
    const body = res.json<{
      orgs: { org: string; lastIngestAt: string | null; ingest: unknown }[]
    }>()
    return Object.fromEntries(body.orgs.map((o) => [o.org, o]))
  }

  it('lists every org the process ingests, with its loop, beside what the database says', async () => {
    const orgs = await loops()
    expect(Object.keys(orgs)).toEqual(['hub', 'spoke'])
    expect(orgs.hub?.lastIngestAt).toBe('2026-11-29T11:59:00.000Z')
    expect(orgs.spoke?.lastIngestAt).toBeNull()
    expect(orgs.hub?.ingest).toEqual({
      state: 'running',
      failures: 0,
      lastError: null,
      lastFailureAt: null,
      retryAt: null,
    })
  })

  it('shows a loop waiting out a failure, and it running again, then caught up', async () => {
    const error = new OktaBadResponse('Okta org hub: HTTP 503 E0000009 down', 503)
    board.failed('hub', { part: 'log', error, failures: 2, retryInMs: 60_000 })
    // A directory failure is in the directory's own sync records, not the loop's state.
    board.failed('hub', { part: 'directory', error, failures: 1, retryInMs: 3_600_000 })
    const failing = {
      lastError: 'Okta org hub: HTTP 503 E0000009 down',
      lastFailureAt: NOW,
    }
    expect((await loops()).hub?.ingest).toEqual({
      state: 'retrying',
      failures: 2,
      retryAt: '2026-11-29T12:01:00.000Z',
      ...failing,
    })
    board.progress('hub')
    expect((await loops()).hub?.ingest).toEqual({
      state: 'running',
      failures: 2,
      retryAt: null,
      ...failing,
    })
    board.caughtUp('hub')
    expect((await loops()).hub?.ingest).toMatchObject({ state: 'running', failures: 0, ...failing })
  })

  it('shows an org stopped by bad credentials, though it stored nothing', async () => {
    board.stopped('spoke', new OktaAuthFailed('spoke', 401, 'E0000011', 'Invalid token provided'))
    expect((await loops()).spoke?.ingest).toEqual({
      state: 'stopped',
      failures: 0,
      lastError: 'Okta org spoke refused the credentials: HTTP 401 E0000011 Invalid token provided',
      lastFailureAt: NOW,
      retryAt: null,
    })
    // progress() mends only a retrying loop: a stopped one stays stopped.
    board.progress('spoke')
    expect((await loops()).spoke?.ingest).toMatchObject({ state: 'stopped' })
  })
})
