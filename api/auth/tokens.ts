// Creating, listing and revoking API tokens: the one implementation behind both `partnerwatch token`
// and the /api/v1/tokens routes.
import type { Clock } from '../../lib/clock.js'
import { Conflict, InputInvalid, NotFound } from '../../lib/errors.js'
import type { SqlRunner } from '../sql-runner.js'
import { isRole, type Role } from './roles.js'
import { generateToken, hashToken, newTokenId } from './token-secret.js'
import { createTokensQueries, type TokenRecord } from './tokens-queries.js'

export interface NewTokenRequest {
  role: string
  partnerId?: string | null | undefined
  name?: string | undefined
}

export interface CreatedToken extends TokenRecord {
  /** The bearer token itself: shown once, never stored. */
  token: string
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._@-]{0,99}$/

/**
 * Checks the request (a partner-admin needs a known partner; no other role takes one), stores the
 * token's hash and returns the token once.
 */
export async function createToken(
  db: SqlRunner,
  request: NewTokenRequest,
  ctx: { clock: Clock; partnerIds: readonly string[] },
): Promise<CreatedToken> {
  if (!isRole(request.role)) {
    throw new InputInvalid('role', `must be one of admin, analyst, auditor, siem, partner-admin`)
  }
  const role: Role = request.role
  const partnerId = request.partnerId ?? null
  if (role === 'partner-admin' && partnerId === null) {
    throw new InputInvalid('partner', 'a partner-admin token needs a partner')
  }
  if (role !== 'partner-admin' && partnerId !== null) {
    throw new InputInvalid('partner', `only a partner-admin token takes a partner, not ${role}`)
  }
  if (partnerId !== null && !ctx.partnerIds.includes(partnerId)) {
    throw new InputInvalid('partner', `unknown partner ${JSON.stringify(partnerId)}`)
  }
  const id = newTokenId()
  const name = request.name ?? `${role}${partnerId ? `-${partnerId}` : ''}-${id.slice(4)}`
  if (!NAME_PATTERN.test(name)) {
    throw new InputInvalid('name', 'must be 1-100 letters, digits, spaces or ._@- characters')
  }
  const queries = createTokensQueries(db)
  if (await queries.nameTaken(name)) {
    throw new Conflict(`a live token named ${JSON.stringify(name)} exists`)
  }
  const token = generateToken()
  const createdAt = ctx.clock.now()
  await queries.insert({ id, name, role, partnerId, hash: hashToken(token), createdAt })
  return { id, name, role, partnerId, createdAt, revokedAt: null, lastUsedAt: null, token }
}

export function listTokens(db: SqlRunner): Promise<TokenRecord[]> {
  return createTokensQueries(db).list()
}

export async function revokeToken(db: SqlRunner, id: string, clock: Clock): Promise<TokenRecord> {
  const queries = createTokensQueries(db)
  if (!(await queries.revoke(id, clock.now()))) {
    throw new NotFound(`token ${id}`)
  }
  const record = await queries.get(id)
  if (!record) {
    throw new NotFound(`token ${id}`)
  }
  return record
}
