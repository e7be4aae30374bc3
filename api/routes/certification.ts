// /certification: campaigns (create, list, one, launch), review items, decisions (approve / revoke
// with justification, reassignment), close and sign-off, and the evidence bundle as one tar archive
// (the files, summary.json, manifest.json and SHA256SUMS written together, so the hashes match what
// is downloaded). The acting person is the token's name: give reviewers tokens named by their Okta
// login, so "no one certifies their own access" compares like with like.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { Type, type Static } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Database } from '../../lib/db.js'
import {
  closeCampaign,
  decideItem,
  reassignItem,
  signOffCampaign,
} from '../../reports/certification/decisions.js'
import {
  createCampaign,
  launchCampaign,
  listCampaigns,
  readCampaign,
} from '../../reports/certification/campaigns.js'
import { listItems } from '../../reports/certification/items.js'
import { writeBundle } from '../../reports/certification/bundle.js'
import { CreateCampaignInput, ListCampaignsInput } from '../../reports/certification/schemas.js'
import type { CertContext } from '../../reports/certification/types.js'
import { principalOf } from '../auth/authenticate.js'
import type { ApiContext } from '../context.js'
import { READ_ERRORS, WITH_NOT_FOUND, WRITE_ERRORS } from '../schemas/common.js'
import {
  BundleQuery,
  CampaignParams,
  CampaignView,
  CloseView,
  DecideBody,
  DecisionView,
  ItemPageView,
  ItemParams,
  ItemsQuery,
  ReassignBody,
  ReassignView,
  SignOffBody,
  SignOffView,
} from '../schemas/certification.js'
import { tarFiles } from '../tar.js'

const TAGS = ['certification']
const READERS = ['admin', 'analyst', 'auditor'] as const
const REVIEWERS = ['admin', 'analyst'] as const

/** Plain JSON for the response schemas: dates as ISO strings. */
function plain<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown
}

export const certificationRoutes: FastifyPluginAsyncTypebox<{ ctx: ApiContext }> = async (
  app,
  opts,
) => {
  // Certification writes in transactions of its own; a session keeps them off the ingest writer's
  // connection.
  const session: Database = await opts.ctx.db.session()
  app.addHook('onClose', async () => session.closeSync())
  const cert: CertContext = {
    db: session,
    partners: opts.ctx.config.partners,
    settings: opts.ctx.config.certification,
    clock: opts.ctx.clock,
  }
  const actor = (request: Parameters<typeof principalOf>[0]) => principalOf(request).name

  app.get(
    '/certification/campaigns',
    {
      config: { roles: READERS },
      schema: {
        tags: TAGS,
        summary: 'List certification campaigns',
        querystring: ListCampaignsInput,
        response: { 200: Type.Array(CampaignView), ...READ_ERRORS },
      },
    },
    async (request) => plain(await listCampaigns(cert, request.query, actor(request))),
  )

  app.post(
    '/certification/campaigns',
    {
      config: { roles: REVIEWERS },
      schema: {
        tags: TAGS,
        summary: 'Create a campaign for a quarter and a scope (all partners or one)',
        body: CreateCampaignInput,
        response: { 201: CampaignView, ...WRITE_ERRORS },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          plain(await createCampaign(cert, request.body, actor(request))) as Static<
            typeof CampaignView
          >,
        ),
  )

  app.get(
    '/certification/campaigns/:id',
    {
      config: { roles: READERS },
      schema: {
        tags: TAGS,
        summary: 'One campaign',
        params: CampaignParams,
        response: { 200: CampaignView, ...WITH_NOT_FOUND },
      },
    },
    async (request) =>
      plain(await readCampaign(cert, { campaignId: request.params.id }, actor(request))),
  )

  app.post(
    '/certification/campaigns/:id/launch',
    {
      config: { roles: REVIEWERS },
      schema: {
        tags: TAGS,
        summary: 'Launch: freeze the population from a fresh directory snapshot',
        params: CampaignParams,
        response: { 200: CampaignView, ...WRITE_ERRORS },
      },
    },
    async (request) =>
      plain(await launchCampaign(cert, { campaignId: request.params.id }, actor(request))),
  )

  app.get(
    '/certification/campaigns/:id/items',
    {
      config: { roles: READERS },
      schema: {
        tags: TAGS,
        summary: 'Review items, by sequence, with their decisions',
        params: CampaignParams,
        querystring: ItemsQuery,
        response: { 200: ItemPageView, ...WITH_NOT_FOUND },
      },
    },
    async (request) =>
      plain(
        await listItems(cert, { campaignId: request.params.id, ...request.query }, actor(request)),
      ),
  )

  app.post(
    '/certification/campaigns/:id/items/:seq/decision',
    {
      config: { roles: REVIEWERS },
      schema: {
        tags: TAGS,
        summary: 'Approve or revoke one item (a revoke needs a justification)',
        params: ItemParams,
        body: DecideBody,
        response: { 200: DecisionView, ...WRITE_ERRORS },
      },
    },
    async (request) =>
      plain(
        await decideItem(
          cert,
          { campaignId: request.params.id, itemSeq: request.params.seq, ...request.body },
          actor(request),
        ),
      ),
  )

  app.post(
    '/certification/campaigns/:id/items/:seq/reassign',
    {
      config: { roles: REVIEWERS },
      schema: {
        tags: TAGS,
        summary: 'Hand an item to another reviewer (recorded)',
        params: ItemParams,
        body: ReassignBody,
        response: { 200: ReassignView, ...WRITE_ERRORS },
      },
    },
    async (request) =>
      plain(
        await reassignItem(
          cert,
          { campaignId: request.params.id, itemSeq: request.params.seq, ...request.body },
          actor(request),
        ),
      ),
  )

  app.post(
    '/certification/campaigns/:id/close',
    {
      config: { roles: REVIEWERS },
      schema: {
        tags: TAGS,
        summary: "Close: apply the campaign's rule to unanswered items (owner only)",
        params: CampaignParams,
        response: { 200: CloseView, ...WRITE_ERRORS },
      },
    },
    async (request) =>
      plain(await closeCampaign(cert, { campaignId: request.params.id }, actor(request))),
  )

  app.post(
    '/certification/campaigns/:id/sign-off',
    {
      config: { roles: REVIEWERS },
      schema: {
        tags: TAGS,
        summary:
          'Owner sign-off with completeness statistics (refused if the population does not reconcile)',
        params: CampaignParams,
        body: SignOffBody,
        response: { 200: SignOffView, ...WRITE_ERRORS },
      },
    },
    async (request) =>
      plain(
        await signOffCampaign(
          cert,
          { campaignId: request.params.id, ...request.body },
          actor(request),
        ),
      ),
  )

  app.get(
    '/certification/campaigns/:id/bundle',
    {
      config: { roles: READERS },
      schema: {
        tags: TAGS,
        summary:
          'The evidence bundle as a tar archive: items, decisions, exclusions, remediation, summary.json, manifest.json, SHA256SUMS',
        params: CampaignParams,
        querystring: BundleQuery,
        response: { 200: Type.String({ description: 'application/x-tar' }), ...WITH_NOT_FOUND },
      },
    },
    async (request, reply) => {
      const dir = await mkdtemp(join(tmpdir(), 'pw-bundle-'))
      try {
        const result = await writeBundle(
          cert,
          { campaignId: request.params.id, format: request.query.format },
          actor(request),
          dir,
        )
        const names = [...result.files.map((f) => f.name), 'manifest.json', 'SHA256SUMS']
        const body = Readable.from(tarFiles(dir, names))
        body.on('close', () => void rm(dir, { recursive: true, force: true }))
        return reply
          .header('content-type', 'application/x-tar')
          .header(
            'content-disposition',
            `attachment; filename="certification-${result.campaignId}-${request.query.format}.tar"`,
          )
          .send(body)
      } catch (err) {
        await rm(dir, { recursive: true, force: true })
        throw err
      }
    },
  )
}
