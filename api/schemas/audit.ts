// The audit trail of the API's own use.
import { Type } from '@sinclair/typebox'
import { Cursor, IsoTime, Limit, Nullable, Page } from './common.js'

export const AuditEntry = Type.Object(
  {
    id: Type.Integer(),
    at: Type.String({ format: 'date-time' }),
    tokenId: Nullable(Type.String()),
    tokenName: Nullable(Type.String()),
    role: Nullable(Type.String()),
    partnerId: Nullable(Type.String()),
    method: Type.String(),
    route: Type.String({ description: 'The route pattern, e.g. /api/v1/anomalies/:id' }),
    parameters: Type.Record(Type.String(), Type.Unknown(), {
      description: 'Path and query parameters (long values cut)',
    }),
    status: Type.Integer(),
    durationMs: Type.Number(),
    bytes: Type.Integer(),
    ip: Nullable(Type.String()),
  },
  { additionalProperties: false },
)

export const AuditQuery = Type.Object(
  {
    token: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Token name' })),
    since: Type.Optional(IsoTime('At or after')),
    until: Type.Optional(IsoTime('Before')),
    limit: Limit(1000, 100),
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
)

export const AuditPage = Page(AuditEntry, 'Newest first')
