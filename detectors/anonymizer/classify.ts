// What kind of anonymiser a sign-in went through, from Okta's own flags (`securityContext.isProxy`,
// `debugData.tunnels` with its operator and `anonymous` flag) and from the network's ASN and names.
// iCloud Private Relay (and similar privacy relays) hide the address but keep the person: low.

export type AnonymizerKind = 'tor' | 'vpn' | 'proxy' | 'relay'

/** ASNs that carry mostly anonymiser traffic: Tor exit operators and commercial VPN hosting. */
export const ANONYMIZER_ASNS: ReadonlySet<number> = new Set([
  60729, // Stiftung Erneuerbare Freiheit (torservers.net, Tor exits)
  208323, // Foundation for Applied Privacy (Tor exits)
  396507, // Emerald Onion (Tor exits)
  4224, // The Calyx Institute (Tor exits)
  62371, // Proton AG (Proton VPN)
  212238, // Datacamp Limited (VPN providers' servers)
  60068, // Datacamp Limited / CDN77 (VPN providers' servers)
])
/** Names in asOrg / isp / domain / tunnel operator that mean Tor. */
export const TOR_NAME = /\btor\b|torservers|tor[-_ ]?exit|onion/i
/** Names that mean a commercial VPN or anonymising proxy service. */
export const VPN_NAME =
  /mullvad|nordvpn|expressvpn|surfshark|proton\s?vpn|private internet access|cyberghost|ipvanish|windscribe|hide\.me|purevpn|datacamp|\bvpn\b|warp_vpn/i
/** Privacy relays that keep the user's region: Apple's iCloud Private Relay and its like. */
export const RELAY_NAME = /private[_ ]?relay|icloud|apple/i

export interface NetworkFacts {
  isProxy: boolean
  tunnels: string | null
  asNumber: number | null
  asOrg: string | null
  isp: string | null
  domain: string | null
}

export interface Tunnel {
  type: string | null
  operator: string | null
  anonymous: boolean
}

/** `debugData.tunnels`: a JSON array (often sent as a string) of {type, operator, anonymous}. */
export function parseTunnels(text: string | null): Tunnel[] {
  if (text === null || text.trim() === '' || text === 'null') {
    return []
  }
  try {
    const v: unknown = JSON.parse(text)
    const list: unknown = typeof v === 'string' ? JSON.parse(v) : v
    if (!Array.isArray(list)) {
      return []
    }
    return list.map((t: unknown) => {
      const o = (typeof t === 'object' && t !== null ? t : {}) as Record<string, unknown>
      return {
        type: typeof o.type === 'string' ? o.type : null,
        operator: typeof o.operator === 'string' ? o.operator : null,
        anonymous: o.anonymous === true || o.anonymous === 'true',
      }
    })
  } catch {
    return [{ type: null, operator: text, anonymous: false }]
  }
}

/** The anonymiser kind, or null when the network is an ordinary one. */
export function classify(n: NetworkFacts): AnonymizerKind | null {
  const tunnels = parseTunnels(n.tunnels)
  const names = [n.asOrg, n.isp, n.domain, ...tunnels.map((t) => t.operator)]
    .filter((x): x is string => x !== null)
    .join(' | ')
  if (TOR_NAME.test(names) || tunnels.some((t) => /tor/i.test(t.type ?? ''))) {
    return 'tor'
  }
  if (RELAY_NAME.test(names)) {
    return n.isProxy || tunnels.length > 0 ? 'relay' : null
  }
  if (
    VPN_NAME.test(names) ||
    tunnels.some((t) => t.anonymous || /vpn/i.test(t.type ?? '')) ||
    (n.asNumber !== null && ANONYMIZER_ASNS.has(n.asNumber))
  ) {
    return 'vpn'
  }
  if (n.isProxy || tunnels.length > 0) {
    return 'proxy'
  }
  return null
}
