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

/**
 * Drops null, undefined and empty-object members, recursively, so JSON formats omit what is absent.
 * Array items that are null or undefined go; an item that compacts to `{}` stays. Written with
 * `for…in` and no intermediate entry arrays: it runs once per exported record.
 */
export function compact<T>(value: T): T {
  if (value === null || typeof value !== 'object') {
    return value
  }
  return (Array.isArray(value) ? compactArray(value) : (compactObject(value) ?? {})) as T
}

function compactArray(values: readonly unknown[]): unknown[] {
  const out: unknown[] = []
  for (const v of values) {
    if (v !== null && v !== undefined) {
      out.push(compact(v))
    }
  }
  return out
}

/** The object without absent members, or undefined when nothing is left. */
function compactObject(value: object): Record<string, unknown> | undefined {
  const source = value as Record<string, unknown>
  let out: Record<string, unknown> | undefined
  for (const k in source) {
    const v = source[k]
    if (v === null || v === undefined) {
      continue
    }
    let c: unknown = v
    if (typeof v === 'object') {
      c = Array.isArray(v) ? compactArray(v) : compactObject(v)
      if (c === undefined) {
        continue
      }
    }
    out ??= {}
    out[k] = c
  }
  return out
}
