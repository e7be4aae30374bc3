import { describe, expect, it } from 'vitest'
import { score } from '../../detectors/new-country/score.js'
import { NORTHWIND } from './sign-in-fixtures.js'
import { STRANGER, candidate } from './novelty-candidates.js'

const ctx = { now: new Date('2026-11-20T12:00:00Z'), config: {}, partners: [NORTHWIND] }

describe('new-country score', () => {
  it('fires on a new country with a device the user never used', () => {
    const [f] = score([candidate(STRANGER)], ctx)
    expect(f).toMatchObject({
      detector: 'new-country',
      eventIds: ['e1'],
      severity: 'high',
      details: {
        country: 'Portugal',
        priorCountries: ['Netherlands'],
        knownDevice: false,
        escalatedBy: ['newDevice', 'newBrowserFamily', 'newAsn'],
      },
    })
  })

  it('treats a known device in a new country as a trip, unless asked to report it', () => {
    const trip = candidate({ ...STRANGER, dtHash: 'dt-laptop', browser: 'CHROME' })
    expect(score([trip], ctx)).toEqual([])
    const [f] = score([trip], { ...ctx, config: { reportKnownDevice: true } })
    expect(f?.severity).toBe('low')
  })

  it('stays quiet before the learning gate, on known countries, proxies and partner egress', () => {
    expect(score([candidate(STRANGER, { signIns: 9 })], ctx)).toEqual([])
    expect(score([candidate(STRANGER, { days: 4 })], ctx)).toEqual([])
    expect(score([candidate({ ...STRANGER, country: 'Netherlands' })], ctx)).toEqual([])
    expect(score([candidate({ ...STRANGER, isProxy: true })], ctx)).toEqual([])
    expect(score([candidate({ ...STRANGER, tunnels: '[{"type":"VPN"}]' })], ctx)).toEqual([])
    expect(score([candidate({ ...STRANGER, asNumber: 64512 })], ctx)).toEqual([])
    expect(score([candidate({ ...STRANGER, ip: '185.199.40.7' })], ctx)).toEqual([])
  })

  it('escalates a hosting network and lowers a partner country; Okta only moves the score', () => {
    const hosting = score([candidate({ ...STRANGER, asNumber: 16509, asOrg: 'amazon.com' })], ctx)
    expect(hosting[0]?.severity).toBe('critical')
    const colleagues = score([candidate(STRANGER, {}, 3)], ctx)
    expect(colleagues[0]?.details.suppressedBy).toEqual(['partnerCountry'])
    expect(colleagues[0]?.severity).toBe('medium')
    const agree = score([candidate({ ...STRANGER, behaviors: '{New Country=POSITIVE}' })], ctx)
    const disagree = score([candidate({ ...STRANGER, behaviors: '{New Country=NEGATIVE}' })], ctx)
    expect((agree[0]?.score ?? 0) - (disagree[0]?.score ?? 0)).toBe(10)
    expect(disagree).toHaveLength(1)
  })
})
