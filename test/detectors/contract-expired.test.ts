// contract-expired: the SQL on a real DuckDB (partner contract end from the config, the user's own
// from the directory, the partner's time zone, one finding per local day, incremental windows) and
// the scoring's edge cases.
import { describe, expect, it } from 'vitest'
import { contractExpired } from '../../detectors/contract-expired/index.js'
import { effectiveEnd, score } from '../../detectors/contract-expired/score.js'
import type { ContractCandidate } from '../../detectors/contract-expired/queries.js'
import { dbTest } from '../helpers/db.js'
import { context, detect, dirUser, oktaEvent, partner, store } from './lifecycle-fixtures.js'

const ended = partner({ id: 'northwind', contractEnd: '2026-10-31', timeZone: 'Europe/Paris' })

describe('contract-expired queries', () => {
  dbTest(
    'a zone fourteen hours ahead of UTC is after the end ten hours earlier',
    async ({ db }) => {
      // Kiritimati (UTC+14): 10 Nov 10:30 UTC is already 11 Nov there, the day after the end; the
      // query reads sign-ins from a day before the end, not from the end's UTC midnight.
      const line = partner({
        id: 'northwind',
        contractEnd: '2026-11-10',
        timeZone: 'Pacific/Kiritimati',
      })
      await dirUser(db, { id: '00u1ana' })
      const until = await store(db, [
        oktaEvent('before', '2026-11-10T09:30:00Z'),
        oktaEvent('after', '2026-11-10T10:30:00Z'),
      ])
      const findings = await detect(
        db,
        contractExpired,
        { afterSeq: 0n, untilSeq: until },
        context([line]),
      )
      expect(findings.map((f) => [f.eventIds[0], f.details.localDate])).toEqual([
        ['after', '2026-11-11'],
      ])
    },
  )

  dbTest(
    'fires on the first sign-in of each local day after the end, in the partner zone',
    async ({ db }) => {
      await dirUser(db, { id: '00u1ana' })
      await dirUser(db, {
        id: '00u2bob',
        login: 'bob@northwind.example',
        contractEnd: '2026-10-15',
      })
      await dirUser(db, { id: '00u3emp', login: 'emp@acme.example', partnerId: null })
      const until = await store(db, [
        // 31 Oct 23:30 UTC is 1 Nov 00:30 in Paris: after the end there, not in UTC.
        oktaEvent('ana-1', '2026-10-31T22:30:00Z'),
        oktaEvent('ana-2', '2026-10-31T23:30:00Z'),
        oktaEvent('ana-3', '2026-11-01T09:00:00Z'),
        oktaEvent('ana-4', '2026-11-02T09:00:00Z'),
        oktaEvent('ana-fail', '2026-11-03T09:00:00Z', { result: 'FAILURE' }),
        // Bob's own contract ended earlier than the partner's.
        oktaEvent('bob-1', '2026-10-20T08:00:00Z', {
          actorId: '00u2bob',
          actorLogin: 'bob@northwind.example',
        }),
        oktaEvent('emp-1', '2026-11-05T08:00:00Z', {
          actorId: '00u3emp',
          actorLogin: 'emp@acme.example',
        }),
      ])
      const findings = await detect(
        db,
        contractExpired,
        { afterSeq: 0n, untilSeq: until },
        context([ended]),
      )
      expect(findings.map((f) => f.eventIds[0])).toEqual(['bob-1', 'ana-2', 'ana-4'])
      expect(findings[0]?.details).toMatchObject({
        contractEnd: '2026-10-15',
        contractEndSource: 'user',
        daysAfterEnd: 5,
      })
      expect(findings[1]?.details).toMatchObject({
        localDate: '2026-11-01',
        contractEndSource: 'partner',
        daysAfterEnd: 1,
      })
      expect(findings.every((f) => f.severity === 'high' && f.partnerId === 'northwind')).toBe(true)

      // Incremental: a later sign-in the same local day adds nothing; the next day's first does.
      const more = await store(db, [
        oktaEvent('ana-5', '2026-11-02T15:00:00Z'),
        oktaEvent('ana-6', '2026-12-05T10:00:00Z'),
      ])
      const next = await detect(
        db,
        contractExpired,
        { afterSeq: until, untilSeq: more },
        context([ended]),
      )
      expect(next.map((f) => [f.eventIds[0], f.severity])).toEqual([['ana-6', 'critical']])
    },
  )

  dbTest('a grace period and partners without an end keep quiet', async ({ db }) => {
    await dirUser(db, { id: '00u1ana' })
    const until = await store(db, [oktaEvent('ana-1', '2026-11-03T09:00:00Z')])
    const window = { afterSeq: 0n, untilSeq: until }
    expect(await detect(db, contractExpired, window, context([ended], { graceDays: 5 }))).toEqual(
      [],
    )
    expect(
      await detect(db, contractExpired, window, context([partner({ id: 'northwind' })])),
    ).toEqual([])
    expect(
      await detect(db, contractExpired, window, context([ended], { graceDays: 2 })),
    ).toHaveLength(1)
  })
})

const base: ContractCandidate = {
  org: 'hub',
  userId: '00u1ana',
  userLogin: 'ana@northwind.example',
  partnerId: 'northwind',
  uuid: 'e1',
  published: new Date('2026-11-10T09:00:00Z'),
  localDate: '2026-11-10',
  userContractEnd: null,
  partnerContractEnd: '2026-10-31',
  directoryStatus: 'ACTIVE',
  ip: null,
  city: null,
  country: null,
  asNumber: null,
  asOrg: null,
}

describe('contract-expired score', () => {
  it('takes the earlier end and says whose it is', () => {
    expect(
      effectiveEnd({ userContractEnd: '2026-09-30', partnerContractEnd: '2026-10-31' }),
    ).toEqual({
      end: '2026-09-30',
      source: 'user',
    })
    expect(effectiveEnd({ userContractEnd: null, partnerContractEnd: null })).toBeNull()
  })

  it('is high within a month, critical after, and nothing on the end date itself', () => {
    const ctx = context()
    expect(score([base], ctx)[0]).toMatchObject({ severity: 'high', details: { daysAfterEnd: 10 } })
    expect(score([{ ...base, localDate: '2026-12-15' }], ctx)[0]?.severity).toBe('critical')
    expect(score([{ ...base, localDate: '2026-10-31' }], ctx)).toEqual([])
    expect(score([{ ...base, partnerContractEnd: null }], ctx)).toEqual([])
    expect(score([{ ...base, localDate: 'not a date' }], ctx)).toEqual([])
  })
})
