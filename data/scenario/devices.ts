// Browsers and phones as Okta reports them (client.userAgent {rawUserAgent, os, browser},
// client.device), plus the tooling user agents attackers replay stolen sessions with.
import { digest } from './ids.js'
import type { Rng } from './random.js'

export interface Device {
  /** Stable per user and device; what Okta's device token and fingerprint follow. */
  dtHash: string
  fingerprint: string
  kind: 'Computer' | 'Mobile' | 'Unknown'
  /** Serialised once: `{ browser, os, rawUserAgent }`. */
  userAgent: { browser: string; os: string; rawUserAgent: string }
  /** `browser` for real browsers, `tool` for scripted clients. */
  family: 'browser' | 'tool'
}

type Template = (rng: Rng) => Device['userAgent']

const chromeVersion = (rng: Rng): number => rng.int(124, 131)

const DESKTOP: { weight: number; make: Template }[] = [
  {
    weight: 40,
    make: (rng) => ({
      browser: 'CHROME',
      os: 'Windows 10',
      rawUserAgent: `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${chromeVersion(rng)}.0.0.0 Safari/537.36`,
    }),
  },
  {
    weight: 22,
    make: (rng) => {
      const v = chromeVersion(rng)
      return {
        browser: 'EDGE_CHROMIUM',
        os: 'Windows 10',
        rawUserAgent: `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v}.0.0.0 Safari/537.36 Edg/${v}.0.0.0`,
      }
    },
  },
  {
    weight: 8,
    make: (rng) => {
      const v = rng.int(125, 132)
      return {
        browser: 'FIREFOX',
        os: 'Windows 10',
        rawUserAgent: `Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:${v}.0) Gecko/20100101 Firefox/${v}.0`,
      }
    },
  },
  {
    weight: 16,
    make: (rng) => ({
      browser: 'CHROME',
      os: 'Mac OS X',
      rawUserAgent: `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${chromeVersion(rng)}.0.0.0 Safari/537.36`,
    }),
  },
  {
    weight: 10,
    make: (rng) => ({
      browser: 'SAFARI',
      os: 'Mac OS X',
      rawUserAgent: `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.${rng.int(3, 6)} Safari/605.1.15`,
    }),
  },
  {
    weight: 4,
    make: (rng) => {
      const v = rng.int(125, 132)
      return {
        browser: 'FIREFOX',
        os: 'Linux',
        rawUserAgent: `Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:${v}.0) Gecko/20100101 Firefox/${v}.0`,
      }
    },
  },
]

const MOBILE: { weight: number; make: Template }[] = [
  {
    weight: 55,
    make: (rng) => {
      const minor = rng.int(4, 6)
      return {
        browser: 'SAFARI',
        os: 'iOS',
        rawUserAgent: `Mozilla/5.0 (iPhone; CPU iPhone OS 17_${minor} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.${minor} Mobile/15E148 Safari/604.1`,
      }
    },
  },
  {
    weight: 45,
    make: (rng) => ({
      browser: 'CHROME',
      os: 'Android',
      rawUserAgent: `Mozilla/5.0 (Linux; Android ${rng.int(13, 14)}; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${chromeVersion(rng)}.0.0.0 Mobile Safari/537.36`,
    }),
  },
]

const TOOLS: Device['userAgent'][] = [
  { browser: 'UNKNOWN', os: 'Unknown', rawUserAgent: 'python-requests/2.31.0' },
  { browser: 'UNKNOWN', os: 'Unknown', rawUserAgent: 'python-requests/2.32.3' },
  { browser: 'UNKNOWN', os: 'Unknown', rawUserAgent: 'curl/8.5.0' },
  { browser: 'UNKNOWN', os: 'Unknown', rawUserAgent: 'Go-http-client/1.1' },
  {
    browser: 'CHROME',
    os: 'Linux',
    rawUserAgent:
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36',
  },
]

function device(rng: Rng, kind: Device['kind'], userAgent: Device['userAgent']): Device {
  return {
    dtHash: digest(rng, 64),
    fingerprint: digest(rng, 32),
    kind,
    userAgent,
    family: 'browser',
  }
}

export function desktopDevice(rng: Rng): Device {
  return device(rng, 'Computer', rng.weighted(DESKTOP, (t) => t.weight).make(rng))
}

export function mobileDevice(rng: Rng): Device {
  return device(rng, 'Mobile', rng.weighted(MOBILE, (t) => t.weight).make(rng))
}

/** A desktop browser whose family (browser and OS) differs from every one of `avoid`. */
export function unfamiliarDesktop(rng: Rng, avoid: readonly Device[]): Device {
  for (let i = 0; i < 20; i++) {
    const d = desktopDevice(rng)
    const clash = avoid.some(
      (a) => a.userAgent.browser === d.userAgent.browser && a.userAgent.os === d.userAgent.os,
    )
    if (!clash) {
      return d
    }
  }
  return device(rng, 'Computer', TOOLS[4] as Device['userAgent'])
}

/** A scripted client (python-requests, curl, Go, headless Chrome): no device token. */
export function toolDevice(rng: Rng): Device {
  const ua = rng.pick(TOOLS)
  return {
    dtHash: digest(rng, 64),
    fingerprint: digest(rng, 32),
    kind: ua.browser === 'UNKNOWN' ? 'Unknown' : 'Computer',
    userAgent: ua,
    family: 'tool',
  }
}
