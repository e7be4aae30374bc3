// The options of startOktaSim, checked at the call, and the admin the API token belongs to.
import type { Clock } from '../../lib/clock.js'
import type { DirectoryState } from './directory-state.js'
import type { FaultPlan } from './faults.js'
import type { OAuthOptions } from './oauth-route.js'
import { FAMILIES, type Family, type Principal } from './types.js'

export interface OktaSimOptions {
  /** Folder with events.ndjson and directory.json (data/scenario/types.ts). */
  scenarioDir: string
  /** 0 (default) picks a free port. */
  port?: number
  /** The SSWS API token to accept; default `sim-token`. */
  token?: string
  /** The sim's notion of now: visibility, retention, rate-limit windows, Date headers. Default: system. */
  clock?: Clock
  /** Scripted faults by request number: a spec string (faults.ts) or a plan. */
  faults?: string | FaultPlan
  /** Fraction (0–1) of the events published before the start that arrive late. Default 0. */
  lateFraction?: number
  /** How long after the start late events become visible, [min, max] seconds. Default [2, 10]. */
  lateDelaySeconds?: readonly [number, number]
  /** Per-minute budgets per endpoint family, over Okta's Workforce Identity defaults. */
  rateLimits?: Partial<Record<Family, number>>
  /** Seeds which events are late and their delays. Default 1. */
  seed?: number
  /** Enables POST /oauth2/v1/token for this client (private_key_jwt). */
  oauth?: OAuthOptions
  /** The most events one /logs request examines (filters on big files); default 50 000. */
  maxScan?: number
  /** Called with unexpected errors inside the server (they are answered 500 E0000009). */
  onError?: (err: unknown) => void
}

export function checkOptions(o: OktaSimOptions): void {
  const fail = (message: string) => {
    throw new TypeError(`startOktaSim: ${message}`)
  }
  if (typeof o.scenarioDir !== 'string' || o.scenarioDir === '') {
    fail('scenarioDir is required')
  }
  if (o.port !== undefined && !(Number.isInteger(o.port) && o.port >= 0 && o.port <= 65535)) {
    fail(`port must be 0–65535, got ${o.port}`)
  }
  if (o.token !== undefined && !/^\S+$/.test(o.token)) {
    fail('token must be a non-empty string without spaces')
  }
  if (o.lateFraction !== undefined && !(o.lateFraction >= 0 && o.lateFraction <= 1)) {
    fail(`lateFraction must be between 0 and 1, got ${o.lateFraction}`)
  }
  const delay = o.lateDelaySeconds
  if (delay !== undefined && !(delay[0] >= 0 && delay[1] >= delay[0])) {
    fail(`lateDelaySeconds must be [min, max] with 0 <= min <= max, got [${delay.join(', ')}]`)
  }
  for (const [family, limit] of Object.entries(o.rateLimits ?? {})) {
    if (!FAMILIES.includes(family as Family)) {
      fail(`rateLimits: unknown family "${family}" (${FAMILIES.join(', ')})`)
    }
    if (!(Number.isInteger(limit) && limit > 0)) {
      fail(`rateLimits.${family} must be a whole number above 0, got ${limit}`)
    }
  }
  if (o.maxScan !== undefined && !(Number.isInteger(o.maxScan) && o.maxScan > 0)) {
    fail(`maxScan must be a whole number above 0, got ${o.maxScan}`)
  }
}

const ADMIN_ROLE_ORDER = ['SUPER_ADMIN', 'ORG_ADMIN']

/** The API token's owner: the directory's super (or org) admin, else a built-in admin. */
export function adminPrincipal(directory: DirectoryState): Principal {
  const roles = [...directory.adminRoles].sort(
    (a, b) => rank(a.roleType) - rank(b.roleType) || (a.userId < b.userId ? -1 : 1),
  )
  const user = roles.map((r) => directory.users.get(r.userId)).find((u) => u !== undefined)
  const tokenId = '00Tsimtoken000000001'
  if (!user) {
    return {
      id: '00usimadmin000000001',
      type: 'User',
      alternateId: 'admin@okta-sim.example',
      displayName: 'Okta Sim Admin',
      tokenId,
    }
  }
  return {
    id: user.id,
    type: 'User',
    alternateId: user.profile.login,
    displayName: `${user.profile.firstName} ${user.profile.lastName}`,
    tokenId,
  }
}

function rank(roleType: string): number {
  const i = ADMIN_ROLE_ORDER.indexOf(roleType)
  return i < 0 ? ADMIN_ROLE_ORDER.length : i
}
