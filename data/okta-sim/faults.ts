// Scripted faults by request number (1-based, counting every request the server receives).
//
// Spec grammar:  spec := item ("," item)* ;  item := N ":" action
//   action := STATUS (400–599) | "slow=" MS | "drop" | "truncate"
// e.g. `3:429,5:500,7:503,9:slow=1500,11:drop,13:truncate`. Whitespace around items is ignored.
import { InputInvalid } from '../../lib/errors.js'

export type FaultAction =
  /** Answer with this status and Okta's error body for it (429 carries a Reset 1 s ahead). */
  | { kind: 'status'; status: number }
  /** Wait this long, then answer normally. */
  | { kind: 'slow'; ms: number }
  /** Destroy the connection without answering. */
  | { kind: 'drop' }
  /** Send the real status and headers (Content-Length of the whole body), half the body, then end. */
  | { kind: 'truncate' }

/** Faults keyed by request number, or a function deciding per request. */
export type FaultPlan =
  | Readonly<Record<number, FaultAction>>
  | ((requestNumber: number, path: string) => FaultAction | undefined)

export type FaultLookup = (requestNumber: number, path: string) => FaultAction | undefined

export function parseFaultSpec(spec: string): Record<number, FaultAction> {
  const plan: Record<number, FaultAction> = {}
  for (const raw of spec.split(',')) {
    const item = raw.trim()
    if (item === '') {
      continue
    }
    const bad = (why: string) => new InputInvalid('fault spec', `bad item "${item}": ${why}`)
    const m = /^(\d+):(.+)$/.exec(item)
    if (!m) {
      throw bad('expected N:ACTION, e.g. 5:500')
    }
    const n = Number(m[1])
    if (n < 1) {
      throw bad('request numbers start at 1')
    }
    if (plan[n] !== undefined) {
      throw bad(`request ${n} already has a fault`)
    }
    plan[n] = parseAction(m[2] ?? '', bad)
  }
  return plan
}

function parseAction(text: string, bad: (why: string) => Error): FaultAction {
  if (text === 'drop' || text === 'truncate') {
    return { kind: text }
  }
  const slow = /^slow=(\d+)$/.exec(text)
  if (slow) {
    return { kind: 'slow', ms: Number(slow[1]) }
  }
  if (/^\d{3}$/.test(text)) {
    const status = Number(text)
    if (status >= 400 && status <= 599) {
      return { kind: 'status', status }
    }
  }
  throw bad(`unknown action "${text}" (use a status 400-599, slow=MS, drop or truncate)`)
}

export function faultLookup(plan: string | FaultPlan | undefined): FaultLookup {
  if (plan === undefined) {
    return () => undefined
  }
  if (typeof plan === 'function') {
    return plan
  }
  const table = typeof plan === 'string' ? parseFaultSpec(plan) : plan
  return (n) => table[n]
}
