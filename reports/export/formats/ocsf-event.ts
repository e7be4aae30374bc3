// OCSF 1.8.0 records of System Log events (reference §3.3 and §5), in the class `ocsfClassFor` picks:
// `metadata.uid` is the Okta uuid, `time` epoch ms, `type_uid` = class_uid × 100 + activity_id, and
// what a class does not define goes under `unmapped` (with our sequence number and partner). Built
// member by member, leaving out what is absent (the records `compact` would give), with no spreads
// and no second pass: this runs once per exported event, a million times for a large page.
import type { EventRow } from '../rows.js'
import { outcomeWord } from './fields.js'
import { ocsfClassFor, type OcsfClass } from './ocsf-classes.js'
import { OCSF_SEVERITY_NAME, oktaSeverityId } from './severity.js'

export const OCSF_VERSION = '1.8.0'
const EVENT_PRODUCT = { name: 'Okta System Log', vendor_name: 'Okta' }
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

type Json = Record<string, unknown>

/** An OCSF user, or null when there is neither an id nor a login. */
export function ocsfUser(
  uid: string | null,
  login: string | null,
  fullName: string | null,
  type: string | null,
): Json | null {
  if (uid === null && login === null) {
    return null
  }
  const u: Json = {}
  if (uid !== null) {
    u.uid = uid
  }
  if (login !== null) {
    u.name = login
  }
  if (fullName !== null) {
    u.full_name = fullName
  }
  if (login !== null && EMAIL.test(login)) {
    u.email_addr = login
  }
  if (type === 'User') {
    u.type_id = 1
    u.type = 'User'
  }
  return u
}

/** Classes by event type and what the event has; bounded, since event types come from the data. */
const classes = new Map<string, OcsfClass>()
const MAX_CACHED_CLASSES = 10_000

function classOf(eventType: string, actor: boolean, clientIp: boolean, group: boolean): OcsfClass {
  const key = `${actor ? 1 : 0}${clientIp ? 1 : 0}${group ? 1 : 0}${eventType}`
  let cls = classes.get(key)
  if (cls === undefined) {
    cls = ocsfClassFor(eventType, { actor, clientIp, group })
    if (classes.size < MAX_CACHED_CLASSES) {
      classes.set(key, cls)
    }
  }
  return cls
}

function srcEndpoint(r: EventRow, ip: string): Json {
  const src: Json = { ip }
  if (r.domain !== null) {
    src.domain = r.domain
  }
  if (r.city !== null || r.state !== null || r.postalCode !== null) {
    const location: Json = {}
    if (r.city !== null) {
      location.city = r.city
    }
    if (r.state !== null) {
      location.region = r.state
    }
    if (r.postalCode !== null) {
      location.postal_code = r.postalCode
    }
    if (r.lat !== null && r.lon !== null) {
      location.coordinates = [r.lon, r.lat]
    }
    src.location = location
  }
  if (r.asNumber !== null || r.asOrg !== null) {
    const as: Json = {}
    if (r.asNumber !== null) {
      as.number = r.asNumber
    }
    if (r.asOrg !== null) {
      as.name = r.asOrg
    }
    src.autonomous_system = as
  }
  return src
}

function oktaUnmapped(r: EventRow): Json {
  const okta: Json = {}
  if (r.clientZone !== null) {
    okta.client_zone = r.clientZone
  }
  if (r.country !== null) {
    okta.country = r.country
  }
  if (r.isp !== null) {
    okta.isp = r.isp
  }
  if (r.riskLevel !== null) {
    okta.risk_level = r.riskLevel
  }
  return okta
}

function metadata(r: EventRow): Json {
  const m: Json = { uid: r.uuid, version: OCSF_VERSION, product: EVENT_PRODUCT }
  if (r.eventType !== null) {
    m.event_code = r.eventType
  }
  m.log_name = 'System Log'
  m.logged_time = r.ingestedMs
  m.tenant_uid = r.org
  if (r.transactionId !== null) {
    m.correlation_uid = r.transactionId
  }
  m.sequence = Number(r.seq)
  return m
}

export function ocsfEventObject(r: EventRow): Json {
  const eventType = r.eventType ?? ''
  const actorUser = ocsfUser(r.actorId, r.actorLogin, r.actorName, r.actorType)
  const targetUser = ocsfUser(r.targetUserId, r.targetUserLogin, r.targetUserName, 'User')
  const ip = r.clientIp
  const group = r.targetGroupId !== null || r.targetGroupName !== null
  const cls = classOf(eventType, actorUser !== null, ip !== null, group)
  const severityId = oktaSeverityId(r.severity)
  const word = outcomeWord(r.outcomeResult)
  const o: Json = {
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
    status_id: word === 'success' ? 1 : word === 'failure' ? 2 : r.outcomeResult === null ? 0 : 99,
    status:
      word === 'success'
        ? 'Success'
        : word === 'failure'
          ? 'Failure'
          : (r.outcomeResult ?? 'Unknown'),
  }
  if (r.outcomeReason !== null) {
    o.status_detail = r.outcomeReason
  }
  if (r.displayMessage !== null) {
    o.message = r.displayMessage
  }
  o.metadata = metadata(r)
  const partnerwatch: Json = { ingest_seq: r.seq.toString() }
  if (r.partnerId !== null) {
    partnerwatch.partner_id = r.partnerId
  }
  partnerwatch.org = r.org
  const okta = oktaUnmapped(r)
  const unmapped: Json = { partnerwatch }
  if (cls.classUid === 0) {
    if (actorUser !== null) {
      okta.actor = actorUser
    }
    if (targetUser !== null) {
      okta.target = targetUser
    }
    if (ip !== null) {
      okta.client_ip = ip
    }
    addOkta(unmapped, okta)
    o.unmapped = unmapped
    return o
  }
  if (actorUser !== null) {
    o.actor =
      r.sessionId === null
        ? { user: actorUser }
        : { user: actorUser, session: { uid: r.sessionId } }
  }
  if (ip !== null) {
    o.src_endpoint = srcEndpoint(r, ip)
  }
  if (r.userAgent !== null || r.requestId !== null) {
    const http: Json = {}
    if (r.userAgent !== null) {
      http.user_agent = r.userAgent
    }
    if (r.requestId !== null) {
      http.uid = r.requestId
    }
    o.http_request = http
  }
  addOkta(unmapped, okta)
  o.unmapped = unmapped
  classMembers(o, cls.classUid, r, eventType, actorUser, targetUser)
  return o
}

function addOkta(unmapped: Json, okta: Json): void {
  if (Object.keys(okta).length > 0) {
    unmapped.okta = okta
  }
}

/** The members of the event's own class, after the ones every IAM/API class shares. */
function classMembers(
  o: Json,
  classUid: number,
  r: EventRow,
  eventType: string,
  actorUser: Json | null,
  targetUser: Json | null,
): void {
  if (classUid === 3002) {
    if (actorUser !== null) {
      o.user = actorUser
    }
    o.service = { name: 'Okta', uid: r.org }
    if (r.sessionId !== null) {
      o.session = { uid: r.sessionId }
    }
    if (r.transactionType !== null) {
      o.logon_type = r.transactionType
    }
  } else if (classUid === 3001) {
    o.user = targetUser ?? actorUser ?? { name: 'unknown' }
  } else if (classUid === 3006) {
    const g: Json = {}
    if (r.targetGroupId !== null) {
      g.uid = r.targetGroupId
    }
    if (r.targetGroupName !== null) {
      g.name = r.targetGroupName
    }
    o.group = g
    if (targetUser !== null) {
      o.user = targetUser
    }
  } else {
    o.api = { operation: eventType }
  }
}

export function ocsfEvent(r: EventRow): string {
  return JSON.stringify(ocsfEventObject(r))
}
