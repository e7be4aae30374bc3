// OCSF 1.8.0 records (reference §3.3 and §5): System Log events in the class `ocsfClassFor` picks,
// findings as Detection Finding (2004). `metadata.uid` is the Okta uuid (our finding id for findings),
// `time` is epoch ms, `type_uid` = class_uid × 100 + activity_id. Attributes a class does not define
// go under `unmapped` (with our sequence number and partner).
import type { EventRow, FindingRow, FindingStatus } from '../rows.js'
import { compact, outcomeWord } from './fields.js'
import { ocsfClassFor } from './ocsf-classes.js'
import { findingSeverityId, OCSF_SEVERITY_NAME, oktaSeverityId } from './severity.js'

export const OCSF_VERSION = '1.8.0'
const EVENT_PRODUCT = { name: 'Okta System Log', vendor_name: 'Okta' }
const FINDING_PRODUCT = { name: 'partnerwatch', vendor_name: 'partnerwatch' }
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

function status(result: string | null): { status_id: number; status: string } {
  const word = outcomeWord(result)
  if (word === 'success') {
    return { status_id: 1, status: 'Success' }
  }
  if (word === 'failure') {
    return { status_id: 2, status: 'Failure' }
  }
  return result === null ? { status_id: 0, status: 'Unknown' } : { status_id: 99, status: result }
}

function user(
  uid: string | null,
  login: string | null,
  fullName: string | null,
  type: string | null,
): Record<string, unknown> | null {
  if (uid === null && login === null) {
    return null
  }
  return {
    uid,
    name: login,
    full_name: fullName,
    email_addr: login !== null && EMAIL.test(login) ? login : null,
    ...(type === 'User' ? { type_id: 1, type: 'User' } : {}),
  }
}

function srcEndpoint(r: EventRow): Record<string, unknown> | null {
  if (r.clientIp === null) {
    return null
  }
  const hasPlace = r.city !== null || r.state !== null || r.postalCode !== null
  return {
    ip: r.clientIp,
    domain: r.domain,
    location: hasPlace
      ? {
          city: r.city,
          region: r.state,
          postal_code: r.postalCode,
          coordinates: r.lat !== null && r.lon !== null ? [r.lon, r.lat] : null,
        }
      : null,
    autonomous_system:
      r.asNumber !== null || r.asOrg !== null ? { number: r.asNumber, name: r.asOrg } : null,
  }
}

export function ocsfEventObject(r: EventRow): Record<string, unknown> {
  const eventType = r.eventType ?? ''
  const actorUser = user(r.actorId, r.actorLogin, r.actorName, r.actorType)
  const targetUser = user(r.targetUserId, r.targetUserLogin, r.targetUserName, 'User')
  const src = srcEndpoint(r)
  const cls = ocsfClassFor(eventType, {
    actor: actorUser !== null,
    clientIp: src !== null,
    group: r.targetGroupId !== null || r.targetGroupName !== null,
  })
  const severityId = oktaSeverityId(r.severity)
  const common = {
    class_uid: cls.classUid,
    class_name: cls.className,
    category_uid: cls.categoryUid,
    category_name: cls.categoryName,
    activity_id: cls.activityId,
    activity_name: cls.activityName,
    type_uid: cls.classUid * 100 + cls.activityId,
    type_name: `${cls.className}: ${cls.activityName}`,
    time: r.publishedMs,
    severity_id: severityId,
    severity: OCSF_SEVERITY_NAME[severityId],
    ...status(r.outcomeResult),
    status_detail: r.outcomeReason,
    message: r.displayMessage,
    metadata: {
      uid: r.uuid,
      version: OCSF_VERSION,
      product: EVENT_PRODUCT,
      event_code: r.eventType,
      log_name: 'System Log',
      logged_time: r.ingestedMs,
      tenant_uid: r.org,
      correlation_uid: r.transactionId,
      sequence: Number(r.seq),
    },
  }
  const unmapped = {
    partnerwatch: { ingest_seq: r.seq.toString(), partner_id: r.partnerId, org: r.org },
    okta: { client_zone: r.clientZone, country: r.country, isp: r.isp, risk_level: r.riskLevel },
  }
  if (cls.classUid === 0) {
    return compact({
      ...common,
      unmapped: {
        ...unmapped,
        okta: { ...unmapped.okta, actor: actorUser, target: targetUser, client_ip: r.clientIp },
      },
    })
  }
  const iam = {
    ...common,
    actor:
      actorUser === null
        ? null
        : { user: actorUser, session: r.sessionId === null ? null : { uid: r.sessionId } },
    src_endpoint: src,
    http_request:
      r.userAgent !== null || r.requestId !== null
        ? { user_agent: r.userAgent, uid: r.requestId }
        : null,
    unmapped,
  }
  if (cls.classUid === 3002) {
    return compact({
      ...iam,
      user: actorUser,
      service: { name: 'Okta', uid: r.org },
      session: r.sessionId === null ? null : { uid: r.sessionId },
      logon_type: r.transactionType,
    })
  }
  if (cls.classUid === 3001) {
    return compact({ ...iam, user: targetUser ?? actorUser ?? { name: 'unknown' } })
  }
  if (cls.classUid === 3006) {
    return compact({
      ...iam,
      group: { uid: r.targetGroupId, name: r.targetGroupName },
      user: targetUser,
    })
  }
  return compact({ ...iam, api: { operation: eventType } })
}

export function ocsfEvent(r: EventRow): string {
  return JSON.stringify(ocsfEventObject(r))
}

const FINDING_STATUS: Readonly<Record<FindingStatus, readonly [number, string]>> = {
  open: [1, 'New'],
  acknowledged: [2, 'In Progress'],
  confirmed: [2, 'In Progress'],
  dismissed: [4, 'Resolved'],
}

export function ocsfFindingObject(f: FindingRow): Record<string, unknown> {
  const severityId = findingSeverityId(f.severity)
  const [statusId, statusName] = FINDING_STATUS[f.status]
  const subject = user(f.userId, f.userLogin, null, null)
  return compact({
    class_uid: 2004,
    class_name: 'Detection Finding',
    category_uid: 2,
    category_name: 'Findings',
    activity_id: 1,
    activity_name: 'Create',
    type_uid: 200401,
    type_name: 'Detection Finding: Create',
    time: f.occurredMs,
    severity_id: severityId,
    severity: OCSF_SEVERITY_NAME[severityId],
    status_id: statusId,
    status: statusName,
    status_detail: f.status,
    message: f.summary,
    is_alert: true,
    risk_score: f.score,
    metadata: {
      uid: f.id,
      version: OCSF_VERSION,
      product: FINDING_PRODUCT,
      event_code: f.detector,
      tenant_uid: f.org,
      sequence: Number(f.seq),
      modified_time: f.statusAtMs,
    },
    finding_info: {
      uid: f.id,
      title: f.summary,
      types: [f.detector],
      analytic: { uid: f.detector, name: f.detector, type_id: 1, type: 'Rule' },
      created_time: f.createdMs,
      last_seen_time: f.occurredMs,
      related_events: f.eventIds.map((uid) => ({ uid })),
    },
    evidences: subject === null ? null : [{ user: subject }],
    unmapped: {
      partnerwatch: {
        finding_seq: f.seq.toString(),
        partner_id: f.partnerId,
        org: f.org,
        details: JSON.parse(f.details) as unknown,
      },
    },
  })
}

export function ocsfFinding(f: FindingRow): string {
  return JSON.stringify(ocsfFindingObject(f))
}
