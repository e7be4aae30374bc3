// The one place the OpenTelemetry SDK is wired: when OTEL_EXPORTER_OTLP_ENDPOINT is set, traces and
// metrics go to that OTLP endpoint (the SDK reads the standard OTEL_* variables for the rest).
// Without it nothing loads and the spans and counters of lib/telemetry.ts are no-ops.
export interface TelemetryHandle {
  shutdown(): Promise<void>
}

export async function startTelemetry(
  env: Readonly<Record<string, string | undefined>>,
): Promise<TelemetryHandle | undefined> {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT) {
    return undefined
  }
  const { NodeSDK } = await import('@opentelemetry/sdk-node')
  const sdk = new NodeSDK({ serviceName: env.OTEL_SERVICE_NAME ?? 'partnerwatch' })
  sdk.start()
  return { shutdown: () => sdk.shutdown() }
}
