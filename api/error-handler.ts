// The one place an error becomes an HTTP status. Below 500 the client gets `{ code, message }`; at 500
// and above a generic body, with the full error in the log only (no stack, no SQL leaves).
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify'
import { isServiceError, type ErrorCode } from '../lib/errors.js'

const SERVICE_ERRORS: Partial<Record<ErrorCode, { status: number; code: string }>> = {
  ERR_NOT_FOUND: { status: 404, code: 'not_found' },
  ERR_INPUT_INVALID: { status: 400, code: 'bad_request' },
  ERR_INVALID_WINDOW: { status: 400, code: 'bad_request' },
  ERR_CURSOR_INVALID: { status: 400, code: 'bad_cursor' },
  ERR_CURSOR_EXPIRED: { status: 410, code: 'cursor_expired' },
  ERR_UNAUTHORIZED: { status: 401, code: 'unauthorized' },
  ERR_FORBIDDEN: { status: 403, code: 'forbidden' },
  ERR_CONFLICT: { status: 409, code: 'conflict' },
  ERR_STORE_LOCKED: { status: 503, code: 'unavailable' },
}

/** Fastify's own client errors, by status: a stable code each. */
const HTTP_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  408: 'request_timeout',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  431: 'headers_too_large',
}

export interface ErrorBody {
  code: string
  message: string
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const mapped = isServiceError(err) ? SERVICE_ERRORS[err.code] : undefined
    if (mapped && mapped.status < 500) {
      if (mapped.status === 401) {
        void reply.header('www-authenticate', 'Bearer')
      }
      return reply.status(mapped.status).send({ code: mapped.code, message: err.message })
    }
    const status = mapped?.status ?? err.statusCode ?? 500
    if (status >= 400 && status < 500) {
      const code = err.validation ? 'bad_request' : (HTTP_CODES[status] ?? 'bad_request')
      return reply.status(status).send({ code, message: clientMessage(err) })
    }
    request.log.error({ err }, 'request failed')
    return reply
      .status(status >= 500 ? status : 500)
      .send(
        status === 503
          ? { code: 'unavailable', message: 'the service is unavailable, try again later' }
          : { code: 'internal_error', message: 'internal error' },
      )
  })
  app.setNotFoundHandler((request, reply) => {
    return reply.status(404).send({
      code: 'not_found',
      message: `no route ${request.method} ${(request.url.split('?')[0] ?? '').slice(0, 200)}`,
    })
  })
}

/** For Fastify's `frameworkErrors`: a bad URL or an over-long path parameter, in our error shape. */
export function sendFrameworkError(err: FastifyError, reply: FastifyReply): FastifyReply {
  const status = err.statusCode && err.statusCode < 500 ? err.statusCode : 400
  return reply
    .status(status)
    .send({ code: HTTP_CODES[status] ?? 'bad_request', message: clientMessage(err) })
}

/** Fastify's message for a client error, on one line and without internals. */
function clientMessage(err: FastifyError): string {
  const text = (err.message || 'bad request').split('\n')[0] ?? 'bad request'
  return text.length > 300 ? `${text.slice(0, 300)}…` : text
}
