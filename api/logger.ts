// Fastify's pino logger, with every credential redacted: the bearer token in requests, the Okta
// token (SSWS) in any logged headers or errors, and fields named like tokens or secrets.
import type { FastifyServerOptions } from 'fastify'

export interface ApiLoggerOptions {
  level?: string
  /** Where JSON lines go (default stdout). */
  stream?: { write(line: string): void }
}

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.Authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
  'token',
  '*.token',
  '*.apiToken',
  '*.secret',
  '*.password',
  '*.privateKey',
  'err.config.headers',
]

export function loggerOptions(
  options: ApiLoggerOptions,
): NonNullable<FastifyServerOptions['logger']> {
  return {
    level: options.level ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    ...(options.stream ? { stream: options.stream } : {}),
  }
}
