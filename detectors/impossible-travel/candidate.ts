// What the impossible-travel queries hand to scoring: each sign-in as a located point, and a
// candidate pair (the previous usable sign-in and this one) with the user's baseline.

export interface SignInPoint {
  uuid: string
  published: Date
  ip: string | null
  city: string | null
  state: string | null
  country: string | null
  lat: number
  lon: number
  asNumber: number | null
  asOrg: string | null
  isp: string | null
  domain: string | null
  clientDevice: string | null
  os: string | null
  browser: string | null
  dtHash: string | null
  userAgent: string | null
  sessionId: string | null
}

export interface TravelCandidate {
  org: string
  userId: string
  userLogin: string | null
  partnerId: string | null
  current: SignInPoint & {
    isProxy: boolean
    tunnels: string | null
    threatSuspected: boolean
    riskLevel: string | null
    behaviors: string | null
  }
  previous: SignInPoint & { isProxy: boolean; tunnels: string | null }
  /** Usable sign-ins of the user before this one in the learning window. */
  priorSignIns: number
  priorAsns: number[]
  /** `lat,lon` rounded to 0.1° of earlier sign-in places. */
  priorPlaces: { lat: number; lon: number; country: string | null }[]
  priorDtHashes: string[]
  priorUserAgents: string[]
  /** Other users of the same partner who signed in from the destination city in the window. */
  partnerUsersAtDestination: number
  /** Failed MFA (or denied pushes) of the user in FAILED_MFA_MINUTES before the sign-in. */
  failedMfaBefore: number
}

/** A located sign-in as DuckDB returns it (snake_case, BIGINT maybe bigint). */
export interface PointRow {
  uuid: string
  published: Date
  ip: string | null
  city: string | null
  state: string | null
  country: string | null
  lat: number
  lon: number
  as_number: bigint | number | null
  as_org: string | null
  isp: string | null
  domain: string | null
  client_device: string | null
  os: string | null
  browser: string | null
  dt_hash: string | null
  user_agent: string | null
  session_id: string | null
  is_proxy: boolean | null
  tunnels: string | null
}

export function point(r: PointRow): SignInPoint & { isProxy: boolean; tunnels: string | null } {
  return {
    uuid: r.uuid,
    published: r.published,
    ip: r.ip,
    city: r.city,
    state: r.state,
    country: r.country,
    lat: r.lat,
    lon: r.lon,
    asNumber: r.as_number === null ? null : Number(r.as_number),
    asOrg: r.as_org,
    isp: r.isp,
    domain: r.domain,
    clientDevice: r.client_device,
    os: r.os,
    browser: r.browser,
    dtHash: r.dt_hash,
    userAgent: r.user_agent,
    sessionId: r.session_id,
    isProxy: r.is_proxy ?? false,
    tunnels: r.tunnels,
  }
}
