// Writing an answer: the headers every Okta response carries, the body, and the `truncate` fault
// (full Content-Length, half the body, then the connection ends).
import type { ServerResponse } from 'node:http'
import { oktaErrorBody, RATE_LIMIT_SUMMARY, type SimHttpError } from './errors.js'
import type { SimResponse } from './types.js'

export function errorResponse(err: SimHttpError): SimResponse {
  return { status: err.status, body: JSON.stringify(err.body()) }
}

/** The answer to a `status` fault: Okta's body for that status (a proxy page for 502 and 504). */
export function faultResponse(status: number): SimResponse {
  const json = (code: string, summary: string): SimResponse => ({
    status,
    body: JSON.stringify(oktaErrorBody(code, summary)),
  })
  switch (status) {
    case 401:
      return json('E0000011', 'Invalid token provided')
    case 403:
      return json('E0000006', 'You do not have permission to perform the requested action')
    case 404:
      return json('E0000007', 'Not found: Resource not found')
    case 429:
      return json('E0000047', RATE_LIMIT_SUMMARY)
    case 503:
      return json('E0000010', 'Service is in read only mode')
    case 502:
    case 504:
      return {
        status,
        body: `<html><body><h1>${status} Gateway error</h1></body></html>`,
        headers: { 'Content-Type': 'text/html' },
      }
    default:
      return status >= 500
        ? json('E0000009', 'Internal Server Error')
        : json('E0000001', 'Api validation failed')
  }
}

export function writeResponse(
  res: ServerResponse,
  response: SimResponse,
  common: Readonly<Record<string, string>>,
  truncate: boolean,
  onComplete: () => void,
): void {
  res.statusCode = response.status
  for (const [name, value] of Object.entries({ ...common, ...response.headers })) {
    res.setHeader(name, typeof value === 'string' ? value : [...value])
  }
  const body = Buffer.from(response.body ?? '', 'utf8')
  if (response.status === 204 || response.status === 304) {
    res.end(onComplete)
    return
  }
  res.setHeader('Content-Length', body.length)
  if (truncate && body.length > 1) {
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy())
    return
  }
  res.end(body, onComplete)
}
