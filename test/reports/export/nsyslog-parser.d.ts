// Types for the parts of nsyslog-parser (0.10.1, no types of its own) the tests use.
declare module 'nsyslog-parser' {
  interface SyslogEntry {
    type: string
    prival: number
    facilityval: number
    levelval: number
    version: number
    ts: string | Date
    host: string
    appName: string
    pid: string
    messageid: string
    message: string
    structuredData: Record<string, string>[]
  }
  function parse(line: string, opts?: Record<string, unknown>): SyslogEntry
  export default parse
}
