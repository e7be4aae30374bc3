// TypeBox schemas of every input the certification module takes, for the CLI now and HTTP routes
// later (body/query schemas as they are). `checkInput` validates and names the first bad key.
import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { InputInvalid } from '../../lib/errors.js'
import { PERIOD_PATTERN } from './period.js'

const Id = Type.String({ minLength: 1, maxLength: 200 })
const PartnerId = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,62}$', description: 'Partner id' })

export const CreateCampaignInput = Type.Object(
  {
    period: Type.String({ pattern: PERIOD_PATTERN, description: 'Calendar quarter, e.g. 2026-Q4' }),
    partnerId: Type.Optional(PartnerId),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    owner: Type.Optional(
      Type.String({ minLength: 1, description: 'Campaign owner (signs off); default: the actor' }),
    ),
  },
  { additionalProperties: false },
)

export const CampaignRef = Type.Object({ campaignId: Id }, { additionalProperties: false })

export const ListCampaignsInput = Type.Object(
  {
    period: Type.Optional(Type.String({ pattern: PERIOD_PATTERN })),
    partnerId: Type.Optional(PartnerId),
  },
  { additionalProperties: false },
)

export const ListItemsInput = Type.Object(
  {
    campaignId: Id,
    afterSeq: Type.Optional(Type.Integer({ minimum: 0, description: 'Cursor: last seq seen' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    reviewer: Type.Optional(Type.String({ minLength: 1 })),
    undecidedOnly: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)

export const DecideInput = Type.Object(
  {
    campaignId: Id,
    itemSeq: Type.Integer({ minimum: 1 }),
    decision: Type.Union([Type.Literal('approve'), Type.Literal('revoke')]),
    justification: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
)

export const ReassignInput = Type.Object(
  {
    campaignId: Id,
    itemSeq: Type.Integer({ minimum: 1 }),
    toReviewer: Type.String({ minLength: 1 }),
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
)

export const SignOffInput = Type.Object(
  { campaignId: Id, statement: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
)

export const OffboardInput = Type.Object(
  { partnerId: Type.Optional(PartnerId) },
  { additionalProperties: false },
)

export const ApplyRemediationInput = Type.Object(
  {
    campaignId: Type.Optional(Id),
    trigger: Type.Optional(
      Type.Union([Type.Literal('certification'), Type.Literal('offboarding')]),
    ),
    apply: Type.Boolean({ default: false, description: 'false: dry run, nothing is sent to Okta' }),
  },
  { additionalProperties: false },
)

export const BundleFormat = Type.Union([
  Type.Literal('csv'),
  Type.Literal('json'),
  Type.Literal('xlsx'),
])

export type CreateCampaignInput = Static<typeof CreateCampaignInput>
export type CampaignRef = Static<typeof CampaignRef>
export type ListCampaignsInput = Static<typeof ListCampaignsInput>
export type ListItemsInput = Static<typeof ListItemsInput>
export type DecideInput = Static<typeof DecideInput>
export type ReassignInput = Static<typeof ReassignInput>
export type SignOffInput = Static<typeof SignOffInput>
export type OffboardInput = Static<typeof OffboardInput>
export type ApplyRemediationInput = Static<typeof ApplyRemediationInput>
export type BundleFormat = Static<typeof BundleFormat>

/** Validates `value` (defaults filled); throws InputInvalid naming the first bad key. */
export function checkInput<S extends TSchema>(schema: S, value: unknown, where: string): Static<S> {
  const filled = Value.Default(schema, structuredClone(value)) as unknown
  const first = Value.Errors(schema, filled).First()
  if (first) {
    const key = first.path === '' ? where : `${where}${first.path.replaceAll('/', '.')}`
    throw new InputInvalid(key, first.message)
  }
  return filled as Static<S>
}
