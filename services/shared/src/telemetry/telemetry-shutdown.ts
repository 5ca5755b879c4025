/**
 * The bridge between the telemetry preload and the server's signal handling. The preload registers how to flush
 * and stop the SDK; the server calls `shutdownTelemetry()` after its last request, without knowing about the SDK.
 * When the preload did not run (or OTEL_SDK_DISABLED=true) nothing is registered and shutdown is a no-op.
 */
type ShutdownFn = () => Promise<void>;

const registry: { shutdown?: ShutdownFn } = {};

export function registerTelemetryShutdown(shutdown: ShutdownFn): void {
  registry.shutdown = shutdown;
}

export async function shutdownTelemetry(): Promise<void> {
  await registry.shutdown?.();
}
