// One event row from the JSON array text DuckDB builds for it (`event-array-queries.ts`), fields by
// position. Pure: no DuckDB here, so the format threads (`format-worker.ts`) load it too.
import type { CefEventRow } from './formats/cef.js'
import type { EventRow } from './rows.js'

export type EventField = keyof EventRow

/** A row with the fields `K`; `raw` is '' unless read. */
export type EventFields<K extends EventField> = Pick<EventRow, K | 'raw' | 'seq'>

/** One row's object from its JSON array text (as `eventChunks` yields it), fields by position. */
export function eventRow<K extends EventField>(fields: readonly K[], text: string): EventFields<K> {
  const values = JSON.parse(text) as unknown[]
  const row: Record<string, unknown> = { raw: '' }
  for (let i = 0; i < fields.length; i += 1) {
    row[fields[i] as string] = values[i] ?? null
  }
  row.seq = BigInt(row.seq as string)
  return row as EventFields<K>
}

/**
 * The whole row (`EVENT_FIELDS`, or `EVENT_FIELDS_WITH_RAW`) from its JSON array text, as one object
 * literal: every row gets the same shape, where `eventRow`'s keyed stores left each of its 44 fields
 * behind a dictionary lookup (OCSF, ECS, LEEF read most of them). Positions follow `EVENT_SQL`; a
 * test holds it to `eventRow`.
 */
export function fullEventRow(text: string): EventRow {
  const v = JSON.parse(text) as unknown[]
  return {
    seq: BigInt(v[0] as string),
    uuid: v[1] as string,
    org: v[2] as string,
    publishedMs: v[3] as number,
    ingestedMs: v[4] as number,
    eventType: v[5] as string | null,
    severity: v[6] as string | null,
    displayMessage: v[7] as string | null,
    outcomeResult: v[8] as string | null,
    outcomeReason: v[9] as string | null,
    actorId: v[10] as string | null,
    actorLogin: v[11] as string | null,
    actorName: v[12] as string | null,
    actorType: v[13] as string | null,
    clientIp: v[14] as string | null,
    clientZone: v[15] as string | null,
    clientDevice: v[16] as string | null,
    userAgent: v[17] as string | null,
    os: v[18] as string | null,
    browser: v[19] as string | null,
    city: v[20] as string | null,
    state: v[21] as string | null,
    country: v[22] as string | null,
    postalCode: v[23] as string | null,
    lat: v[24] as number | null,
    lon: v[25] as number | null,
    asNumber: v[26] as number | null,
    asOrg: v[27] as string | null,
    isp: v[28] as string | null,
    domain: v[29] as string | null,
    isProxy: v[30] as boolean | null,
    sessionId: v[31] as string | null,
    transactionId: v[32] as string | null,
    transactionType: v[33] as string | null,
    requestId: v[34] as string | null,
    requestUri: v[35] as string | null,
    riskLevel: v[36] as string | null,
    targetUserId: v[37] as string | null,
    targetUserLogin: v[38] as string | null,
    targetUserName: v[39] as string | null,
    targetGroupId: v[40] as string | null,
    targetGroupName: v[41] as string | null,
    partnerId: v[42] as string | null,
    raw: (v[43] as string | undefined) ?? '',
  }
}

/**
 * A CEF/syslog row (`CEF_EVENT_FIELDS`) from its JSON array text, as one object literal (one shape;
 * `eventRow`'s keyed stores were a fifth of a CEF export's time). A test holds it to `eventRow`.
 */
export function cefEventRow(text: string): CefEventRow {
  const v = JSON.parse(text) as unknown[]
  return {
    seq: BigInt(v[0] as string),
    uuid: v[1] as string,
    org: v[2] as string,
    publishedMs: v[3] as number,
    eventType: v[4] as string | null,
    severity: v[5] as string | null,
    displayMessage: v[6] as string | null,
    outcomeResult: v[7] as string | null,
    outcomeReason: v[8] as string | null,
    actorId: v[9] as string | null,
    actorLogin: v[10] as string | null,
    clientIp: v[11] as string | null,
    userAgent: v[12] as string | null,
    city: v[13] as string | null,
    state: v[14] as string | null,
    country: v[15] as string | null,
    sessionId: v[16] as string | null,
    transactionId: v[17] as string | null,
    targetUserId: v[18] as string | null,
    targetUserLogin: v[19] as string | null,
    partnerId: v[20] as string | null,
  }
}
