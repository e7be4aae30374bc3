// The sign-in history query shared by new-country, new-asn and new-device, on a real DuckDB: only
// sign-ins new on some column come back, each with its last sign-ins summarised, the same whether
// the history arrived in an earlier run or in the same one.
import { describe, expect } from 'vitest'
import { fixedClock } from '../../lib/clock.js'
import { createEventStoreQueries } from '../../ingest/event-store-queries.js'
import { readNoveltyCandidates } from '../../detectors/sign-in-history.js'
import { score as newCountry } from '../../detectors/new-country/score.js'
import { score as newDevice } from '../../detectors/new-device/score.js'
import { dbTest } from '../helpers/db.js'
import { NORTHWIND, at, ev, partnerUsers } from './sign-in-fixtures.js'

const clock = fixedClock('2026-11-20T12:00:00Z')
const ctx = { now: clock.now(), config: {}, partners: [NORTHWIND] }
const day0 = '2026-11-01T08:00:00Z'

/** Twelve home sign-ins over six days, two a day, from the user's laptop. */
const home = Array.from({ length: 12 }, (_, i) =>
  ev({ uuid: `h${i}`, published: at(day0, Math.floor(i / 2) * 1440 + (i % 2) * 300) }),
)

describe('sign-in history (novelty) query', () => {
  dbTest('returns only sign-ins new on some column, with their history', async ({ db }) => {
    const store = await createEventStoreQueries(db, clock)
    await partnerUsers(db, ['00u1ana'])
    await store.storeBatch('hub', 'okta', home)
    const attacker = ev({
      uuid: 'x-lisbon',
      published: at(day0, 7 * 1440),
      ip: '85.240.1.2',
      city: 'Lisbon',
      country: 'Portugal',
      asn: 3243,
      asOrg: 'meo',
      dtHash: 'dt-stranger',
      browser: 'FIREFOX',
    })
    const again = ev({ uuid: 'h-again', published: at(day0, 7 * 1440 + 60) })
    await store.storeBatch('hub', 'okta', [attacker, again])

    const all = await readNoveltyCandidates(db, { afterSeq: 0n, untilSeq: 14n }, ctx)
    // The first sign-in has no history; later home sign-ins repeat everything.
    expect(all.map((c) => c.signIn.uuid)).toEqual(['x-lisbon'])
    const [c] = all
    expect(c?.history).toMatchObject({
      signIns: 12,
      days: 6,
      countries: ['Netherlands'],
      asns: [1136],
      dtHashes: ['dt-laptop'],
      uaFamilies: ['CHROME|Windows 10'],
      networks: ['84.26.10'],
    })
    expect(c?.signIn).toMatchObject({ country: 'Portugal', partnerId: 'northwind', asNumber: 3243 })

    // Incrementally: only the new slice is judged, its history read from before it.
    const slice = await readNoveltyCandidates(db, { afterSeq: 12n, untilSeq: 14n }, ctx)
    expect(slice).toEqual(all)
    expect(newCountry(slice, ctx).map((f) => f.eventIds)).toEqual([['x-lisbon']])
    expect(newDevice(slice, ctx)).toHaveLength(1)
  })

  dbTest('judges partner users only while partners are configured', async ({ db }) => {
    const store = await createEventStoreQueries(db, clock)
    await store.storeBatch('hub', 'okta', [
      ...home,
      ev({ uuid: 'x', published: at(day0, 7 * 1440), country: 'Portugal', dtHash: 'dt-new' }),
    ])
    const window = { afterSeq: 0n, untilSeq: 13n }
    expect(await readNoveltyCandidates(db, window, ctx)).toEqual([])
    const everyone = await readNoveltyCandidates(db, window, { ...ctx, partners: [] })
    expect(everyone.map((c) => c.signIn.uuid)).toEqual(['x'])
  })

  dbTest(
    'counts the other partner users in a country over the history days before',
    async ({ db }) => {
      const store = await createEventStoreQueries(db, clock)
      await partnerUsers(db, ['00u1ana', 'bo', 'cy', 'dee', 'eve'])
      const portugal = { city: 'Lisbon', country: 'Portugal', asn: 3243, asOrg: 'meo' }
      const days = (d: number): string => at(day0, d * 1440)
      await store.storeBatch('hub', 'okta', [
        // bo: 100 days before the candidate, out of the 90 days; cy: 30 days before.
        ev({ uuid: 'bo-1', published: days(-93), actor: 'bo', ...portugal }),
        ev({ uuid: 'cy-1', published: days(-23), actor: 'cy', ...portugal }),
        // dee: 95 and 10 days before (one presence: the gap is under 90 days); eve: through a proxy.
        ev({ uuid: 'dee-1', published: days(-88), actor: 'dee', ...portugal }),
        ev({ uuid: 'dee-2', published: days(-3), actor: 'dee', ...portugal }),
        ev({ uuid: 'eve-1', published: days(-2), actor: 'eve', ...portugal, isProxy: true }),
        ...home,
        ev({ uuid: 'x', published: days(7), dtHash: 'dt-new', browser: 'FIREFOX', ...portugal }),
        // After the candidate: does not count.
        ev({ uuid: 'bo-2', published: days(8), actor: 'bo', ...portugal }),
      ])
      const window = { afterSeq: 0n, untilSeq: 20n }
      const [c] = (await readNoveltyCandidates(db, window, ctx)).filter(
        (x) => x.signIn.uuid === 'x',
      )
      expect(c?.partnerUsersInCountry).toBe(2)
      const drafts = newCountry(await readNoveltyCandidates(db, window, ctx), ctx)
      expect(drafts.find((d) => d.eventIds[0] === 'x')?.details).toMatchObject({
        partnerUsersInCountry: 2,
        suppressedBy: ['partnerCountry'],
      })
    },
  )

  dbTest('reads once for the three novelty detectors of one run', async ({ db }) => {
    const store = await createEventStoreQueries(db, clock)
    await partnerUsers(db, ['00u1ana'])
    await store.storeBatch('hub', 'okta', [
      ...home,
      ev({ uuid: 'x', published: at(day0, 7 * 1440), country: 'Portugal', dtHash: 'dt-new' }),
    ])
    const window = { afterSeq: 0n, untilSeq: 13n }
    const first = await readNoveltyCandidates(db, window, ctx)
    expect(first.map((c) => c.signIn.uuid)).toEqual(['x'])
    // The same window and history settings: the same rows, not a second read.
    expect(await readNoveltyCandidates(db, window, ctx)).toBe(first)
    // Another window or other settings read again.
    const other = await readNoveltyCandidates(db, window, { ...ctx, config: { historyDays: 30 } })
    expect(other).not.toBe(first)
    expect(other).toEqual(first)
    const later = await readNoveltyCandidates(db, { afterSeq: 12n, untilSeq: 13n }, ctx)
    expect(later).not.toBe(first)
  })
})
