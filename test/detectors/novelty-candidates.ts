// Novelty candidates built by hand for the pure scoring tests of new-country, new-asn, new-device.
import type {
  NoveltyCandidate,
  SignInFacts,
  SignInHistory,
} from '../../detectors/sign-in-history.js'

export const HOME_HISTORY: SignInHistory = {
  signIns: 30,
  days: 15,
  countries: ['Netherlands'],
  asns: [1136],
  dtHashes: ['dt-laptop', 'dt-phone'],
  fingerprints: [],
  uaFamilies: ['CHROME|Windows 10', 'SAFARI|iOS'],
  networks: ['84.26.10'],
}

export function candidate(
  s: Partial<SignInFacts> = {},
  h: Partial<SignInHistory> = {},
  partnerUsersInCountry = 0,
): NoveltyCandidate {
  return {
    signIn: {
      uuid: 'e1',
      org: 'hub',
      published: new Date('2026-11-20T10:00:00Z'),
      userId: '00u1ana',
      userLogin: 'ana@northwind.example',
      partnerId: 'northwind',
      ip: '84.26.10.20',
      city: 'Amsterdam',
      country: 'Netherlands',
      asNumber: 1136,
      asOrg: 'kpn b.v.',
      isp: 'KPN',
      domain: 'kpn.com',
      isProxy: false,
      tunnels: null,
      dtHash: 'dt-laptop',
      fingerprint: null,
      browser: 'CHROME',
      os: 'Windows 10',
      userAgent: 'Mozilla/5.0 Chrome/129',
      clientDevice: 'Computer',
      behaviors: null,
      riskLevel: null,
      threatSuspected: false,
      ...s,
    },
    history: { ...HOME_HISTORY, ...h },
    partnerUsersInCountry,
  }
}

/** An unknown browser in Lisbon on a Portuguese ISP. */
export const STRANGER: Partial<SignInFacts> = {
  ip: '85.240.1.2',
  city: 'Lisbon',
  country: 'Portugal',
  asNumber: 3243,
  asOrg: 'meo',
  isp: 'MEO',
  dtHash: 'dt-stranger',
  browser: 'FIREFOX',
}
