// Bearer tokens: 32 random bytes behind a recognisable prefix. Only their SHA-256 is stored; a
// presented token is looked up by its hash and the stored hash compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

export const TOKEN_PREFIX = 'pw_'
const TOKEN_PATTERN = /^pw_[A-Za-z0-9_-]{43}$/

export function generateToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`
}

export function newTokenId(): string {
  return `tok_${randomBytes(6).toString('hex')}`
}

/** The stored form of a token: SHA-256, hex. Tokens carry 256 bits, so no salt or slow hash is needed. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/** Whether a string has a token's shape; anything else is refused without a lookup. */
export function looksLikeToken(value: string): boolean {
  return TOKEN_PATTERN.test(value)
}

export function hashesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex')
  const y = Buffer.from(b, 'hex')
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y)
}
