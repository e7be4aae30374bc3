// What a user agent says about the client: a scripted tool (the AiTM / cookie-replay kit list of
// Elastic's rule, plus SDK and shell clients), and its family (browser + OS name, versions dropped),
// so a browser update inside a session is not a new client while Chrome → curl is.

/** Raw user agents of scripts and HTTP libraries, never of a person's browser. */
export const SCRIPTED_UA =
  /python-requests|python-urllib|urllib|\bcurl\/|\bhttpx\b|aiohttp|go-http-client|headless|^java\/|okhttp|powershell|okta-sdk|node-fetch|axios\/|\bwget\b|libwww-perl|scrapy|postmanruntime/i

export function isScripted(userAgent: string | null): boolean {
  return userAgent !== null && SCRIPTED_UA.test(userAgent)
}

/** `browser/os`, lower case, OS without its version: `chrome/windows`, `safari/mac`. */
export function uaFamily(
  browser: string | null,
  os: string | null,
  userAgent: string | null,
): string {
  if (isScripted(userAgent)) {
    return `script/${(userAgent ?? '').split(/[/ ]/)[0]?.toLowerCase() ?? ''}`
  }
  const b = (browser ?? 'unknown').toLowerCase()
  const o = (os ?? 'unknown').toLowerCase().split(/\s+/)[0] ?? 'unknown'
  return `${b}/${o}`
}
