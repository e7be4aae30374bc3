// Okta-shaped identifiers, all drawn from a seeded Rng: object ids (00u…, 00g…, 0oa…), request ids,
// session ids, device hashes, and event uuids shaped like the time-based (v1) uuids Okta emits.
import type { Rng } from './random.js'

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
const HEX = '0123456789abcdef'
/** Okta ids end in a per-cell suffix; one org, one suffix. */
const ORG_SUFFIX = '697'

const codes: number[] = []

export function base62(rng: Rng, length: number): string {
  codes.length = length
  for (let i = 0; i < length; i++) {
    codes[i] = BASE62.charCodeAt(rng.uint32() % 62)
  }
  return String.fromCharCode(...codes)
}

export function hex(rng: Rng, length: number): string {
  let out = ''
  while (out.length < length) {
    out += rng.uint32().toString(16).padStart(8, '0')
  }
  return out.slice(0, length)
}

/** A 20-character Okta object id: `00u` users, `00g` groups, `0oa` apps and IdPs, `00p` policies. */
export function oktaId(rng: Rng, prefix: string): string {
  return prefix + base62(rng, 20 - prefix.length - ORG_SUFFIX.length) + ORG_SUFFIX
}

/** `requestId` / `transaction.id`: 27 characters ending in `AAA` plus two. */
export function requestId(rng: Rng): string {
  return base62(rng, 22) + 'AAA' + base62(rng, 2)
}

/** An Okta session id: `idx…` for OIE sign-ins, `102…` for the Classic authn API. */
export function sessionId(rng: Rng, classic: boolean): string {
  return (classic ? '102' : 'idx') + base62(rng, 22)
}

/** 1582-10-15 to 1970-01-01 in 100 ns ticks, as two 32-bit halves. */
const GREGORIAN_HIGH = 0x01b21dd2
const GREGORIAN_LOW = 0x13814000
const TWO_32 = 4294967296

/** Every 16-bit value as four hex digits. */
const HEX4 = Array.from({ length: 65536 }, (_, i) => i.toString(16).padStart(4, '0'))

function hex32(n: number, width: number): string {
  const low = HEX4[n & 0xffff] as string
  return width === 4 ? low : (HEX4[(n >>> 16) & 0xffff] as string) + low
}

/**
 * A v1-shaped uuid: the time fields carry `publishedMs` (plus random sub-millisecond ticks), the
 * clock sequence and node are random. Unique for all practical purposes.
 */
export function eventUuid(rng: Rng, publishedMs: number): string {
  // 100 ns ticks since 1582 = ms * 10000 + sub + offset, in 32-bit limbs (exact in doubles).
  const msHigh = Math.floor(publishedMs / TWO_32)
  const msLow = publishedMs - msHigh * TWO_32
  const low = msLow * 10000 + (rng.uint32() % 10000) + GREGORIAN_LOW
  const carry = Math.floor(low / TWO_32)
  const high = msHigh * 10000 + carry + GREGORIAN_HIGH
  const clockSeq = (rng.uint32() & 0x3fff) | 0x8000
  return (
    hex32(low - carry * TWO_32, 8) +
    '-' +
    hex32(high & 0xffff, 4) +
    '-' +
    hex32(((high >>> 16) & 0x0fff) | 0x1000, 4) +
    '-' +
    hex32(clockSeq, 4) +
    '-' +
    hex32(rng.uint32() & 0xffff, 4) +
    hex32(rng.uint32(), 8)
  )
}

/** A lowercase hex digest-looking string of `length` characters (dtHash 64, fingerprint 32). */
export function digest(rng: Rng, length: number): string {
  let out = ''
  for (let i = 0; i < length; i++) {
    out += HEX[rng.uint32() & 15]
  }
  return out
}
