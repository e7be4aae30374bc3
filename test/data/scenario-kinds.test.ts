// Multi-kind labels: every other kind a label claims is checked against the written log itself —
// a "new country" was never a country of the user's earlier sign-ins, a "new device" never their
// device, Okta really logged risk HIGH or threatSuspected, a probed account really was suspended —
// and attacks never land on users whose contract had ended.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { OktaLogEvent, ScenarioLabels } from '../../data/scenario/types.js'
import {
  at,
  generate,
  readDirectory,
  readEvents,
  readLabels,
  type Generated,
} from './scenario-helpers.js'

let g: Generated
let labels: ScenarioLabels
let events: OktaLogEvent[]
let byUuid: Map<string, OktaLogEvent>

beforeAll(async () => {
  g = await generate({ seed: 5, users: 120, days: 42 })
  labels = readLabels(g.dir)
  events = readEvents(g.dir)
  byUuid = new Map(events.map((e) => [e.uuid, e]))
})
afterAll(() => g.cleanup())

const isStart = (e: OktaLogEvent | undefined): boolean =>
  e?.eventType === 'user.session.start' && at(e, 'outcome', 'result') === 'SUCCESS'
const debug = (e: OktaLogEvent | undefined, key: string): unknown =>
  at(e, 'debugContext', 'debugData', key)

/** The user's successful sign-ins written before `e`. */
function earlier(e: OktaLogEvent): OktaLogEvent[] {
  const user = at(e, 'actor', 'id')
  return events.filter(
    (x) => isStart(x) && at(x, 'actor', 'id') === user && x.published < e.published,
  )
}

/** The session start among a kind's events. */
function startOf(uuids: readonly string[]): OktaLogEvent {
  const e = uuids.map((u) => byUuid.get(u)).find(isStart)
  if (!e) {
    throw new Error(`no session start among ${uuids.join(', ')}`)
  }
  return e
}

describe('multi-kind labels', () => {
  it('list the injected kind first and give each other kind events of the label', () => {
    for (const a of labels.anomalies) {
      expect(a.kinds[0]).toBe(a.kind)
      expect(a.kinds.slice(1)).toEqual(Object.keys(a.alsoEvidence))
      for (const uuids of Object.values(a.alsoEvidence)) {
        expect(uuids.length).toBeGreaterThan(0)
        expect(uuids.every((u) => a.eventUuids.includes(u))).toBe(true)
      }
    }
    const extra = new Set(labels.anomalies.flatMap((a) => a.kinds.slice(1)))
    expect(extra).toContain('new-country')
    expect(extra).toContain('new-device')
    expect(extra).toContain('okta-threat')
  })

  it('claim only what the log shows', () => {
    let checked = 0
    for (const a of labels.anomalies) {
      for (const [kind, uuids] of Object.entries(a.alsoEvidence)) {
        checked++
        if (kind === 'deactivated-access') {
          // Spray failures against an account whose last lifecycle change was a block.
          for (const u of uuids) {
            const e = byUuid.get(u)
            expect(at(e, 'outcome', 'result')).toBe('FAILURE')
            const user = at(e, 'actor', 'id')
            const last = events
              .filter(
                (x) =>
                  x.eventType.startsWith('user.lifecycle.') &&
                  at(x, 'target', '0', 'id') === user &&
                  x.published < (e?.published ?? ''),
              )
              .at(-1)
            expect(last?.eventType).toMatch(/^user\.lifecycle\.(deactivate|suspend)$/)
          }
          continue
        }
        const s = startOf(uuids)
        const before = earlier(s)
        const country = at(s, 'client', 'geographicalContext', 'country')
        const dt = debug(s, 'dtHash')
        switch (kind) {
          case 'new-country':
            expect(
              before.map((x) => at(x, 'client', 'geographicalContext', 'country')),
            ).not.toContain(country)
            expect(before.map((x) => debug(x, 'dtHash'))).not.toContain(dt)
            expect(at(s, 'securityContext', 'isProxy')).toBe(false)
            break
          case 'new-asn':
            expect(before.map((x) => at(x, 'securityContext', 'asNumber'))).not.toContain(
              at(s, 'securityContext', 'asNumber'),
            )
            break
          case 'new-device':
            expect(before.map((x) => debug(x, 'dtHash'))).not.toContain(dt)
            break
          case 'okta-threat':
            expect(
              debug(s, 'threatSuspected') === 'true' || /level=HIGH/.test(String(debug(s, 'risk'))),
            ).toBe(true)
            break
          case 'off-hours':
            expect(before.length).toBeGreaterThanOrEqual(20)
            break
          default:
            throw new Error(`unexpected kind ${kind} on ${a.id}`)
        }
      }
    }
    expect(checked).toBeGreaterThan(0)
  })

  it('place attacks on users whose contract is still running', () => {
    const contractEnd = new Map(
      readDirectory(g.dir).users.map((u) => [u.id, u.profile.contractEndDate ?? null]),
    )
    const end = labels.params.end.slice(0, 10)
    for (const a of labels.anomalies) {
      if (a.kind === 'contract-expired' || a.userId === null) {
        continue
      }
      const date = contractEnd.get(a.userId)
      expect(date === null || date === undefined || String(date) > end, a.id).toBe(true)
    }
  })
})
