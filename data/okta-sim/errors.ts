// Okta's error object (okta-api.md §2) and the error a route throws to answer with one. The codes
// and summaries follow Okta's published texts where Okta documents them.
import { randomBytes } from 'node:crypto'

export interface OktaErrorBody {
  errorCode: string
  errorSummary: string
  errorLink: string
  errorId: string
  errorCauses: { errorSummary: string }[]
}

/** Thrown by a route; the server turns it into an Okta error response. */
export class SimHttpError extends Error {
  readonly status: number
  readonly errorCode: string
  readonly causes: readonly string[]

  constructor(status: number, errorCode: string, summary: string, causes: readonly string[] = []) {
    super(summary)
    this.name = new.target.name
    this.status = status
    this.errorCode = errorCode
    this.causes = causes
  }

  body(): OktaErrorBody {
    return oktaErrorBody(this.errorCode, this.message, this.causes)
  }
}

/** An id in the style of Okta's request and error ids (27 url-safe characters). */
export function randomOktaId(prefix = ''): string {
  return (
    prefix +
    randomBytes(20)
      .toString('base64url')
      .slice(0, 27 - prefix.length)
  )
}

export function oktaErrorBody(
  errorCode: string,
  errorSummary: string,
  causes: readonly string[] = [],
): OktaErrorBody {
  return {
    errorCode,
    errorSummary,
    errorLink: errorCode,
    errorId: randomOktaId('oae'),
    errorCauses: causes.map((c) => ({ errorSummary: c })),
  }
}

export const invalidToken = (): SimHttpError =>
  new SimHttpError(401, 'E0000011', 'Invalid token provided')

export const forbidden = (): SimHttpError =>
  new SimHttpError(403, 'E0000006', 'You do not have permission to perform the requested action')

/** E0000001 with one cause per problem, the summary listing them as Okta does. */
export const validationFailed = (...causes: string[]): SimHttpError =>
  new SimHttpError(400, 'E0000001', `Api validation failed: ${causes.join('. ')}`, causes)

export const invalidFilter = (summary: string): SimHttpError =>
  new SimHttpError(400, 'E0000053', summary)

export const unsupportedOperator = (op: string, field: string): SimHttpError =>
  new SimHttpError(
    400,
    'E0000031',
    `The supplied combination of operator and field is not currently supported. Operator: ${op}, Field: ${field}`,
  )

export const notFound = (what: string): SimHttpError =>
  new SimHttpError(404, 'E0000007', `Not found: Resource not found: ${what}`)

/** The entry `id` names in `map`, or 404 E0000007 naming it and its Okta type. */
export function found<T>(map: ReadonlyMap<string, T>, id: string, type: string): T {
  const value = map.get(id)
  if (value === undefined) {
    throw notFound(`${id} (${type})`)
  }
  return value
}

export const methodNotAllowed = (): SimHttpError =>
  new SimHttpError(405, 'E0000022', 'The endpoint does not support the provided HTTP method')

export const wrongStatus = (): SimHttpError =>
  new SimHttpError(403, 'E0000038', "This operation is not allowed in the user's current status.")

export const RATE_LIMIT_SUMMARY = 'API call exceeded rate limit due to too many requests.'

export const rateLimited = (): SimHttpError => new SimHttpError(429, 'E0000047', RATE_LIMIT_SUMMARY)

export const internalError = (): SimHttpError =>
  new SimHttpError(
    500,
    'E0000009',
    "Internal Server Error. Sorry, there's been an error. Please try your request again.",
  )
