// CEF and RFC 5424 syslog lines of System Log events, built by DuckDB: at a million events, building
// the text in SQL (vectorised string functions, one value per batch crossing into JavaScript) is what
// keeps the export near DuckDB's own COPY speed. The layout and escaping are those of formats/cef.ts
// and formats/syslog.ts (reference §3.1, §3.6); findings, a few at a time, use those directly.
import { CEF_DEVICE_VERSION, CEF_PRODUCT, CEF_VENDOR } from './formats/cef.js'
import { cefSeverity, oktaSeverityId, syslogSeverity } from './formats/severity.js'
import {
  SYSLOG_APP_NAME,
  SYSLOG_FACILITY_AUTHPRIV,
  SYSLOG_SD_ID,
  type SyslogFraming,
} from './formats/syslog.js'

const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`
const CR = 'chr(13)'
const LF = 'chr(10)'

/** A CEF header field: `\` and `|` escaped, CR LF / CR / LF each one space. */
function header(x: string): string {
  return `CASE WHEN NOT regexp_matches(${x}, '[\\\\|\r\n]') THEN ${x} ELSE replace(replace(replace(replace(replace(${x}, '\\', '\\\\'), '|', '\\|'), ${CR} || ${LF}, ' '), ${CR}, ' '), ${LF}, ' ') END`
}

/** A CEF extension value: `\` and `=` escaped, CR and LF written as `\r` and `\n`. */
function value(x: string): string {
  return `CASE WHEN NOT regexp_matches(${x}, '[\\\\=\r\n]') THEN ${x} ELSE replace(replace(replace(replace(${x}, '\\', '\\\\'), '=', '\\='), ${CR}, '\\r'), ${LF}, '\\n') END`
}

/** ` key=value`, or '' when the value is NULL or empty. */
function pair(key: string, x: string): string {
  return `coalesce(' ${key}=' || nullif(${value(x)}, ''), '')`
}

const OKTA_SEVERITIES = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const

function severityCase(map: (s: string | null) => number): string {
  return `CASE e.severity ${OKTA_SEVERITIES.map((s) => `WHEN ${lit(s)} THEN ${map(s)}`).join(' ')} ELSE ${map(null)} END`
}

const IPV4 = `regexp_full_match(coalesce(e.client_ip, ''), '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}')`
const OUTCOME = `CASE WHEN e.outcome_result IN ('SUCCESS', 'ALLOW') THEN 'success' WHEN e.outcome_result IN ('FAILURE', 'DENY') THEN 'failure' ELSE 'unknown' END`
const PARTNER = 'u.partner_id'
// The first User target, as ingest extracted it (no lambda per row here).
const TARGET_ID = 'e.target_user_id'
const TARGET_LOGIN = 'e.target_user_login'

/** The CEF record of the event row `e` (partner `u`), without a line end. */
export function cefEventSql(): string {
  const label = (key: string, text: string, when: string): string =>
    `CASE WHEN ${when} THEN ' ${key}=${text}' ELSE '' END`
  const place = `concat_ws(', ', e.city, e.state, e.country)`
  const hasPlace = `(e.city IS NOT NULL OR e.country IS NOT NULL)`
  return `'CEF:0|' || ${lit([CEF_VENDOR, CEF_PRODUCT, CEF_DEVICE_VERSION].map((s) => s.replace(/[\\|]/g, (c) => `\\${c}`)).join('|'))}
    || '|' || ${header("coalesce(e.event_type, 'unknown')")}
    || '|' || ${header("coalesce(e.display_message, e.event_type, 'unknown')")}
    || '|' || ${severityCase((s) => cefSeverity(oktaSeverityId(s)))} || '|'
    || 'rt=' || epoch_ms(e.published)::VARCHAR
    || ${pair('externalId', 'e.uuid')}
    || ${pair('act', 'e.event_type')}
    || ' outcome=' || ${OUTCOME}
    || ${pair('reason', 'e.outcome_reason')}
    || ${pair('suser', 'e.actor_login')}
    || ${pair('suid', 'e.actor_id')}
    || CASE WHEN ${IPV4} THEN ${pair('src', 'e.client_ip')}
            ELSE ${pair('c6a1', 'e.client_ip')} || CASE WHEN e.client_ip IS NULL THEN '' ELSE ' c6a1Label=clientIp' END END
    || ${pair('duser', TARGET_LOGIN)}
    || ${pair('duid', TARGET_ID)}
    || ${pair('requestClientApplication', 'e.user_agent')}
    || ${pair('msg', 'e.display_message')}
    || ${label('cs1Label', 'partnerId', `${PARTNER} IS NOT NULL`)} || ${pair('cs1', PARTNER)}
    || ' cs2Label=oktaOrg' || ${pair('cs2', 'e.org')}
    || ${label('cs3Label', 'externalSessionId', 'e.session_id IS NOT NULL')} || ${pair('cs3', 'e.session_id')}
    || ${label('cs4Label', 'transactionId', 'e.transaction_id IS NOT NULL')} || ${pair('cs4', 'e.transaction_id')}
    || ${label('cs5Label', 'location', hasPlace)} || CASE WHEN ${hasPlace} THEN ${pair('cs5', place)} ELSE '' END
    || ' cn1Label=ingestSeq cn1=' || e.ingest_seq::VARCHAR`
}

/** A syslog header token: only letters, digits and `. _ : @ / + -`, at most `max`, else `-`. */
function token(x: string, max: number): string {
  return `coalesce(nullif(left(regexp_replace(coalesce(${x}, ''), '[^A-Za-z0-9._:@/+-]', '', 'g'), ${max}), ''), '-')`
}

/** An SD parameter value: `"`, `\` and `]` escaped, line breaks as spaces. */
function sd(x: string): string {
  return `replace(replace(replace(replace(replace(replace(${x}, '\\', '\\\\'), '"', '\\"'), ']', '\\]'), ${CR} || ${LF}, ' '), ${CR}, ' '), ${LF}, ' ')`
}

/** The RFC 5424 message (CEF payload) of the event row `e`, unframed. */
export function syslogEventSql(): string {
  const pri = severityCase((s) => SYSLOG_FACILITY_AUTHPRIV * 8 + syslogSeverity(oktaSeverityId(s)))
  return `'<' || ${pri} || '>1 ' || strftime(e.published, '%Y-%m-%dT%H:%M:%S.%gZ')
    || ' ' || ${token('e.org', 255)} || ' ${SYSLOG_APP_NAME} - ' || ${token('e.event_type', 32)}
    || ' [${SYSLOG_SD_ID} uid="' || ${sd('e.uuid')} || '" seq="' || e.ingest_seq::VARCHAR
    || '" org="' || ${sd('e.org')} || '"'
    || coalesce(' partner="' || ${sd(PARTNER)} || '"', '') || '] ' || chr(65279) || ${cefEventSql()}`
}

/** One record as written: a line, or an RFC 6587 octet-counted frame (length in UTF-8 bytes). */
export function framedSql(message: string, framing: SyslogFraming | 'line'): string {
  return framing === 'octet-counting'
    ? `strlen(${message})::VARCHAR || ' ' || ${message}`
    : `${message} || ${LF}`
}
