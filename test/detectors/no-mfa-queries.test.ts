// No MFA on a real DuckDB: the partner's requireMfa decides who is judged; an Okta push in the same
// sign-in is strong, SMS is weak, the password alone is nothing; federated users are judged by what
// their IdP asserted (debugData.amr), and trusted when it asserted nothing.
import { describe, expect } from 'vitest'
import { fixedClock } from '../../lib/clock.js'
import type { PartnerConfig } from '../../lib/config.js'
import { createEventStoreQueries } from '../../ingest/event-store-queries.js'
import { noMfa } from '../../detectors/no-mfa/index.js'
import { dbTest } from '../helpers/db.js'
import { NORTHWIND, at, ev, partnerUsers } from './sign-in-fixtures.js'

const clock = fixedClock('2026-11-20T12:00:00Z')
const LAX = { ...NORTHWIND, id: 'lax', requireMfa: false } as PartnerConfig
const ctx = { now: clock.now(), config: {}, partners: [NORTHWIND, LAX] }
const t0 = '2026-11-10T09:00:00Z'

const mfa = (uuid: string, m: number, actor: string, factor: string) =>
  ev({
    uuid,
    published: at(t0, m),
    actor,
    type: 'user.authentication.auth_via_mfa',
    factor,
    session: `s-${actor}`,
    credentialType: null,
  })
const start = (uuid: string, m: number, actor: string, more = {}) =>
  ev({ uuid, published: at(t0, m), actor, session: `s-${actor}`, ...more })
const idp = (uuid: string, m: number, actor: string, amr?: string) =>
  ev({
    uuid,
    published: at(t0, m),
    actor,
    type: 'user.authentication.auth_via_IDP',
    authProvider: 'FEDERATION',
    credentialType: 'ASSERTION',
    session: `s-${actor}`,
    ...(amr ? { amr } : {}),
  })
const FED = { authProvider: 'FEDERATION', credentialType: 'ASSERTION' }

describe('no-mfa queries and scoring', () => {
  dbTest('judges each session by its factors and its partner’s policy', async ({ db }) => {
    const store = await createEventStoreQueries(db, clock)
    await partnerUsers(db, ['push', 'none', 'sms', 'fed-none', 'fed-pwd', 'fed-mfa'])
    await partnerUsers(db, ['lax-user'], 'lax')
    await store.storeBatch('hub', 'okta', [
      mfa('m-push', 0, 'push', 'OKTA_VERIFY_PUSH'),
      start('s-push', 0.2, 'push'),
      start('s-none', 1, 'none', { requestUri: '/api/v1/authn', session: '102abc' }),
      mfa('m-sms', 2, 'sms', 'SMS'),
      start('s-sms', 2.2, 'sms'),
      idp('i-none', 3, 'fed-none'),
      start('s-fed-none', 3.1, 'fed-none', FED),
      idp('i-pwd', 4, 'fed-pwd', '[pwd]'),
      start('s-fed-pwd', 4.1, 'fed-pwd', FED),
      idp('i-mfa', 5, 'fed-mfa', '[pwd, mfa, otp]'),
      start('s-fed-mfa', 5.1, 'fed-mfa', FED),
      start('s-lax', 6, 'lax-user'),
    ])
    const window = { afterSeq: 0n, untilSeq: 12n }
    const found = noMfa.score(await noMfa.candidates(db, window, ctx), ctx)
    expect(found.map((f) => [f.userId, f.severity, f.details.verdict, f.eventIds])).toEqual([
      ['none', 'high', 'none', ['s-none']],
      ['sms', 'medium', 'weak', ['m-sms', 's-sms']],
      ['fed-pwd', 'high', 'none', ['i-pwd', 's-fed-pwd']],
    ])
    expect(found[0]?.details.escalatedBy).toEqual(['legacyAuthnApi'])
    expect(found[2]?.details).toMatchObject({
      federated: true,
      assertions: [{ uuid: 'i-pwd', amr: '[pwd]' }],
    })

    // Asked to, a federated session with no claim at all is reported too.
    const strict = { ...ctx, config: { federatedWithoutClaim: 'flag' } }
    const flagged = noMfa.score(await noMfa.candidates(db, window, strict), strict)
    expect(flagged.map((f) => f.userId)).toContain('fed-none')
    // With no partner configured there is no policy to judge by.
    const none = { ...ctx, partners: [] }
    expect(await noMfa.candidates(db, window, none)).toEqual([])
  })
})
