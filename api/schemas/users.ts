// A user's timeline: the directory record, sign-ins with place, device and outcome, and findings.
import { Type } from '@sinclair/typebox'
import { Cursor, Id, IsoTime, Limit, Nullable } from './common.js'

export const SignIn = Type.Object(
  {
    eventId: Type.String({ description: 'The System Log uuid' }),
    at: Type.String({ format: 'date-time' }),
    eventType: Nullable(Type.String()),
    outcome: Type.Object(
      { result: Nullable(Type.String()), reason: Nullable(Type.String()) },
      { additionalProperties: false },
    ),
    place: Type.Object(
      {
        city: Nullable(Type.String()),
        state: Nullable(Type.String()),
        country: Nullable(Type.String()),
        lat: Nullable(Type.Number()),
        lon: Nullable(Type.Number()),
      },
      { additionalProperties: false },
    ),
    network: Type.Object(
      { ip: Nullable(Type.String()), asOrg: Nullable(Type.String()) },
      { additionalProperties: false },
    ),
    device: Type.Object(
      {
        kind: Nullable(Type.String({ description: 'Okta client.device' })),
        os: Nullable(Type.String()),
        browser: Nullable(Type.String()),
        userAgent: Nullable(Type.String()),
      },
      { additionalProperties: false },
    ),
    sessionId: Nullable(Type.String()),
  },
  { additionalProperties: false },
)

export const TimelineParams = Type.Object(
  { userId: Id('Okta user id') },
  { additionalProperties: false },
)

export const TimelineQuery = Type.Object(
  {
    since: Type.Optional(IsoTime('At or after')),
    until: Type.Optional(IsoTime('Before')),
    limit: Limit(1000, 100),
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
)

export const Timeline = Type.Object(
  {
    user: Type.Ref('User'),
    signIns: Type.Array(SignIn, { description: 'Newest first' }),
    nextCursor: Nullable(Type.String({ description: 'The next page of sign-ins' })),
    findings: Type.Array(Type.Ref('Anomaly'), { description: 'Newest first, up to limit' }),
  },
  { additionalProperties: false },
)
