// anonymizer: classification of Okta's proxy and tunnel flags, the SQL on a real DuckDB (first use
// per user in the learning window, relays apart, partner egress never), and the scoring.
import { describe, expect, it } from 'vitest'
import { anonymizer } from '../../detectors/anonymizer/index.js'
import { classify, parseTunnels } from '../../detectors/anonymizer/classify.js'
import { score } from '../../detectors/anonymizer/score.js'
import type { AnonymizerCandidate } from '../../detectors/anonymizer/queries.js'
import { dbTest } from '../helpers/db.js'
import { context, detect, dirUser, oktaEvent, partner, store } from './lifecycle-fixtures.js'

const plain = {
  isProxy: false,
  tunnels: null,
  asNumber: 3215,
  asOrg: 'orange',
  isp: 'Orange',
  domain: 'orange.fr',
}

describe('anonymizer classification', () => {
  it('reads tunnels as Okta sends them (a JSON string) and names the kind', () => {
    const warp = '[{"anonymous":true,"operator":"WARP_VPN","type":"VPN"}]'
    expect(parseTunnels(JSON.stringify(warp))).toEqual([
      { type: 'VPN', operator: 'WARP_VPN', anonymous: true },
    ])
    expect(classify({ ...plain, tunnels: warp })).toBe('vpn')
    expect(
      classify({
        ...plain,
        isProxy: true,
        asNumber: 60729,
        asOrg: 'stiftung erneuerbare freiheit',
        isp: 'Tor exit',
      }),
    ).toBe('tor')
    expect(
      classify({
        ...plain,
        isProxy: true,
        asNumber: 36183,
        asOrg: 'akamai',
        isp: 'iCloud Private Relay',
      }),
    ).toBe('relay')
    expect(classify({ ...plain, isProxy: true })).toBe('proxy')
    expect(classify({ ...plain, asNumber: 212238, asOrg: 'datacamp limited' })).toBe('vpn')
    expect(classify(plain)).toBeNull()
    // Apple's own network without a proxy flag is not a relay.
    expect(classify({ ...plain, asOrg: 'apple inc.' })).toBeNull()
  })
})

const TOR = {
  ip: '185.220.101.7',
  isProxy: true,
  asn: 60729,
  asOrg: 'stiftung erneuerbare freiheit',
  isp: 'Tor exit (torservers.net)',
  domain: 'torservers.net',
}
const RELAY = {
  ip: '172.225.1.1',
  isProxy: true,
  asn: 36183,
  asOrg: 'akamai technologies',
  isp: 'iCloud Private Relay',
  domain: 'apple.com',
}

describe('anonymizer queries', () => {
  dbTest(
    'the first anonymised sign-in per user fires; habits and egress do not',
    async ({ db }) => {
      await dirUser(db, { id: '00u1ana' })
      await dirUser(db, { id: '00u2bob', login: 'bob@northwind.example' })
      const bob = { actorId: '00u2bob', actorLogin: 'bob@northwind.example' }
      const northwind = partner({ id: 'northwind', knownEgress: { asns: [64512], cidrs: [] } })
      const until = await store(db, [
        oktaEvent('ana-home', '2026-11-01T09:00:00Z'),
        oktaEvent('ana-relay', '2026-11-02T09:00:00Z', RELAY),
        oktaEvent('ana-tor', '2026-11-03T09:00:00Z', {
          ...TOR,
          dtHash: 'dt-new',
          behaviors: '{New Device=POSITIVE}',
        }),
        oktaEvent('ana-tor-2', '2026-11-04T09:00:00Z', TOR),
        oktaEvent('ana-relay-2', '2026-11-05T09:00:00Z', RELAY),
        // Bob's partner VPN is flagged as a proxy by Okta, but it is known egress.
        oktaEvent('bob-egress', '2026-11-03T09:00:00Z', {
          ...bob,
          isProxy: true,
          asn: 64512,
          asOrg: 'northwind corp vpn',
        }),
        oktaEvent('bob-tor-failed', '2026-11-03T10:00:00Z', { ...bob, ...TOR, result: 'FAILURE' }),
      ])
      const findings = await detect(
        db,
        anonymizer,
        { afterSeq: 0n, untilSeq: until },
        context([northwind]),
      )
      expect(findings.map((f) => [f.eventIds[0], f.severity, f.details.kind])).toEqual([
        ['ana-relay', 'low', 'relay'],
        ['ana-tor', 'critical', 'tor'],
      ])
      expect(findings[1]?.details).toMatchObject({
        escalatedBy: ['newDevice'],
        priorAnonymized: 0,
        priorRelayed: 1,
      })

      // Past the learning window the next anonymised sign-in is news again.
      const more = await store(db, [oktaEvent('ana-tor-later', '2027-03-01T09:00:00Z', TOR)])
      const next = await detect(
        db,
        anonymizer,
        { afterSeq: until, untilSeq: more },
        context([northwind]),
      )
      expect(next.map((f) => f.eventIds[0])).toEqual(['ana-tor-later'])
      const longer = await detect(
        db,
        anonymizer,
        { afterSeq: until, untilSeq: more },
        context([northwind], { learningDays: 180 }),
      )
      expect(longer).toEqual([])
    },
  )
})

const base: AnonymizerCandidate = {
  org: 'hub',
  userId: '00u1ana',
  userLogin: 'ana@northwind.example',
  partnerId: 'northwind',
  uuid: 'e1',
  published: new Date('2026-11-03T09:00:00Z'),
  ip: '146.70.1.1',
  city: 'Paris',
  country: 'France',
  asNumber: 212238,
  asOrg: 'datacamp limited',
  isp: 'Datacamp Limited',
  domain: 'cdn77.com',
  isProxy: true,
  tunnels: null,
  dtHash: 'dt1',
  userAgent: 'ua1',
  behaviors: null,
  threatSuspected: false,
  priorSignIns: 12,
  priorAnonymized: 0,
  priorRelayed: 0,
  priorDtHashes: ['dt1'],
  priorUserAgents: ['ua1'],
}

describe('anonymizer score', () => {
  it('VPN from a known device is medium; a new device and Okta’s threat flag raise it', () => {
    expect(score([base], context())[0]).toMatchObject({
      severity: 'medium',
      details: { kind: 'vpn' },
    })
    expect(
      score([{ ...base, dtHash: 'dt9', userAgent: 'ua9', threatSuspected: true }], context())[0],
    ).toMatchObject({
      severity: 'high',
      score: 80,
    })
    expect(score([{ ...base, priorAnonymized: 2 }], context())).toEqual([])
    expect(
      score(
        [{ ...base, ip: '203.0.113.5' }],
        context([
          partner({ id: 'northwind', knownEgress: { asns: [], cidrs: ['203.0.113.0/24'] } }),
        ]),
      ),
    ).toEqual([])
  })
})
