// The org's own login domains: configured, or inferred from the directory.
import { domainOf } from '../partner-attribution.js'

export interface InternalDomains {
  domains: string[]
  inferred: boolean
}

/**
 * `configured` (lower-cased) when given; otherwise the commonest login domain among users whose
 * credentials Okta masters (provider OKTA) and who match no partner — ties go to the
 * alphabetically first. Empty when there is no such user.
 */
export function resolveInternalDomains(
  configured: readonly string[],
  candidates: readonly { login: string | null; providerType: string | null }[],
): InternalDomains {
  if (configured.length > 0) {
    return { domains: [...new Set(configured.map((d) => d.toLowerCase()))], inferred: false }
  }
  const counts = new Map<string, number>()
  for (const user of candidates) {
    const domain = user.providerType === 'OKTA' ? domainOf(user.login) : null
    if (domain !== null) {
      counts.set(domain, (counts.get(domain) ?? 0) + 1)
    }
  }
  const best = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]
  return { domains: best ? [best[0]] : [], inferred: true }
}
