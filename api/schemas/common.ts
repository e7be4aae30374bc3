// Schemas every route shares: the error body, size-bounded ids and times, and the error responses a
// route declares so that even its errors pass through an allow-list.
import { Type, type TSchema } from '@sinclair/typebox'

export const ErrorBody = Type.Object(
  {
    code: Type.String({ description: 'Stable, machine-readable: bad_request, not_found, …' }),
    message: Type.String({ description: 'One line for people' }),
  },
  { $id: 'ErrorBody', additionalProperties: false },
)

const err = Type.Ref('ErrorBody')

/** The error responses of a route that reads: bad input, no/unknown token, wrong role, rate limit. */
export const READ_ERRORS = {
  400: err,
  401: err,
  403: err,
  429: err,
  500: err,
} as const

export const WITH_NOT_FOUND = { ...READ_ERRORS, 404: err } as const

export const WRITE_ERRORS = { ...WITH_NOT_FOUND, 409: err, 413: err, 415: err } as const

/** An identifier from a path or filter: Okta ids, partner ids, finding ids. */
export const Id = (description: string) =>
  Type.String({
    minLength: 1,
    maxLength: 128,
    pattern: '^[A-Za-z0-9][A-Za-z0-9._:@-]*$',
    description,
  })

export const IsoTime = (description: string) =>
  Type.String({ format: 'date-time', maxLength: 40, description })

export const Limit = (max: number, fallback: number) =>
  Type.Integer({ minimum: 1, maximum: max, default: fallback, description: `At most ${max}` })

export const Cursor = Type.String({
  minLength: 1,
  maxLength: 512,
  pattern: '^[A-Za-z0-9_-]+$',
  description: 'Opaque: the nextCursor of the previous page',
})

export function Nullable<T extends TSchema>(schema: T) {
  return Type.Union([schema, Type.Null()])
}

/** A page: the items and, when there are more, the cursor of the next page. */
export function Page<T extends TSchema>(item: T, description: string) {
  return Type.Object(
    { items: Type.Array(item), nextCursor: Nullable(Type.String()) },
    { additionalProperties: false, description },
  )
}
