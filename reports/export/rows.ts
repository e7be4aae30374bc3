// The rows an export reads: one System Log event (its typed columns, its partner from the directory,
// and `raw` only for the formats that pass the event through) and one finding. Times are epoch ms.

export interface EventRow {
  seq: bigint
  uuid: string
  org: string
  publishedMs: number
  ingestedMs: number
  eventType: string | null
  severity: string | null
  displayMessage: string | null
  outcomeResult: string | null
  outcomeReason: string | null
  actorId: string | null
  actorLogin: string | null
  actorName: string | null
  actorType: string | null
  clientIp: string | null
  clientZone: string | null
  clientDevice: string | null
  userAgent: string | null
  os: string | null
  browser: string | null
  city: string | null
  state: string | null
  country: string | null
  postalCode: string | null
  lat: number | null
  lon: number | null
  asNumber: number | null
  asOrg: string | null
  isp: string | null
  domain: string | null
  isProxy: boolean | null
  sessionId: string | null
  transactionId: string | null
  transactionType: string | null
  requestId: string | null
  requestUri: string | null
  riskLevel: string | null
  targetUserId: string | null
  targetUserLogin: string | null
  targetUserName: string | null
  targetGroupId: string | null
  targetGroupName: string | null
  partnerId: string | null
  /** The event exactly as received; '' unless the format asked for it. */
  raw: string
}

export type FindingSeverity = 'low' | 'medium' | 'high' | 'critical'
export type FindingStatus = 'open' | 'acknowledged' | 'dismissed' | 'confirmed'

export interface FindingRow {
  seq: bigint
  id: string
  detector: string
  severity: FindingSeverity
  score: number
  org: string
  partnerId: string | null
  userId: string | null
  userLogin: string | null
  occurredMs: number
  createdMs: number
  eventIds: string[]
  summary: string
  /** JSON text of the finding's details. */
  details: string
  status: FindingStatus
  statusAtMs: number | null
}
