// Partners, their counts, and their users.
import { Type, type Static } from '@sinclair/typebox'
import { Cursor, Id, Limit, Nullable, Page } from './common.js'

export const PartnerSummary = Type.Object(
  { id: Type.String(), name: Type.String() },
  { $id: 'PartnerSummary', additionalProperties: false },
)

export const PartnerList = Type.Object(
  { items: Type.Array(Type.Ref('PartnerSummary')) },
  { additionalProperties: false },
)

export const PartnerDetail = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    users: Type.Integer({ description: 'Users attributed to the partner in the directory' }),
    activeUsers: Type.Integer({ description: 'Of those, with status ACTIVE' }),
    findings: Type.Object(
      {
        low: Type.Integer(),
        medium: Type.Integer(),
        high: Type.Integer(),
        critical: Type.Integer(),
        open: Type.Integer({ description: 'Not yet triaged, any severity' }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
)

export const PartnerParams = Type.Object(
  { partnerId: Id('Partner id') },
  { additionalProperties: false },
)

export const User = Type.Object(
  {
    id: Type.String(),
    org: Type.String(),
    login: Nullable(Type.String()),
    email: Nullable(Type.String()),
    firstName: Nullable(Type.String()),
    lastName: Nullable(Type.String()),
    status: Type.String(),
    created: Nullable(Type.String({ format: 'date-time' })),
    lastLogin: Nullable(Type.String({ format: 'date-time' })),
    partnerId: Nullable(Type.String()),
    partnerRule: Nullable(Type.String({ description: 'Why the user belongs to the partner' })),
    jit: Type.Boolean(),
    idpId: Nullable(Type.String()),
    contractEnd: Nullable(Type.String({ format: 'date' })),
  },
  { $id: 'User', additionalProperties: false },
)
export type UserBody = Static<typeof User>

export const UserListQuery = Type.Object(
  {
    status: Type.Optional(
      Type.String({ pattern: '^[A-Z_]{1,40}$', description: 'Okta status, e.g. ACTIVE' }),
    ),
    limit: Limit(1000, 100),
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
)

export const UserPage = Page(Type.Ref('User'), 'In org, then id order')
