// The app factory: a Fastify instance with every route of the API under /api/v1, OpenAPI at
// /openapi.json and a docs UI at /docs. It never listens; the caller (serve, tests, bench) does.
import rateLimit from '@fastify/rate-limit'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify'
import { systemClock, type Clock } from '../lib/clock.js'
import type { Config } from '../lib/config.js'
import type { Database } from '../lib/db.js'
import { InputInvalid } from '../lib/errors.js'
import { installAuditTrail } from './audit/audit-hook.js'
import { createAuditWriter } from './audit/audit-writer.js'
import { createAuthenticator, installAuthentication } from './auth/authenticate.js'
import { DEFAULT_API_SETTINGS, type ApiContext, type ApiSettings } from './context.js'
import { installErrorHandlers, sendFrameworkError } from './error-handler.js'
import { openApiStore } from './store.js'
import { loggerOptions, type ApiLoggerOptions } from './logger.js'
import { openApiDocument } from './openapi.js'
import { anomaliesRoutes } from './routes/anomalies.js'
import { auditRoutes } from './routes/audit.js'
import { healthRoutes } from './routes/health.js'
import { partnersRoutes } from './routes/partners.js'
import { tokensRoutes } from './routes/tokens.js'
import { usersRoutes } from './routes/users.js'
import { Anomaly } from './schemas/anomalies.js'
import { ErrorBody } from './schemas/common.js'
import { PartnerSummary, User } from './schemas/partners.js'

/**
 * A route module mounted under /api/v1 beside the built-in ones. It gets the same context and the
 * same guard: declare `config: { roles: [...] }` on each route (a route without roles is refused to
 * everyone), read the caller with `principalOf(request)` and bind `scopeOf(request)` in every query.
 */
export type ApiRoutes = FastifyPluginAsyncTypebox<{ ctx: ApiContext }>

export interface BuildAppOptions {
  db: Database
  config: Readonly<Config>
  clock?: Clock
  /** Pino settings (level, destination); false or absent: no logging. */
  logger?: ApiLoggerOptions | false
  /** Overrides of what config.server and the defaults say. */
  settings?: Partial<ApiSettings>
  /** More route modules (exports, certification), mounted under /api/v1 in this order. */
  routes?: readonly ApiRoutes[]
  /**
   * Called on the bare instance before anything is registered, for hooks that must see every route
   * (request spans, metrics). Hooks added after buildApp returns would miss the routes already mounted.
   */
  instrument?: (app: FastifyInstance) => void
  /** Routes at the root beside /api/v1 (the web console's pages), mounted before the app is ready. */
  site?: (app: FastifyInstance) => void
  /** The ingest loops this process runs (`serve`), for /readyz. */
  ingestStatus?: ApiContext['ingestStatus']
}

export const API_PREFIX = '/api/v1'

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { db, config } = options
  const clock = options.clock ?? systemClock
  const settings: ApiSettings = {
    ...DEFAULT_API_SETTINGS,
    rateLimitPerMinute: config.server.rateLimitPerMinute,
    bodyLimitBytes: config.server.bodyLimitBytes,
    ...options.settings,
  }
  const app = Fastify({
    ...(options.logger ? { logger: loggerOptions(options.logger) } : { logger: false }),
    bodyLimit: settings.bodyLimitBytes,
    routerOptions: { maxParamLength: 200 },
    return503OnClosing: true,
    frameworkErrors: (err, _request, reply) => sendFrameworkError(err, reply),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>()

  options.instrument?.(app)
  const store = await openApiStore(db, settings.readConnections)
  const authenticator = createAuthenticator(store)
  const writer = createAuditWriter(store, app.log)
  app.addHook('onClose', async () => {
    await writer.close()
    store.closeSync()
  })
  const ctx: ApiContext = {
    db,
    store,
    config,
    clock,
    settings,
    authenticator,
    partnerIds: config.partners.map((p) => p.id),
    ...(options.ingestStatus ? { ingestStatus: options.ingestStatus } : {}),
  }

  installErrorHandlers(app)
  for (const schema of [ErrorBody, Anomaly, User, PartnerSummary]) {
    app.addSchema(schema)
  }
  await app.register(swagger, openApiDocument())
  await app.register(swaggerUi, { routePrefix: '/docs' })
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  await app.register(healthRoutes, { ctx })
  options.site?.(app)

  await app.register(
    async (api) => {
      installAuthentication(api, authenticator)
      installAuditTrail(api, writer, clock)
      api.addHook('preHandler', rejectNonFiniteQuery)
      await api.register(rateLimit, {
        max: settings.rateLimitPerMinute,
        timeWindow: 60_000,
        keyGenerator: (request) => request.principal?.tokenId ?? request.ip,
      })
      api.setNotFoundHandler((request, reply) =>
        reply
          .status(404)
          .send({ code: 'not_found', message: `no route ${request.method} ${path(request.url)}` }),
      )
      await api.register(anomaliesRoutes, { ctx })
      await api.register(partnersRoutes, { ctx })
      await api.register(usersRoutes, { ctx })
      await api.register(auditRoutes, { ctx, writer })
      await api.register(tokensRoutes, { ctx })
      for (const routes of options.routes ?? []) {
        await api.register(routes, { ctx })
      }
    },
    { prefix: API_PREFIX },
  )
  await app.ready()
  return app
}

/** Ajv coerces `1e400` to Infinity and lets it through `maximum`; no route may see one. */
async function rejectNonFiniteQuery(request: FastifyRequest): Promise<void> {
  const query = request.query
  if (typeof query !== 'object' || query === null) {
    return
  }
  for (const [key, value] of Object.entries(query)) {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new InputInvalid(`querystring/${key}`, 'must be a finite number')
    }
  }
}

function path(url: string): string {
  return (url.split('?')[0] ?? '').slice(0, 200)
}
