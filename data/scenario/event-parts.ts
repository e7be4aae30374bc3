// The reusable parts of a LogEvent as JSON text, keys in alphabetical order as Okta's API returns
// them: actor, client, request, securityContext, authenticationContext, targets. Parts that repeat
// (a user, a place, a network, the client of one sign-in flow) are serialised once and cached.
import type { Device } from './devices.js'
import type { Place } from './geo-places.js'
import type { Endpoint, ScenarioUser } from './model.js'
import type { FixedParts } from './log-event.js'
import type { Network } from './networks.js'

const actors = new WeakMap<ScenarioUser, string>()
const geos = new WeakMap<Place, string>()
const securities = new WeakMap<Network, string>()

/** The user as `actor` (and as a `User` target: the same shape). */
export function userActor(user: ScenarioUser): string {
  let a = actors.get(user)
  if (a === undefined) {
    a = target('User', user.id, user.login, `${user.firstName} ${user.lastName}`)
    actors.set(user, a)
  }
  return a
}

export const SYSTEM_ACTOR = target(
  'SystemPrincipal',
  '0oa1okta0system0id697',
  'system@okta.com',
  'Okta System',
)

export function geographicalContext(place: Place): string {
  let g = geos.get(place)
  if (g === undefined) {
    g = JSON.stringify({
      city: place.city,
      country: place.country,
      geolocation: { lat: place.lat, lon: place.lon },
      postalCode: place.postalCode === '' ? null : place.postalCode,
      state: place.state,
    })
    geos.set(place, g)
  }
  return g
}

export function securityContext(network: Network): string {
  let s = securities.get(network)
  if (s === undefined) {
    s = JSON.stringify({
      asNumber: network.asn,
      asOrg: network.asOrg,
      domain: network.domain,
      isProxy: network.isProxy,
      isp: network.isp,
    })
    securities.set(network, s)
  }
  return s
}

/** The `client` part (built once per sign-in flow). */
export function client(device: Device, endpoint: Endpoint): string {
  // Joined, so the fragment is one flat string: it is copied into every event of the flow.
  return [
    `{"device":"${device.kind}","geographicalContext":`,
    geographicalContext(endpoint.place),
    `,"id":null,"ipAddress":"${endpoint.ip}","userAgent":`,
    userAgentJson(device),
    ',"zone":',
    JSON.stringify(endpoint.zoneName),
    '}',
  ].join('')
}

const userAgents = new WeakMap<Device, string>()

function userAgentJson(device: Device): string {
  return memo(userAgents, device, () => JSON.stringify(device.userAgent))
}

export function request(endpoint: Endpoint): string {
  return [
    '{"ipChain":[{"geographicalContext":',
    geographicalContext(endpoint.place),
    `,"ip":"${endpoint.ip}","source":null,"version":"V4"}]}`,
  ].join('')
}

/** The parts of every event of one flow by `user` from `device` at `endpoint`. */
export function fixedParts(user: ScenarioUser, device: Device, endpoint: Endpoint): FixedParts {
  return {
    actor: userActor(user),
    client: client(device, endpoint),
    request: request(endpoint),
    securityContext: securityContext(endpoint.network),
  }
}

const plain = (v: string | null): string => (v === null ? 'null' : `"${v}"`)

/** The `authenticationContext` JSON; all values are plain identifiers. */
export function authContext(
  sessionId: string | null,
  provider: string | null = null,
  credentialProvider: string | null = null,
  credentialType: string | null = null,
  iface: string | null = null,
  issuer: { id: string; type: string } | null = null,
): string {
  return [
    '{"authenticationProvider":',
    plain(provider),
    ',"authenticationStep":0,"credentialProvider":',
    plain(credentialProvider),
    ',"credentialType":',
    plain(credentialType),
    ',"externalSessionId":',
    plain(sessionId),
    ',"interface":',
    plain(iface),
    ',"issuer":',
    issuer ? `{"id":"${issuer.id}","type":"${issuer.type}"}` : 'null',
    '}',
  ].join('')
}

/** A target object's JSON; `detailEntry` keys must be given in alphabetical order. */
export function target(
  type: string,
  id: string,
  alternateId: string,
  displayName: string,
  detailEntry: Record<string, string> | null = null,
): string {
  return JSON.stringify({ alternateId, detailEntry, displayName, id, type })
}

/** Caches a derived JSON fragment per object (a user's enrollment targets, an app's target). */
export function memo<K extends object>(
  cache: WeakMap<K, string>,
  key: K,
  make: () => string,
): string {
  let v = cache.get(key)
  if (v === undefined) {
    v = make()
    cache.set(key, v)
  }
  return v
}
