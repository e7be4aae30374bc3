// The OpenAPI document's frame: title, bearer security, and component names taken from schema $ids.
import type { SwaggerOptions } from '@fastify/swagger'

export function openApiDocument(): SwaggerOptions {
  return {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'partnerwatch API',
        description:
          'Anomalies, partners, users and the audit trail of partner (B2B) identities in Okta. Every route under /api/v1 takes `Authorization: Bearer <token>`.',
        version: '1',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      },
      security: [{ bearer: [] }],
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
  }
}
