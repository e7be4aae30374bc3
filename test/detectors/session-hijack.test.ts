// session-hijack: the SQL on a real DuckDB (a session's origin and later events, the login flow and
// Okta-internal clients left out, root session ids, incremental windows) and the scoring.
import { describe, expect, it } from 'vitest'
import { sessionHijack } from '../../detectors/session-hijack/index.js'
import { score } from '../../detectors/session-hijack/score.js'
import { isScripted, uaFamily } from '../../detectors/session-hijack/user-agent.js'
import type { SessionCandidate, SessionEvent } from '../../detectors/session-hijack/queries.js'
import { dbTest } from '../helpers/db.js'
import { context, detect, dirUser, oktaEvent, store } from './lifecycle-fixtures.js'

const ATTACKER = {
  ip: '167.99.1.2',
  city: 'New York',
  country: 'United States',
  asn: 14061,
  asOrg: 'digitalocean, llc',
  isp: 'DigitalOcean',
  domain: 'digitalocean.com',
  userAgent: 'python-requests/2.31.0',
  browser: 'UNKNOWN',
  os: 'Unknown',
  dtHash: null,
}
const sso = (uuid: string, at: string, o = {}) =>
  oktaEvent(uuid, at, { eventType: 'user.authentication.sso', sessionId: 's1', ...o })

describe('session-hijack queries', () => {
  dbTest(
    'the first event of a session from a new network and client, after the login',
    async ({ db }) => {
      await dirUser(db, { id: '00u1ana' })
      const until = await store(db, [
        // The login flow: a step from another address before the session start is not judged.
        oktaEvent('pre', '2026-11-10T08:59:00Z', {
          eventType: 'policy.evaluate_sign_on',
          sessionId: 's1',
          ip: '10.9.9.9',
          asn: 64999,
          userAgent: 'curl/8.0',
        }),
        oktaEvent('start', '2026-11-10T09:00:00Z', { sessionId: 's1' }),
        sso('app-1', '2026-11-10T09:05:00Z'),
        // A VPN switched on: new network, same browser: not a hijack.
        sso('vpn', '2026-11-10T09:30:00Z', { ip: '212.1.1.1', asn: 9009, asOrg: 'm247' }),
        // An Okta-internal client from Okta's own network: left out.
        sso('okta-internal', '2026-11-10T09:40:00Z', {
          ip: '3.3.3.3',
          asn: 16509,
          clientId: 'okta.2b1959c8',
          userAgent: 'Java/17',
        }),
      ])
      expect(await detect(db, sessionHijack, { afterSeq: 0n, untilSeq: until })).toEqual([])
      const more = await store(db, [
        sso('replay', '2026-11-10T11:00:00Z', ATTACKER),
        sso('replay-2', '2026-11-10T11:01:00Z', ATTACKER),
      ])
      const findings = await detect(db, sessionHijack, { afterSeq: until, untilSeq: more })
      expect(findings).toHaveLength(1)
      expect(findings[0]).toMatchObject({
        eventIds: ['start', 'replay'],
        severity: 'critical',
        userId: '00u1ana',
        partnerId: 'northwind',
        details: {
          minutesAfterOrigin: 120,
          escalatedBy: ['scriptedClient', 'hostingAsn', 'otherCountry'],
        },
      })
      // Reported once: a later run over the session's next event adds nothing.
      const later = await store(db, [sso('replay-3', '2026-11-10T12:00:00Z', ATTACKER)])
      expect(await detect(db, sessionHijack, { afterSeq: more, untilSeq: later })).toEqual([])
    },
  )

  dbTest('sessions are joined by rootSessionId; non-partners only on request', async ({ db }) => {
    await dirUser(db, { id: '00u3emp', login: 'emp@acme.example', partnerId: null })
    const emp = { actorId: '00u3emp', actorLogin: 'emp@acme.example' }
    const until = await store(db, [
      oktaEvent('start', '2026-11-10T09:00:00Z', { ...emp, sessionId: 'a', rootSessionId: 'root' }),
      sso('other', '2026-11-10T10:00:00Z', {
        ...emp,
        ...ATTACKER,
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128',
        browser: 'FIREFOX',
        os: 'Linux',
        sessionId: 'b',
        rootSessionId: 'root',
      }),
    ])
    const window = { afterSeq: 0n, untilSeq: until }
    expect(await detect(db, sessionHijack, window)).toEqual([])
    const all = await detect(db, sessionHijack, window, context(undefined, { partnersOnly: false }))
    expect(all[0]).toMatchObject({ eventIds: ['start', 'other'], severity: 'critical' })
    // A first run reads every session without looking history up; a re-run over the same events
    // with `since` takes the incremental query: both find the same.
    const again = await detect(
      db,
      sessionHijack,
      { ...window, publishedSince: new Date('2026-11-01T00:00:00Z') },
      context(undefined, { partnersOnly: false }),
    )
    expect(again).toEqual(all)
  })
})

const ev = (uuid: string, minute: number, o: Partial<SessionEvent> = {}): SessionEvent => ({
  uuid,
  published: new Date(Date.UTC(2026, 10, 10, 9, minute)),
  eventType: 'user.authentication.sso',
  ip: '90.3.10.20',
  asNumber: 3215,
  asOrg: 'orange',
  isp: 'Orange',
  domain: 'orange.fr',
  city: 'Lyon',
  country: 'France',
  lat: 45.7,
  lon: 4.8,
  userAgent: 'Mozilla/5.0 Chrome/129',
  browser: 'CHROME',
  os: 'Windows 10',
  dtHash: 'dt1',
  isProxy: false,
  threatSuspected: false,
  isNew: true,
  ...o,
})

describe('session-hijack score', () => {
  const candidate = (later: SessionEvent[]): SessionCandidate => ({
    org: 'hub',
    sessionId: 's1',
    userId: '00u1ana',
    userLogin: 'ana@northwind.example',
    partnerId: 'northwind',
    origin: ev('start', 0, { eventType: 'user.session.start' }),
    later,
  })

  it('needs both a new network and another client', () => {
    const ctx = context()
    expect(score([candidate([ev('upgrade', 5, { os: 'Windows 11' })])], ctx)).toEqual([])
    expect(score([candidate([ev('roam', 5, { asNumber: 5410, ip: '5.5.5.5' })])], ctx)).toEqual([])
    const mac = ev('mac', 5, {
      asNumber: 5410,
      ip: '5.5.5.5',
      browser: 'SAFARI',
      os: 'Mac OS X',
      dtHash: 'dt2',
    })
    expect(score([candidate([mac])], ctx)[0]).toMatchObject({
      severity: 'high',
      details: { escalatedBy: ['otherDeviceToken'] },
    })
    // Without ASNs the /24 decides.
    const noAsn = (ip: string) => ev(ip, 6, { asNumber: null, ip, userAgent: 'curl/8.4.0' })
    expect(
      score([{ ...candidate([noAsn('90.3.10.99')]), origin: ev('s', 0, { asNumber: null }) }], ctx),
    ).toEqual([])
    expect(
      score([{ ...candidate([noAsn('91.1.1.1')]), origin: ev('s', 0, { asNumber: null }) }], ctx),
    ).toHaveLength(1)
  })

  it('tells scripts from browsers by their user agent', () => {
    expect(isScripted('python-requests/2.31')).toBe(true)
    expect(isScripted('Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/120')).toBe(true)
    expect(isScripted('Mozilla/5.0 (Windows NT 10.0) Chrome/129')).toBe(false)
    expect(uaFamily('CHROME', 'Windows 10', null)).toBe(uaFamily('CHROME', 'Windows 11', null))
    expect(uaFamily('UNKNOWN', 'Unknown', 'Go-http-client/2.0')).toBe('script/go-http-client')
  })
})
