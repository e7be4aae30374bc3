// The off-hours SQL on a real in-memory DuckDB: which events count as one sign-in, the local time in
// each partner's own zone (across a DST change, whatever the host's zone), the per-day history
// aggregates, and an incremental window that still reads the history before it.
import { describe, expect } from 'vitest'
import { createEventStoreQueries } from '../../ingest/event-store-queries.js'
import { readOffHoursCandidates } from '../../detectors/off-hours/queries.js'
import { offHours } from '../../detectors/off-hours/index.js'
import { runDetectors } from '../../detectors/runner.js'
import { dbTest } from '../helpers/db.js'
import { clock, ctx, event, partners, users } from './off-hours-fixtures.js'

describe('off-hours queries', () => {
  dbTest(
    'one sign-in per session start, local time in the partner zone across DST',
    async ({ db }) => {
      await users(db)
      const store = await createEventStoreQueries(db, clock)
      await store.storeBatch('hub', 'okta', [
        // 08:30 Amsterdam in summer time (UTC+2) and winter time (UTC+1): the same local minute.
        event('a-summer', '2026-10-23T06:30:00Z', 'ana'),
        event('a-idp', '2026-10-23T06:30:01Z', 'ana', {
          eventType: 'user.authentication.auth_via_IDP',
        }),
        event('a-sso', '2026-10-23T06:31:00Z', 'ana', { eventType: 'user.authentication.sso' }),
        event('a-typo', '2026-10-26T07:29:00Z', 'ana', { result: 'FAILURE' }),
        event('a-winter', '2026-10-26T07:30:00Z', 'ana'),
        // 08:30 Tokyo (UTC+9, no DST) on a Sunday.
        event('k-sunday', '2026-10-24T23:30:00Z', 'ken'),
        // Staff and unknown actors are not partner users.
        event('e-staff', '2026-10-26T07:30:00Z', 'emp'),
        event('u-none', '2026-10-26T07:30:00Z', 'nobody'),
      ])
      const window = { afterSeq: 0n, untilSeq: 100n }
      const got = await readOffHoursCandidates(db, window, ctx, { prefilter: false })
      expect(
        got.candidates.map((c) => [
          c.uuid,
          c.partnerId,
          c.timeZone,
          c.localDate,
          c.localMinute,
          c.isoDow,
        ]),
      ).toEqual([
        ['a-summer', 'northwind', 'Europe/Amsterdam', '2026-10-23', 510, 5],
        ['k-sunday', 'contoso', 'Asia/Tokyo', '2026-10-25', 510, 7],
        ['a-winter', 'northwind', 'Europe/Amsterdam', '2026-10-26', 510, 1],
      ])
      expect(got.candidates[0]).toMatchObject({
        userLogin: 'ana@x.example',
        asNumber: 1136,
        behaviors: '{New Device=NEGATIVE, New Geo-Location=NEGATIVE}',
      })
      // History: what came before each user's last candidate (ken has nothing before his only one),
      // in bin 51 (08:30) of its local day.
      expect(got.userHistory.map((h) => [h.userId, h.localDate, h.isoDow, h.bin, h.n])).toEqual([
        ['ana', '2026-10-23', 5, 51, 1],
      ])
      expect(got.peerHistory.map((h) => [h.partnerId, h.localDate, h.bin, h.n])).toEqual([
        ['contoso', '2026-10-25', 51, 1],
        ['northwind', '2026-10-23', 51, 1],
      ])
      // The prefilter: users still learning go on only with Okta's new-device/new-place verdict
      // (these say NEGATIVE), unless the settings drop that rule.
      expect((await readOffHoursCandidates(db, window, ctx)).candidates).toEqual([])
      const uncorroborated = { ...ctx, config: { coldStartNeedsCorroboration: false } }
      const all = await readOffHoursCandidates(db, window, uncorroborated)
      expect(all.candidates.map((c) => c.uuid)).toEqual(['a-summer', 'k-sunday', 'a-winter'])
    },
  )

  dbTest(
    'an incremental window reads only new sign-ins, with the history before them',
    async ({ db }) => {
      await users(db)
      const store = await createEventStoreQueries(db, clock)
      // Twenty-four weekdays of ana at 08:30 and 14:00 Amsterdam (winter time), then one at 03:00.
      const batch = []
      for (let d = 0, days = 0; days < 24; d++) {
        const day = new Date(Date.parse('2026-10-26T00:00:00Z') + d * 86_400_000)
        if (day.getUTCDay() === 0 || day.getUTCDay() === 6) {
          continue
        }
        days++
        const date = day.toISOString().slice(0, 10)
        batch.push(event(`a-${date}-am`, `${date}T07:30:00Z`, 'ana'))
        batch.push(event(`a-${date}-pm`, `${date}T13:00:00Z`, 'ana'))
      }
      await store.storeBatch('hub', 'okta', batch)
      const settings = {}
      const first = await runDetectors({ db, clock, detectors: [offHours], partners, settings })
      expect(first[0]).toMatchObject({ detector: 'off-hours', findings: 0 })

      await store.storeBatch('hub', 'okta', [event('a-night', '2026-12-02T02:00:00Z', 'ana')])
      const untilSeq = BigInt(batch.length + 1)
      const got = await readOffHoursCandidates(
        db,
        { afterSeq: BigInt(batch.length), untilSeq },
        ctx,
      )
      expect(got.candidates.map((c) => [c.uuid, c.localMinute])).toEqual([['a-night', 180]])
      expect(got.userHistory.reduce((n, h) => n + h.n, 0)).toBe(48)

      const second = await runDetectors({ db, clock, detectors: [offHours], partners, settings })
      expect(second[0]).toMatchObject({ findings: 1, added: 1 })
      const [finding] = await db.all<{ summary: string; event_ids: string[] }>(
        `SELECT summary, event_ids FROM findings WHERE detector = 'off-hours'`,
      )
      expect(finding?.event_ids).toEqual(['a-night'])
      expect(finding?.summary).toMatch(
        /^ana@x\.example signed in at 03:00 Europe\/Amsterdam \(Wed\); usually 08:30–14:09, p=.+ < 0\.01$/,
      )
    },
  )
})
