// The LogEvent envelope. Events are written as JSON text straight away: the parts fixed for a
// whole sign-in flow (actor, client, request, securityContext) are serialised once per flow, the
// rest per event, and `logEvent` lays the top-level keys out in alphabetical order, as Okta's API
// returns them, stamping `published`, `uuid` and `version`. No object tree is built per event, and
// lines are assembled with Array.join (one flat string) rather than template literals, whose trees
// of string pieces V8 is slow to flatten when the line is encoded: together that keeps a million
// events cheap. Texts marked "plain" are inserted as they are: they are the
// generator's own constants and identifiers and never need JSON escaping (every line is parsed
// back in the tests).
import { eventUuid } from './ids.js'
import type { Rng } from './random.js'

/** A written event: its JSON line and what the generator still needs to know about it. */
export interface EventLine {
  uuid: string
  eventType: string
  t: number
  line: string
}

/** JSON of the parts that stay the same through one sign-in flow (or one admin action). */
export interface FixedParts {
  actor: string
  client: string
  request: string
  securityContext: string
}

export interface EventParts {
  authenticationContext: string
  /** The `debugData` object, JSON. */
  debugData: string
  /** Plain. */
  displayMessage: string
  /** Plain. */
  eventType: string
  /** Plain, or null. */
  legacyEventType: string | null
  outcome: string
  severity: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR'
  /** A JSON array, or `null`. */
  target: string
  /** Plain. */
  transactionId: string
}

export function logEvent(rng: Rng, t: number, f: FixedParts, c: EventParts): EventLine {
  const uuid = eventUuid(rng, t)
  const legacy = c.legacyEventType === null ? 'null' : `"${c.legacyEventType}"`
  // Array.join writes one flat string; a template literal would leave a tree of string pieces that
  // costs far more to flatten when it is finally encoded.
  const line = [
    '{"actor":',
    f.actor,
    ',"authenticationContext":',
    c.authenticationContext,
    ',"client":',
    f.client,
    ',"debugContext":{"debugData":',
    c.debugData,
    '},"device":null,"displayMessage":"',
    c.displayMessage,
    '","eventType":"',
    c.eventType,
    '","legacyEventType":',
    legacy,
    ',"outcome":',
    c.outcome,
    ',"published":"',
    new Date(t).toISOString(),
    '","request":',
    f.request,
    ',"securityContext":',
    f.securityContext,
    ',"severity":"',
    c.severity,
    '","target":',
    c.target,
    ',"transaction":{"detail":{},"id":"',
    c.transactionId,
    '","type":"WEB"},"uuid":"',
    uuid,
    '","version":"0"}',
  ].join('')
  return { uuid, eventType: c.eventType, t, line }
}

const outcomes = new Map<string, string>()

/** The `outcome` object's JSON (cached: there are few distinct ones). */
export function outcome(result: string, reason: string | null = null): string {
  const key = `${result}|${reason ?? ''}`
  let o = outcomes.get(key)
  if (o === undefined) {
    o = JSON.stringify({ reason, result })
    outcomes.set(key, o)
  }
  return o
}

export const SUCCESS = outcome('SUCCESS')
