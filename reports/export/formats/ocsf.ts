// OCSF 1.8.0 records of findings (reference §3.3 and §5): Detection Finding (2004), `metadata.uid` =
// our finding id, `time` epoch ms; what the class does not define goes under `unmapped`. Events are
// in ocsf-event.ts.
import type { FindingRow, FindingStatus } from '../rows.js'
import { compact } from './fields.js'
import { OCSF_VERSION, ocsfUser } from './ocsf-event.js'
import { findingSeverityId, OCSF_SEVERITY_NAME } from './severity.js'

const FINDING_PRODUCT = { name: 'partnerwatch', vendor_name: 'partnerwatch' }

const FINDING_STATUS: Readonly<Record<FindingStatus, readonly [number, string]>> = {
  open: [1, 'New'],
  acknowledged: [2, 'In Progress'],
  confirmed: [2, 'In Progress'],
  dismissed: [4, 'Resolved'],
}

export function ocsfFindingObject(f: FindingRow): Record<string, unknown> {
  const severityId = findingSeverityId(f.severity)
  const [statusId, statusName] = FINDING_STATUS[f.status]
  const subject = ocsfUser(f.userId, f.userLogin, null, null)
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
