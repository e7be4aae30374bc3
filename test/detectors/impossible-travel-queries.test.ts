// The impossible-travel SQL on a real in-memory DuckDB: the previous usable sign-in (skipping a
// hop through known egress), and an incremental window that reads only the new sign-in while
// still finding its predecessor in history.
import { describe, expect } from 'vitest'
import { fixedClock } from '../../lib/clock.js'
import type { PartnerConfig } from '../../lib/config.js'
import { createEventStoreQueries } from '../../ingest/event-store-queries.js'
import { candidates } from '../../detectors/impossible-travel/queries.js'
import { dbTest } from '../helpers/db.js'

const clock = fixedClock('2026-11-20T12:00:00Z')
const partner = {
  id: 'northwind',
  knownEgress: { asns: [64512], cidrs: ['185.199.40.0/24'] },
} as unknown as PartnerConfig
const ctx = { now: clock.now(), config: {}, partners: [partner] }

interface Place {
  ip: string
  city: string
  country: string
  lat: number
  lon: number
  asn: number
  asOrg: string
}
const LYON: Place = {
  ip: '90.3.10.20',
  city: 'Lyon',
  country: 'France',
  lat: 45.764,
  lon: 4.8357,
  asn: 3215,
  asOrg: 'orange s.a.',
}
const EGRESS: Place = {
  ip: '185.199.40.9',
  city: 'Amsterdam',
  country: 'Netherlands',
  lat: 52.37,
  lon: 4.9,
  asn: 64512,
  asOrg: 'northwind logistics corp',
}
const LAGOS: Place = {
  ip: '102.89.4.7',
  city: 'Lagos',
  country: 'Nigeria',
  lat: 6.5244,
  lon: 3.3792,
  asn: 29465,
  asOrg: 'mtn nigeria',
}

function signIn(
  uuid: string,
  published: string,
  p: Place,
  o: { eventType?: string; result?: string; actor?: string } = {},
) {
  const actor = o.actor ?? '00u1ana'
  return {
    position: uuid,
    raw: JSON.stringify({
      uuid,
      published,
      eventType: o.eventType ?? 'user.session.start',
      displayMessage: 'User login to Okta',
      severity: 'INFO',
      version: '0',
      actor: { id: actor, type: 'User', alternateId: 'ana@northwind.example', displayName: 'Ana' },
      outcome: { result: o.result ?? 'SUCCESS', reason: null },
      client: {
        ipAddress: p.ip,
        device: 'Computer',
        zone: 'null',
        id: null,
        userAgent: {
          rawUserAgent: 'Mozilla/5.0 (Windows NT 10.0) Chrome/129',
          os: 'Windows 10',
          browser: 'CHROME',
        },
        geographicalContext: {
          city: p.city,
          state: null,
          country: p.country,
          postalCode: null,
          geolocation: { lat: p.lat, lon: p.lon },
        },
      },
      securityContext: {
        asNumber: p.asn,
        asOrg: p.asOrg,
        isp: p.asOrg,
        domain: null,
        isProxy: false,
      },
      authenticationContext: {
        externalSessionId: `idx${uuid}`,
        authenticationProvider: 'OKTA_AUTHENTICATION_PROVIDER',
        credentialType: 'PASSWORD',
      },
      debugContext: {
        debugData: {
          dtHash: 'dt1',
          threatSuspected: 'false',
          behaviors: '{New Device=NEGATIVE, Velocity=NEGATIVE}',
          risk: '{level=LOW}',
        },
      },
      transaction: { type: 'WEB', id: `tx-${uuid}` },
      request: { ipChain: [{ ip: p.ip }] },
      target: [],
    }),
  }
}

describe('impossible-travel queries', () => {
  dbTest('pair each new sign-in with the previous usable one, incrementally', async ({ db }) => {
    const store = await createEventStoreQueries(db, clock)
    await db.run(
      `INSERT INTO dir_users (id, org, sync_id, synced_at, status, login, profile, partner_id, looks_external, jit)
       VALUES ('00u1ana', 'hub', 1, now(), 'ACTIVE', 'ana@northwind.example', '{}', 'northwind', true, false)`,
    )
    await store.storeBatch('hub', 'okta', [
      signIn('a-lyon', '2026-11-20T08:00:00Z', LYON),
      signIn('b-egress', '2026-11-20T08:20:00Z', EGRESS),
      signIn('c-failed', '2026-11-20T08:50:00Z', LAGOS, { result: 'FAILURE' }),
      signIn('d-sso', '2026-11-20T08:55:00Z', LAGOS, { eventType: 'user.authentication.sso' }),
      signIn('e-system', '2026-11-20T08:56:00Z', LAGOS, { actor: 'unknown' }),
    ])
    const first = await candidates(db, { afterSeq: 0n, untilSeq: 5n }, ctx)
    // The egress hop is not a candidate; a-lyon has no predecessor; the rest are not sign-ins.
    expect(first).toEqual([])

    await store.storeBatch('hub', 'okta', [signIn('f-lagos', '2026-11-20T09:12:00Z', LAGOS)])
    const second = await candidates(db, { afterSeq: 5n, untilSeq: 6n }, ctx)
    expect(second).toHaveLength(1)
    expect(second[0]).toMatchObject({
      userId: '00u1ana',
      userLogin: 'ana@northwind.example',
      partnerId: 'northwind',
      current: { uuid: 'f-lagos', city: 'Lagos', asNumber: 29465, ip: LAGOS.ip },
      previous: { uuid: 'a-lyon', city: 'Lyon', asNumber: 3215 },
      priorSignIns: 1,
      priorAsns: [3215],
      priorDtHashes: ['dt1'],
    })

    // A window published since after the trip reads nothing; one including it finds it again.
    expect(
      await candidates(
        db,
        { afterSeq: 0n, untilSeq: 6n, publishedSince: new Date('2026-11-20T10:00:00Z') },
        ctx,
      ),
    ).toEqual([])
    const rerun = await candidates(
      db,
      { afterSeq: 0n, untilSeq: 6n, publishedSince: new Date('2026-11-20T09:00:00Z') },
      ctx,
    )
    expect(rerun.map((c) => [c.previous.uuid, c.current.uuid])).toEqual([['a-lyon', 'f-lagos']])
  })
})
