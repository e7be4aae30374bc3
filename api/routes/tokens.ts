// /tokens (admin): create a token (returned once), list tokens without secrets, revoke one.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { createToken, listTokens, revokeToken } from '../auth/tokens.js'
import type { TokenRecord } from '../auth/tokens-queries.js'
import type { ApiContext } from '../context.js'
import { READ_ERRORS, WITH_NOT_FOUND, WRITE_ERRORS } from '../schemas/common.js'
import {
  CreateTokenBody,
  CreatedToken,
  TokenInfo,
  TokenList,
  TokenParams,
} from '../schemas/tokens.js'
import { iso } from '../views.js'

const TAGS = ['tokens']

export const tokensRoutes: FastifyPluginAsyncTypebox<{ ctx: ApiContext }> = async (app, opts) => {
  const { store, clock, authenticator, partnerIds } = opts.ctx

  app.post(
    '/tokens',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: TAGS,
        summary: 'Create a token; the response carries it once',
        body: CreateTokenBody,
        response: { 201: CreatedToken, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const created = await store.transaction((w) =>
        createToken(w, request.body, { clock, partnerIds }),
      )
      return reply.status(201).send({ ...view(created), token: created.token })
    },
  )

  app.get(
    '/tokens',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: TAGS,
        summary: 'Every token, without secrets',
        response: { 200: TokenList, ...READ_ERRORS },
      },
    },
    async () => ({ items: (await listTokens(store)).map(view) }),
  )

  app.delete(
    '/tokens/:id',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: TAGS,
        summary: 'Revoke a token; it is refused from the next request on',
        params: TokenParams,
        response: { 200: TokenInfo, ...WITH_NOT_FOUND },
      },
    },
    async (request) => {
      const record = await store.transaction((w) => revokeToken(w, request.params.id, clock))
      authenticator.forget()
      return view(record)
    },
  )
}

function view(t: TokenRecord) {
  return {
    id: t.id,
    name: t.name,
    role: t.role,
    partnerId: t.partnerId,
    createdAt: t.createdAt.toISOString(),
    revokedAt: iso(t.revokedAt),
    lastUsedAt: iso(t.lastUsedAt),
  }
}
