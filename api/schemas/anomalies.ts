// Anomalies (stored findings): what a list, one finding and a triage may take and return.
import { Type, type Static } from '@sinclair/typebox'
import { SEVERITIES, STATUSES } from '../../detectors/types.js'
import { Cursor, Id, IsoTime, Limit, Nullable, Page } from './common.js'

const literals = <T extends string>(values: readonly T[], description: string) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    { description },
  )

export const SeveritySchema = literals(SEVERITIES, 'low, medium, high or critical')
export const StatusSchema = literals(STATUSES, 'open, acknowledged, dismissed or confirmed')

export const Anomaly = Type.Object(
  {
    id: Type.String(),
    seq: Type.Integer({ description: 'Insertion order (finding_seq)' }),
    detector: Type.String(),
    severity: SeveritySchema,
    score: Type.Integer({ minimum: 0, maximum: 100 }),
    org: Type.String(),
    partnerId: Nullable(Type.String()),
    userId: Nullable(Type.String()),
    userLogin: Nullable(Type.String()),
    occurredAt: Type.String({ format: 'date-time' }),
    eventIds: Type.Array(Type.String(), { description: 'The evidence; the triggering event last' }),
    summary: Type.String(),
    details: Type.Record(Type.String(), Type.Unknown(), {
      description: 'The numbers that crossed a line, and the line',
    }),
    status: StatusSchema,
    statusBy: Nullable(Type.String({ description: 'Name of the token that triaged it' })),
    statusAt: Nullable(Type.String({ format: 'date-time' })),
    statusComment: Nullable(Type.String()),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Anomaly', additionalProperties: false },
)
export type AnomalyBody = Static<typeof Anomaly>

export const AnomalyListQuery = Type.Object(
  {
    partner: Type.Optional(Id('Only this partner')),
    detector: Type.Optional(Id('Only this detector')),
    severity: Type.Optional(SeveritySchema),
    status: Type.Optional(StatusSchema),
    user: Type.Optional(Id('Only this user (Okta id or login)')),
    since: Type.Optional(IsoTime('Occurred at or after')),
    until: Type.Optional(IsoTime('Occurred before')),
    sort: Type.Union([Type.Literal('newest'), Type.Literal('oldest'), Type.Literal('score')], {
      default: 'newest',
      description:
        'newest or oldest first by occurredAt then id, or highest score first then newest',
    }),
    limit: Limit(500, 50),
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
)
export type AnomalyListQueryType = Static<typeof AnomalyListQuery>

export const AnomalyPage = Page(Type.Ref('Anomaly'), 'In the asked sort (default newest first)')

export const AnomalyParams = Type.Object({ id: Id('Finding id') }, { additionalProperties: false })

export const TriageBody = Type.Object(
  {
    status: StatusSchema,
    comment: Type.String({ minLength: 1, maxLength: 2000, description: 'Why' }),
  },
  { additionalProperties: false },
)
