// A span per API request (method, route pattern, status), through lib/telemetry.ts: free until the
// CLI entry registers an OpenTelemetry SDK. Installed by `serve` through buildApp's `instrument`.
import { SpanStatusCode, type Span } from '@opentelemetry/api'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { tracer } from '../lib/telemetry.js'

export function requestSpans(app: FastifyInstance): void {
  const spans = new WeakMap<FastifyRequest, Span>()
  app.addHook('onRequest', async (request) => {
    spans.set(
      request,
      tracer.startSpan(`HTTP ${request.method}`, {
        attributes: { 'http.request.method': request.method },
      }),
    )
  })
  app.addHook('onResponse', async (request, reply) => {
    const span = spans.get(request)
    if (!span) {
      return
    }
    const route = request.routeOptions.url ?? 'unmatched'
    span.updateName(`HTTP ${request.method} ${route}`)
    span.setAttributes({ 'http.route': route, 'http.response.status_code': reply.statusCode })
    if (reply.statusCode >= 500) {
      span.setStatus({ code: SpanStatusCode.ERROR })
    }
    span.end()
    spans.delete(request)
  })
}
