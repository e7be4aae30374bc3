import { describe, expect, it } from 'vitest'
import { score } from '../../detectors/new-asn/score.js'
import { NORTHWIND } from './sign-in-fixtures.js'
import { STRANGER, candidate } from './novelty-candidates.js'

const ctx = { now: new Date('2026-11-20T12:00:00Z'), config: {}, partners: [NORTHWIND] }
const HOSTING = { asNumber: 14061, asOrg: 'digitalocean, llc', ip: '167.99.1.2' }
const PHONE = {
  asNumber: 31615,
  asOrg: 'odido netherlands b.v.',
  ip: '62.140.1.2',
  dtHash: 'dt-new-phone',
  browser: 'CHROME',
  os: 'Android',
  clientDevice: 'Mobile',
}

describe('new-asn score', () => {
  it('fires on a new ASN with a new device, and on hosting even with a known device', () => {
    expect(score([candidate({ ...STRANGER, country: 'Netherlands' })], ctx)).toHaveLength(1)
    const [f] = score([candidate(HOSTING)], ctx)
    expect(f).toMatchObject({ details: { asn: 14061, hosting: true, knownDevice: true } })
    expect(f?.details.escalatedBy).toEqual(['hostingAsn'])
  })

  it('is quiet on a known device (hotel Wi-Fi), known ASNs and partner egress', () => {
    expect(score([candidate({ asNumber: 3243, ip: '85.240.1.2' })], ctx)).toEqual([])
    expect(score([candidate({ ...STRANGER, asNumber: 1136 })], ctx)).toEqual([])
    expect(score([candidate({ ...STRANGER, asNumber: 64512 })], ctx)).toEqual([])
  })

  it('leaves the user’s own phone at home to Okta’s device verdict', () => {
    expect(score([candidate(PHONE)], ctx)).toEqual([])
    const okta = score([candidate({ ...PHONE, behaviors: '{New Device=POSITIVE}' })], ctx)
    expect(okta).toHaveLength(1)
    // Abroad it is not "at home".
    expect(score([candidate({ ...PHONE, country: 'Portugal' })], ctx)).toHaveLength(1)
  })
})
