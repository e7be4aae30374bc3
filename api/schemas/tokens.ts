// API tokens: create (the token is returned once), list (never a secret or hash), revoke.
import { Type } from '@sinclair/typebox'
import { ROLES } from '../auth/roles.js'
import { Id, Nullable } from './common.js'

const RoleSchema = Type.Union(
  ROLES.map((r) => Type.Literal(r)),
  { description: 'admin, analyst, auditor, siem or partner-admin' },
)

const tokenFields = {
  id: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  partnerId: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  revokedAt: Nullable(Type.String({ format: 'date-time' })),
  lastUsedAt: Nullable(Type.String({ format: 'date-time' })),
}

export const TokenInfo = Type.Object(tokenFields, { additionalProperties: false })

export const TokenList = Type.Object(
  { items: Type.Array(TokenInfo) },
  { additionalProperties: false },
)

export const CreatedToken = Type.Object(
  {
    ...tokenFields,
    token: Type.String({ description: 'The bearer token; shown this once, never again' }),
  },
  { additionalProperties: false },
)

export const CreateTokenBody = Type.Object(
  {
    role: RoleSchema,
    partnerId: Type.Optional(Id('For a partner-admin: the one partner it may read')),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
)

export const TokenParams = Type.Object(
  { id: Type.String({ pattern: '^tok_[0-9a-f]{12}$', description: 'Token id' }) },
  { additionalProperties: false },
)
