// OpenTelemetry through the API package only: spans and counters cost nothing until an SDK is
// registered, which the CLI entry does when OTEL_EXPORTER_OTLP_ENDPOINT is set (cli/telemetry-sdk.ts).
import { SpanStatusCode, metrics, trace, type Attributes } from '@opentelemetry/api'

const tracer = trace.getTracer('partnerwatch')
const meter = metrics.getMeter('partnerwatch')

export const counters = {
  events: meter.createCounter('partnerwatch.ingest.events', {
    description: 'System Log events stored',
  }),
  duplicates: meter.createCounter('partnerwatch.ingest.duplicates', {
    description: 'Events received again and skipped',
  }),
  quarantined: meter.createCounter('partnerwatch.ingest.quarantined', {
    description: 'Events that could not be stored, kept in quarantine with a reason',
  }),
  retries: meter.createCounter('partnerwatch.okta.retries', {
    description: 'Okta requests retried (5xx, timeouts, broken responses)',
  }),
  rateLimited: meter.createCounter('partnerwatch.okta.rate_limited', {
    description: 'Okta answers of 429 waited out, and waits before a budget ran out',
  }),
  findings: meter.createCounter('partnerwatch.detectors.findings', {
    description: 'New findings stored by the detectors',
  }),
}

/** Runs `fn` in an active span named `name`; an error marks the span and is rethrown. */
export async function inSpan<T>(
  name: string,
  attributes: Attributes,
  fn: () => Promise<T>,
): Promise<T> {
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn()
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err))
      span.setStatus({ code: SpanStatusCode.ERROR })
      throw err
    } finally {
      span.end()
    }
  })
}

export { tracer }
