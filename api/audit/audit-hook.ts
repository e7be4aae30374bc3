// Writes every request to the audit trail: token name and role, route pattern, parameters (path and
// query, never headers or bodies), status, time, duration and bytes sent.
import { pipeline, Readable, Transform } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import type { Clock } from '../../lib/clock.js'
import type { AuditWriter } from './audit-writer.js'

declare module 'fastify' {
  interface FastifyRequest {
    responseBytes: number
  }
}

const MAX_VALUE_CHARS = 300

export function installAuditTrail(app: FastifyInstance, writer: AuditWriter, clock: Clock): void {
  app.decorateRequest('responseBytes', 0)
  app.addHook('onSend', async (request, reply, payload) => {
    if (payload instanceof Readable) {
      // A streamed body (exports) is counted as it goes; onResponse comes after its last byte.
      const counter = new Transform({
        transform(chunk: Buffer | string, _encoding, done) {
          request.responseBytes += Buffer.byteLength(chunk)
          done(null, chunk)
        },
      })
      pipeline(payload, counter, () => undefined)
      return counter
    }
    request.responseBytes = byteLength(payload, reply.getHeader('content-length'))
    return payload
  })
  app.addHook('onResponse', async (request, reply) => {
    const principal = request.principal
    writer.record({
      at: clock.now(),
      tokenId: principal?.tokenId ?? null,
      tokenName: principal?.name ?? null,
      role: principal?.role ?? null,
      partnerId: principal?.partnerScope ?? null,
      method: request.method,
      route: request.routeOptions.url ?? '(no route)',
      parameters: { ...clip(request.params), ...clip(request.query) },
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 100) / 100,
      bytes: request.responseBytes,
      ip: request.ip,
    })
  })
}

function clip(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) {
    return {}
  }
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value).slice(0, 30)) {
    const text = typeof v === 'string' ? v : JSON.stringify(v)
    out[k.slice(0, 100)] =
      typeof text === 'string' && text.length > MAX_VALUE_CHARS
        ? `${text.slice(0, MAX_VALUE_CHARS)}…`
        : v
  }
  return out
}

function byteLength(payload: unknown, header: unknown): number {
  if (typeof payload === 'string') {
    return Buffer.byteLength(payload)
  }
  if (Buffer.isBuffer(payload)) {
    return payload.length
  }
  const n = Number(header)
  return Number.isFinite(n) ? n : 0
}
