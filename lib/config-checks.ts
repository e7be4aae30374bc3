// The checks behind parseConfig that a schema cannot express (URLs, IANA zones, CIDRs, uniqueness),
// and the helpers that turn schema errors into "key: message" lines.
import type { TSchema } from '@sinclair/typebox'
import type { ConfigIssue } from './errors.js'
import type { PartnerConfig } from './config-schema.js'

export function normaliseUrl(value: string, key: string, issues: ConfigIssue[]): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    issues.push({ key, message: `not a URL: ${JSON.stringify(value)}` })
    return value
  }
  const loopback =
    url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]'
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    issues.push({ key, message: 'must be https (plain http only on loopback)' })
  }
  if (url.pathname !== '/' && url.pathname !== '') {
    issues.push({ key, message: 'must be the org base URL, without a path' })
  }
  // The SDK strips a trailing slash only from client.baseUrl; generated calls would hit //api/v1.
  return url.origin
}

export function checkPartners(partners: PartnerConfig[], issues: ConfigIssue[]): void {
  checkUnique(
    partners.map((p) => p.id),
    'partners',
    'id',
    issues,
  )
  partners.forEach((p, i) => {
    const key = `partners[${i}]`
    if (!isTimeZone(p.timeZone)) {
      issues.push({
        key: `${key}.timeZone`,
        message: `unknown IANA time zone ${JSON.stringify(p.timeZone)}`,
      })
    }
    if (p.contractEnd && Number.isNaN(Date.parse(`${p.contractEnd}T00:00:00Z`))) {
      issues.push({ key: `${key}.contractEnd`, message: 'not a real date' })
    }
    p.knownEgress.cidrs.forEach((c, j) => {
      if (!isCidr(c)) {
        issues.push({
          key: `${key}.knownEgress.cidrs[${j}]`,
          message: `not a CIDR: ${JSON.stringify(c)}`,
        })
      }
    })
    const m = p.match
    if (
      !m.profileAttribute &&
      m.idpIds.length === 0 &&
      m.groupIds.length === 0 &&
      m.emailDomains.length === 0
    ) {
      issues.push({
        key: `${key}.match`,
        message: 'needs at least one of profileAttribute, idpIds, groupIds, emailDomains',
      })
    }
  })
}

export function checkUnique(
  values: string[],
  key: string,
  field: string,
  issues: ConfigIssue[],
): void {
  const seen = new Set<string>()
  values.forEach((v, i) => {
    if (seen.has(v)) {
      issues.push({
        key: `${key}[${i}].${field}`,
        message: `duplicate ${field} ${JSON.stringify(v)}`,
      })
    }
    seen.add(v)
  })
}

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz })
    return true
  } catch {
    return false
  }
}

export function isCidr(value: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value)
  if (m) {
    return m.slice(1, 5).every((o) => Number(o) <= 255) && Number(m[5]) <= 32
  }
  const v6 = /^([0-9a-fA-F:]+)\/(\d{1,3})$/.exec(value)
  return v6 !== null && v6[1] !== undefined && v6[1].includes(':') && Number(v6[2]) <= 128
}

/** A readable message for a schema violation: literal unions list their allowed values. */
export function describe(schema: TSchema, fallback: string): string {
  const anyOf: unknown = schema.anyOf
  if (Array.isArray(anyOf)) {
    const values = anyOf.map((s: { const?: unknown }) => s.const).filter((v) => v !== undefined)
    if (values.length === anyOf.length) {
      return `must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}`
    }
  }
  return fallback === 'Unexpected property' ? 'unknown key' : fallback
}

/** `/partners/0/timeZone` → `partners[0].timeZone` */
export function keyOf(pointer: string): string {
  if (pointer === '') {
    return '(root)'
  }
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce(
      (acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part),
      '',
    )
}

export function dedupe(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>()
  return issues.filter((i) => {
    const k = `${i.key}\u0000${i.message}`
    if (seen.has(k)) {
      return false
    }
    seen.add(k)
    return true
  })
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) {
      deepFreeze(v)
    }
    Object.freeze(value)
  }
  return value
}
