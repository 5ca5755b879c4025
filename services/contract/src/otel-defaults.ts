/**
 * This project's defaults for the standard OTEL_* variables, applied by the telemetry preload only where the user set
 * nothing, so every one stays overridable by the environment. The chart's `otel.bsp` defaults are these, so the tuned
 * batch settings are the same in and out of the cluster (see docs/benchmarks.md).
 */
export const TELEMETRY_DEFAULTS = {
  OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4317',
  // Bounds each export and so `sdk.shutdown()` when Tempo hangs (SDK default: 10 s).
  OTEL_EXPORTER_OTLP_TIMEOUT: '3000',
  // Spans reach Tempo within about a second; the queue bounds memory when Tempo is away.
  OTEL_BSP_SCHEDULE_DELAY: '1000',
  OTEL_BSP_MAX_QUEUE_SIZE: '2048',
  OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '512',
  OTEL_BSP_EXPORT_TIMEOUT: '5000',
} as const;
