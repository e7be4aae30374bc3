// Every error partnerwatch raises on purpose: a stable `code`, a one-line message, an optional cause.
// HTTP status is chosen only in api/error-handler.ts; nothing here knows about HTTP.

export type ErrorCode =
  | 'ERR_CONFIG_INVALID'
  | 'ERR_USAGE'
  | 'ERR_STORE'
  | 'ERR_STORE_LOCKED'
  | 'ERR_NOT_FOUND'
  | 'ERR_INVALID_WINDOW'
  | 'ERR_INPUT_INVALID'
  | 'ERR_OKTA_RATE_LIMITED'
  | 'ERR_OKTA_AUTH_FAILED'
  | 'ERR_OKTA_BAD_RESPONSE'
  | 'ERR_UNAUTHORIZED'
  | 'ERR_FORBIDDEN'
  | 'ERR_CONFLICT'
  | 'ERR_CURSOR_INVALID'
  | 'ERR_CURSOR_EXPIRED'

export class ServiceError extends Error {
  readonly code: ErrorCode

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
    this.name = new.target.name
  }
}

/** One violation of the configuration schema, named by its key path (`partners[0].timeZone`). */
export interface ConfigIssue {
  key: string
  message: string
}

export class ConfigInvalid extends ServiceError {
  readonly issues: readonly ConfigIssue[]

  constructor(source: string, issues: readonly ConfigIssue[]) {
    const list = issues.map((i) => `${i.key}: ${i.message}`).join('; ')
    super('ERR_CONFIG_INVALID', `invalid configuration (${source}): ${list}`)
    this.issues = issues
  }
}

/** Bad command-line input: the message says which flag and why. */
export class UsageError extends ServiceError {
  constructor(message: string) {
    super('ERR_USAGE', message)
  }
}

/** Wraps DuckDB's plain `Error` at the storage boundary so its text never reaches an API client raw. */
export class StoreError extends ServiceError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_STORE', message, options)
  }
}

/** The DuckDB file is held by another process (usually a running `partnerwatch serve`). */
export class StoreLocked extends ServiceError {
  readonly path: string

  constructor(path: string, options?: { cause?: unknown }) {
    super(
      'ERR_STORE_LOCKED',
      `database ${path} is in use by another process (is 'partnerwatch serve' running?)`,
      options,
    )
    this.path = path
  }
}

export class NotFound extends ServiceError {
  constructor(what: string) {
    super('ERR_NOT_FOUND', `${what} not found`)
  }
}

/** No credentials, or credentials that are unknown or revoked (the message never says which). */
export class Unauthorized extends ServiceError {
  constructor(message = 'a valid bearer token is required') {
    super('ERR_UNAUTHORIZED', message)
  }
}

/** Known credentials that may not do this. */
export class Forbidden extends ServiceError {
  constructor(message: string) {
    super('ERR_FORBIDDEN', message)
  }
}

/** The request contradicts what is stored (e.g. revoking a token twice is fine; reusing a name is not). */
export class Conflict extends ServiceError {
  constructor(message: string) {
    super('ERR_CONFLICT', message)
  }
}

export class InvalidWindow extends ServiceError {
  constructor(message: string) {
    super('ERR_INVALID_WINDOW', message)
  }
}

/** Input that cannot be used (a malformed event, a bad cursor); `where` says where it was found. */
export class InputInvalid extends ServiceError {
  readonly where: string

  constructor(where: string, message: string) {
    super('ERR_INPUT_INVALID', `${where}: ${message}`)
    this.where = where
  }
}

/** An export cursor that is malformed, tampered with, or for another stream, filter or schema. */
export class CursorInvalid extends ServiceError {
  constructor(message: string) {
    super('ERR_CURSOR_INVALID', `invalid cursor: ${message}`)
  }
}

/** An export cursor pointing before the oldest stored row: what it would resume from was purged. */
export class CursorExpired extends ServiceError {
  readonly oldestSeq: bigint | undefined

  constructor(message: string, oldestSeq: bigint | undefined) {
    super('ERR_CURSOR_EXPIRED', `cursor expired: ${message}`)
    this.oldestSeq = oldestSeq
  }
}

export class OktaRateLimited extends ServiceError {
  readonly resetAt: Date

  constructor(resetAt: Date, message = `Okta rate limit reached until ${resetAt.toISOString()}`) {
    super('ERR_OKTA_RATE_LIMITED', message)
    this.resetAt = resetAt
  }
}

export class OktaAuthFailed extends ServiceError {
  readonly status: number
  readonly errorCode: string | undefined

  constructor(org: string, status: number, errorCode: string | undefined, summary: string) {
    super(
      'ERR_OKTA_AUTH_FAILED',
      `Okta org ${org} refused the credentials: HTTP ${status} ${errorCode ?? ''} ${summary}`.trim(),
    )
    this.status = status
    this.errorCode = errorCode
  }
}

export class OktaBadResponse extends ServiceError {
  readonly status: number | undefined

  constructor(message: string, status?: number, options?: { cause?: unknown }) {
    super('ERR_OKTA_BAD_RESPONSE', message, options)
    this.status = status
  }
}

export function isServiceError(err: unknown): err is ServiceError {
  return err instanceof ServiceError
}

/** The one-line text of any thrown value, for CLI output and logs. */
export function errorLine(err: unknown): string {
  if (err instanceof Error) {
    return err.message.split('\n')[0] ?? err.name
  }
  return String(err)
}
