// What the SDK throws, as partnerwatch's own errors: refused credentials, rate limits, and
// everything else Okta (or the network) answered badly. Our own ServiceErrors pass through.
import { OktaApiError } from '@okta/okta-sdk-nodejs'
import {
  OktaAuthFailed,
  OktaBadResponse,
  OktaRateLimited,
  ServiceError,
  errorLine,
} from '../../lib/errors.js'

export function toServiceError(err: unknown, org: string, what: string): ServiceError {
  if (err instanceof ServiceError) {
    return err
  }
  if (err instanceof OktaApiError) {
    if (err.status === 401 || err.status === 403) {
      return new OktaAuthFailed(org, err.status, String(err.errorCode), err.errorSummary)
    }
    if (err.status === 429) {
      const reset = Number(err.headers.get('x-rate-limit-reset'))
      const resetAt = Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000) : new Date()
      return new OktaRateLimited(resetAt, `Okta org ${org} rate limit reached during ${what}`)
    }
    return new OktaBadResponse(`${what} in org ${org} failed: ${errorLine(err)}`, err.status, {
      cause: err,
    })
  }
  const status = statusOf(err)
  return new OktaBadResponse(`${what} in org ${org} failed: ${errorLine(err)}`, status, {
    cause: err,
  })
}

function statusOf(err: unknown): number | undefined {
  if (typeof err === 'object' && err !== null && 'status' in err) {
    const status = Number(err.status)
    return Number.isInteger(status) ? status : undefined
  }
  return undefined
}
