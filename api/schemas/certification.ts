// Response schemas of the certification routes: the allow-list of what leaves about campaigns,
// review items, decisions, sign-off and evidence files.
import { Type } from '@sinclair/typebox'
import { BundleFormat } from '../../reports/certification/schemas.js'
import { Nullable } from './common.js'

const Time = Type.String({ format: 'date-time' })

export const CampaignView = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    description: Nullable(Type.String()),
    period: Type.String(),
    periodStart: Time,
    periodEndExclusive: Time,
    partnerId: Nullable(Type.String()),
    owner: Type.String(),
    state: Type.String(),
    noResponseRule: Type.String(),
    createdAt: Time,
    createdBy: Type.String(),
    launchedAt: Nullable(Time),
    launchedBy: Nullable(Type.String()),
    dueAt: Nullable(Time),
    closedAt: Nullable(Time),
    closedBy: Nullable(Type.String()),
    snapshotAt: Nullable(Time),
    sourceQuery: Nullable(Type.String()),
    sourceCount: Nullable(Type.Integer()),
    itemCount: Nullable(Type.Integer()),
    exclusionCount: Nullable(Type.Integer()),
    generatorVersion: Type.String(),
  },
  { additionalProperties: false },
)

export const ItemView = Type.Object(
  {
    seq: Type.Integer(),
    org: Type.String(),
    userId: Type.String(),
    login: Nullable(Type.String()),
    displayName: Nullable(Type.String()),
    userStatus: Type.String(),
    partnerId: Type.String(),
    sponsor: Nullable(Type.String()),
    contractEnd: Nullable(Time),
    lastActivity: Nullable(Time),
    lastActivitySource: Type.String(),
    daysInactive: Nullable(Type.Integer()),
    mfaUsedInPeriod: Type.Boolean(),
    findingsInPeriod: Type.Integer(),
    openHighFindings: Type.Integer(),
    entitlementType: Type.String(),
    entitlementId: Type.String(),
    entitlementName: Nullable(Type.String()),
    assignment: Nullable(Type.String()),
    viaGroupId: Nullable(Type.String()),
    recommendation: Type.String(),
    reasons: Type.Array(Type.String()),
    reviewer: Type.String(),
    decision: Nullable(Type.String()),
    effect: Nullable(Type.String()),
    justification: Nullable(Type.String()),
    decidedBy: Nullable(Type.String()),
    decidedAt: Nullable(Time),
  },
  { additionalProperties: false },
)

export const ItemPageView = Type.Object(
  { items: Type.Array(ItemView), nextAfterSeq: Nullable(Type.Integer()) },
  { additionalProperties: false },
)

export const DecisionView = Type.Object(
  { itemSeq: Type.Integer(), decision: Type.String(), decidedAt: Time },
  { additionalProperties: false },
)

export const ReassignView = Type.Object(
  { itemSeq: Type.Integer(), reviewer: Type.String() },
  { additionalProperties: false },
)

export const CloseView = Type.Object(
  { unanswered: Type.Integer(), rule: Type.String() },
  { additionalProperties: false },
)

export const SignOffView = Type.Object(
  {
    campaignId: Type.String(),
    signedBy: Type.String(),
    signedAt: Time,
    completeness: Type.Object({
      sourceCount: Type.Integer(),
      items: Type.Integer(),
      exclusions: Type.Integer(),
      reconciled: Type.Boolean(),
    }),
    stats: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: false },
)

// Inputs of the certification routes (path, query, body).

export const CampaignParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
)
export const ItemParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 100 }), seq: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
)
export const ItemsQuery = Type.Object(
  {
    afterSeq: Type.Optional(Type.Integer({ minimum: 0 })),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
    reviewer: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    undecidedOnly: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
export const DecideBody = Type.Object(
  {
    decision: Type.Union([Type.Literal('approve'), Type.Literal('revoke')]),
    justification: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
)
export const ReassignBody = Type.Object(
  {
    toReviewer: Type.String({ minLength: 1, maxLength: 200 }),
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
)
export const SignOffBody = Type.Object(
  { statement: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
)
export const BundleQuery = Type.Object({ format: BundleFormat }, { additionalProperties: false })
