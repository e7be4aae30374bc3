// Small field helpers the formats share.

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/

export function isIpv4(ip: string): boolean {
  return IPV4.test(ip)
}

/** Okta's outcome.result as the one word SIEMs share: success, failure or unknown. */
export function outcomeWord(result: string | null): 'success' | 'failure' | 'unknown' {
  if (result === 'SUCCESS' || result === 'ALLOW') {
    return 'success'
  }
  if (result === 'FAILURE' || result === 'DENY') {
    return 'failure'
  }
  return 'unknown'
}

export function isoMs(ms: number): string {
  return new Date(ms).toISOString()
}

/** Drops null, undefined and empty-object members, recursively, so JSON formats omit what is absent. */
export function compact<T>(value: T): T {
  if (Array.isArray(value)) {
    return value.filter((v) => v !== null && v !== undefined).map((v) => compact(v) as unknown) as T
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) {
      if (v === null || v === undefined) {
        continue
      }
      const c = compact(v) as unknown
      if (c !== null && typeof c === 'object' && !Array.isArray(c) && Object.keys(c).length === 0) {
        continue
      }
      out[k] = c
    }
    return out as T
  }
  return value
}
