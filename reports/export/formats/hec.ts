// Splunk HTTP Event Collector envelopes (reference §3.5), one JSON object per record, written back to
// back (one per line) as `/services/collector/event` takes them. `time` is epoch seconds with ms in
// the envelope. System Log events go unmodified (the stored raw JSON, byte for byte) under sourcetype
// `OktaIM2:log`, so the Splunk Okta add-on's knowledge applies; findings get our own sourcetype.
import type { EventRow, FindingRow } from '../rows.js'
import { findingJson } from './finding-json.js'

export const HEC_EVENT_SOURCETYPE = 'OktaIM2:log'
export const HEC_FINDING_SOURCETYPE = 'partnerwatch:finding'

const seconds = (ms: number): string => (ms / 1000).toFixed(3)

export function hecEvent(r: EventRow): string {
  const fields = JSON.stringify({
    uid: r.uuid,
    ingest_seq: r.seq.toString(),
    okta_org: r.org,
    ...(r.partnerId === null ? {} : { partner_id: r.partnerId }),
  })
  // `raw` is a JSON object (ingest stores nothing else), so it is spliced in as it came.
  return `{"time":${seconds(r.publishedMs)},"host":${JSON.stringify(r.org)},"source":"partnerwatch:okta-system-log","sourcetype":"${HEC_EVENT_SOURCETYPE}","fields":${fields},"event":${r.raw}}`
}

export function hecFinding(f: FindingRow): string {
  return JSON.stringify({
    time: Number(seconds(f.occurredMs)),
    host: f.org,
    source: 'partnerwatch:findings',
    sourcetype: HEC_FINDING_SOURCETYPE,
    fields: {
      uid: f.id,
      finding_seq: f.seq.toString(),
      okta_org: f.org,
      ...(f.partnerId === null ? {} : { partner_id: f.partnerId }),
    },
    event: findingJson(f),
  })
}
