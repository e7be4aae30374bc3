// LogEvents for the admin actions the sim performs (lifecycle calls, membership removals), shaped
// like Okta's: keys in alphabetical order, the token's admin as actor, a fresh uuid, published now.
import { randomUUID } from 'node:crypto'
import type { OktaLogEvent } from '../scenario/types.js'
import type { Principal } from './types.js'

export interface EventTarget {
  id: string
  type: string
  alternateId: string
  displayName: string
}

export interface AdminEventInput {
  eventType: string
  displayMessage: string
  legacyEventType?: string
  principal: Principal
  targets: readonly EventTarget[]
  now: Date
  requestId: string
  requestUri: string
}

export function adminEvent(input: AdminEventInput): OktaLogEvent {
  const { principal, now, requestId } = input
  return {
    actor: {
      alternateId: principal.alternateId,
      detailEntry: null,
      displayName: principal.displayName,
      id: principal.id,
      type: principal.type,
    },
    authenticationContext: {
      authenticationProvider: null,
      authenticationStep: 0,
      credentialProvider: null,
      credentialType: null,
      externalSessionId: 'unknown',
      interface: null,
      issuer: null,
    },
    client: {
      device: 'Unknown',
      geographicalContext: null,
      id: null,
      ipAddress: '127.0.0.1',
      userAgent: { browser: 'UNKNOWN', os: 'Unknown', rawUserAgent: 'okta-sim' },
      zone: 'null',
    },
    debugContext: { debugData: { requestId, requestUri: input.requestUri, url: input.requestUri } },
    displayMessage: input.displayMessage,
    eventType: input.eventType,
    legacyEventType: input.legacyEventType ?? null,
    outcome: { reason: null, result: 'SUCCESS' },
    published: now.toISOString(),
    request: {
      ipChain: [{ geographicalContext: null, ip: '127.0.0.1', source: null, version: 'V4' }],
    },
    securityContext: { asNumber: null, asOrg: null, domain: null, isProxy: null, isp: null },
    severity: 'INFO',
    target: input.targets.map((t) => ({
      alternateId: t.alternateId,
      detailEntry: null,
      displayName: t.displayName,
      id: t.id,
      type: t.type,
    })),
    transaction: { detail: { requestApiTokenId: principal.tokenId }, id: requestId, type: 'WEB' },
    uuid: randomUUID(),
    version: '0',
  }
}
