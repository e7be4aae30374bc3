import { describe, expect, it } from 'vitest'
import { score } from '../../detectors/new-device/score.js'
import { NORTHWIND } from './sign-in-fixtures.js'
import { candidate } from './novelty-candidates.js'

const ctx = { now: new Date('2026-11-20T12:00:00Z'), config: {}, partners: [NORTHWIND] }
const SAME_ISP = { ip: '84.26.99.7', dtHash: 'dt-other', browser: 'EDGE_CHROMIUM' }

describe('new-device score', () => {
  it('fires on an unseen browser from an unseen address block', () => {
    const [f] = score([candidate(SAME_ISP)], ctx)
    expect(f).toMatchObject({
      detector: 'new-device',
      severity: 'medium',
      details: { newBrowserFamily: true, device: { dtHash: 'dt-other' } },
    })
  })

  it('leaves a new browser on a known network (a second machine at home) alone', () => {
    expect(score([candidate({ ...SAME_ISP, ip: '84.26.10.99' })], ctx)).toEqual([])
  })

  it('falls back to the browser family when the client has no device token', () => {
    expect(score([candidate({ ip: '84.26.99.7', dtHash: null })], ctx)).toEqual([])
    const curl = { ip: '84.26.99.7', dtHash: null, browser: 'UNKNOWN', userAgent: 'curl/8.4' }
    const [f] = score([candidate(curl)], ctx)
    expect(f?.details.escalatedBy).toEqual(['toolingUserAgent', 'newBrowserFamily'])
    expect(f?.severity).toBe('high')
  })

  it('waits for the learning gate', () => {
    expect(score([candidate(SAME_ISP, { signIns: 3 })], ctx)).toEqual([])
  })
})
