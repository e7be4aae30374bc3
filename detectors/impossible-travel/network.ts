// Where a sign-in came from, as far as the network says: hosting providers, mobile carriers, the
// geolocation error radius, the /24 (or /48) network, partner egress CIDRs, great-circle distance.
import type { SignInPoint } from './queries.js'

/** Error radius of a city-level geolocation of a fixed line (GeoIP city accuracy: tens of km). */
export const CITY_RADIUS_KM = 50
/** Error radius when only the region is known (no city). */
export const REGION_RADIUS_KM = 200
/** Error radius when only the country is known. */
export const COUNTRY_RADIUS_KM = 600
/** Error radius of a mobile carrier address: CGNAT gateways geolocate to a regional hub. */
export const MOBILE_RADIUS_KM = 300

/** Well-known cloud / hosting ASNs (AWS, Azure, GCP, Oracle, Alibaba, DigitalOcean, OVH, Hetzner,
 * Linode/Akamai, Vultr, M247, Leaseweb, Contabo, Scaleway): where AiTM and token replay come from. */
export const HOSTING_ASNS: ReadonlySet<number> = new Set([
  16509, 14618, 8075, 8068, 15169, 396982, 31898, 45102, 37963, 14061, 16276, 24940, 63949, 20473,
  9009, 60781, 28753, 51167, 12876,
])
// Whole words only: `colo` must not match "Telmex Colombia".
const HOSTING_NAME =
  /\b(amazon|aws|amazonaws|azure|microsoft corp|google cloud|digitalocean|ovh|hetzner|linode|vultr|m247|leaseweb|contabo|scaleway|alibaba cloud|choopa|hosting|datacenter|data center|vps|colo|colocrossing)\b/i
/** Carrier names say what they are more often than not; Okta's client.device says the rest. */
const MOBILE_NAME = /\b(mobile|mobility|wireless|cellular|lte|5g)\b/i

export function haversineKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }) {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLon = (b.lon - a.lon) * rad
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)))
}

export function isMobile(p: SignInPoint): boolean {
  const device = (p.clientDevice ?? '').toLowerCase()
  return (
    device === 'mobile' ||
    device === 'tablet' ||
    MOBILE_NAME.test(p.isp ?? '') ||
    MOBILE_NAME.test(p.asOrg ?? '')
  )
}

/** What says which network a sign-in came from. */
export interface NetworkFacts {
  asNumber: number | null
  asOrg: string | null
  isp: string | null
  domain: string | null
}

/** A cloud or hosting provider: where AiTM proxies, VPS-run tooling and token replay come from. */
export function isHosting(p: NetworkFacts): boolean {
  return (
    (p.asNumber !== null && HOSTING_ASNS.has(p.asNumber)) ||
    HOSTING_NAME.test(p.asOrg ?? '') ||
    HOSTING_NAME.test(p.isp ?? '') ||
    HOSTING_NAME.test(p.domain ?? '')
  )
}

/** How far off the geolocation of this sign-in may be. */
export function errorRadiusKm(p: SignInPoint): number {
  const base = p.city ? CITY_RADIUS_KM : p.state ? REGION_RADIUS_KM : COUNTRY_RADIUS_KM
  return isMobile(p) ? Math.max(base, MOBILE_RADIUS_KM) : base
}

/** The network an address belongs to: its /24 (IPv4) or /48 (IPv6). */
export function networkOf(ip: string | null): string | null {
  if (!ip) {
    return null
  }
  if (ip.includes(':')) {
    return ip.toLowerCase().split(':').slice(0, 3).join(':')
  }
  const parts = ip.split('.')
  return parts.length === 4 ? parts.slice(0, 3).join('.') : null
}

function ipv4Num(ip: string): number | null {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip)
  return m ? m.slice(1).reduce((n, o) => n * 256 + Number(o), 0) : null
}

/** Whether the address is in one of the CIDRs (IPv4; IPv6 by prefix string). */
export function inCidrs(ip: string | null, cidrs: readonly string[]): boolean {
  if (!ip) {
    return false
  }
  const n = ipv4Num(ip)
  return cidrs.some((cidr) => {
    const [base = '', bitsText = ''] = cidr.split('/')
    const bits = Number(bitsText)
    const b = ipv4Num(base)
    if (n !== null && b !== null && Number.isInteger(bits)) {
      const size = 2 ** (32 - Math.min(32, bits))
      return Math.floor(n / size) === Math.floor(b / size)
    }
    if (n === null && base.includes(':') && bits % 16 === 0) {
      const groups = bits / 16
      const norm = (s: string) => s.toLowerCase().split(':').slice(0, groups).join(':')
      return norm(ip) === norm(base)
    }
    return false
  })
}
