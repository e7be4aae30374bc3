// Elastic Common Schema as the Elastic Okta integration (data_stream okta.system) maps a System Log
// event (reference §3.4): event.id = uuid (index with `_id` = event.id to de-duplicate), action =
// eventType, category/type from the event type, outcome success|failure|unknown, user.*, source.*,
// client.*, user_agent.original, related.*, and Okta's own fields under `okta.*`. Findings are
// `event.kind: alert` with `rule.*`. Fields of ours go under `partnerwatch.*`.
import type { EventRow, FindingRow } from '../rows.js'
import { compact, isoMs, outcomeWord } from './fields.js'
import { findingSeverityId } from './severity.js'

export function ecsCategory(eventType: string): { category: string[]; type: string[] } {
  if (eventType === 'user.session.start') {
    return { category: ['authentication', 'session'], type: ['start'] }
  }
  if (eventType === 'user.session.end') {
    return { category: ['authentication', 'session'], type: ['end'] }
  }
  if (eventType.startsWith('user.session.')) {
    return { category: ['session'], type: ['info'] }
  }
  if (eventType.startsWith('user.authentication.') || eventType === 'policy.evaluate_sign_on') {
    return { category: ['authentication'], type: ['info'] }
  }
  if (eventType === 'user.lifecycle.create') {
    return { category: ['iam'], type: ['user', 'creation'] }
  }
  if (eventType === 'user.lifecycle.delete.initiated' || eventType === 'user.lifecycle.delete') {
    return { category: ['iam'], type: ['user', 'deletion'] }
  }
  if (eventType.startsWith('user.lifecycle.') || eventType.startsWith('user.account.')) {
    return { category: ['iam'], type: ['user', 'change'] }
  }
  if (eventType.startsWith('group.user_membership.')) {
    return { category: ['iam'], type: ['group', 'change'] }
  }
  if (eventType.startsWith('policy.') || eventType.startsWith('application.lifecycle.')) {
    return { category: ['configuration'], type: ['change'] }
  }
  return { category: [], type: ['info'] }
}

export function ecsEvent(r: EventRow): string {
  const cat = ecsCategory(r.eventType ?? '')
  const user = { name: r.actorLogin, id: r.actorId }
  const geo = {
    city_name: r.city,
    region_name: r.state,
    country_name: r.country,
    postal_code: r.postalCode,
    location: r.lat !== null && r.lon !== null ? { lat: r.lat, lon: r.lon } : null,
  }
  const as = { number: r.asNumber, organization: { name: r.asOrg } }
  return JSON.stringify(
    compact({
      '@timestamp': isoMs(r.publishedMs),
      message: r.displayMessage,
      data_stream: { dataset: 'okta.system', type: 'logs' },
      event: {
        id: r.uuid,
        action: r.eventType,
        kind: 'event',
        category: cat.category.length > 0 ? cat.category : null,
        type: cat.type,
        outcome: outcomeWord(r.outcomeResult),
        reason: r.outcomeReason,
        dataset: 'okta.system',
        module: 'okta',
        ingested: isoMs(r.ingestedMs),
        sequence: Number(r.seq),
      },
      user: {
        name: r.actorLogin,
        full_name: r.actorName,
        id: r.actorId,
        target:
          r.targetUserId === null && r.targetUserLogin === null
            ? null
            : {
                id: r.targetUserId,
                email: r.targetUserLogin?.includes('@') ? r.targetUserLogin : null,
                full_name: r.targetUserName,
                group: { id: r.targetGroupId, name: r.targetGroupName },
              },
      },
      source: { ip: r.clientIp, user, as, domain: r.domain },
      client: { ip: r.clientIp, user, geo },
      user_agent: { original: r.userAgent },
      related: {
        user: [...new Set([r.actorLogin, r.targetUserLogin].filter((x) => x !== null))],
        ip: r.clientIp === null ? null : [r.clientIp],
      },
      okta: {
        uuid: r.uuid,
        event_type: r.eventType,
        display_message: r.displayMessage,
        severity: r.severity,
        actor: {
          id: r.actorId,
          type: r.actorType,
          alternate_id: r.actorLogin,
          display_name: r.actorName,
        },
        outcome: { result: r.outcomeResult, reason: r.outcomeReason },
        client: {
          ip: r.clientIp,
          zone: r.clientZone,
          device: r.clientDevice,
          user_agent: { raw_user_agent: r.userAgent, os: r.os, browser: r.browser },
        },
        security_context: { as, domain: r.domain, is_proxy: r.isProxy, isp: r.isp },
        authentication_context: { external_session_id: r.sessionId },
        transaction: { id: r.transactionId, type: r.transactionType },
        debug_context: {
          debug_data: {
            request_id: r.requestId,
            request_uri: r.requestUri,
            risk_level: r.riskLevel,
          },
        },
      },
      partnerwatch: { ingest_seq: r.seq.toString(), org: r.org, partner_id: r.partnerId },
    }),
  )
}

const ECS_SEVERITY = { low: 21, medium: 47, high: 73, critical: 99 } as const

export function ecsFinding(f: FindingRow): string {
  return JSON.stringify(
    compact({
      '@timestamp': isoMs(f.occurredMs),
      message: f.summary,
      event: {
        id: f.id,
        kind: 'alert',
        category: ['iam'],
        type: ['info'],
        severity: findingSeverityId(f.severity),
        risk_score: f.score,
        created: isoMs(f.createdMs),
        sequence: Number(f.seq),
        dataset: 'partnerwatch.findings',
      },
      rule: { id: f.detector, name: f.detector, description: f.summary },
      user: { id: f.userId, name: f.userLogin },
      related: { user: f.userLogin === null ? null : [f.userLogin] },
      partnerwatch: {
        finding_seq: f.seq.toString(),
        org: f.org,
        partner_id: f.partnerId,
        status: f.status,
        severity: f.severity,
        severity_score: ECS_SEVERITY[f.severity],
        evidence_event_ids: f.eventIds,
        details: JSON.parse(f.details) as unknown,
      },
    }),
  )
}
