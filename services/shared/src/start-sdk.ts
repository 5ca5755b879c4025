import { context, diag, DiagLogLevel, ROOT_CONTEXT, type DiagLogFunction } from '@opentelemetry/api';
import { setGlobalErrorHandler } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { NodeSDK } from '@opentelemetry/sdk-node';
import type { OtelEnv } from './env-config';
import { UNTRACED_PATHS } from './http/untraced-paths';
import { logger } from './logger';
import { RateLimitedWarning } from './rate-limited-warning';
import { registerTelemetryShutdown } from './telemetry-shutdown';

const REPORT_INTERVAL_MS = 30_000;

/** Starts tracing: OTLP/gRPC export through a batch processor (OTEL_BSP_*), and the four instrumentations used. */
export function startSdk(otelEnv: OtelEnv): void {
  // Exporter failures (Tempo unreachable) and SDK warnings (a full span queue) are logged, but not once per span.
  // Written outside any span: the failure belongs to no request, so the line carries no trace_id.
  const warnOutsideSpans = (message: string, suppressed: number): void =>
    context.with(ROOT_CONTEXT, () => logger().warn({ suppressed }, message));
  const exportFailure = new RateLimitedWarning(
    (message, suppressed) => warnOutsideSpans(`trace export failed: ${message}`, suppressed),
    REPORT_INTERVAL_MS,
  );
  const sdkWarning = new RateLimitedWarning(
    (message, suppressed) => warnOutsideSpans(`opentelemetry: ${message}`, suppressed),
    REPORT_INTERVAL_MS,
  );
  setGlobalErrorHandler((error) => exportFailure.warn(error instanceof Error ? error.message : String(error)));
  const toWarning: DiagLogFunction = (message, ...args) => sdkWarning.warn([message, ...args.map(String)].join(' '));
  const ignore: DiagLogFunction = () => undefined;
  diag.setLogger({ error: toWarning, warn: toWarning, info: ignore, debug: ignore, verbose: ignore }, DiagLogLevel.WARN);

  const sdk = new NodeSDK({
    traceExporter: new OTLPTraceExporter({
      url: otelEnv.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? otelEnv.OTEL_EXPORTER_OTLP_ENDPOINT,
    }),
    // Only what the services use: each instrumentation costs start-up time and memory, and net/dns/fs are noise.
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.has((request.url ?? '').split('?')[0] ?? ''),
      }),
      // Only the route handler's span: one span per middleware and router would more than double the spans per
      // request (the cost of tracing grows with them) and say nothing the waterfall needs.
      new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE, ExpressLayerType.ROUTER] }),
      new UndiciInstrumentation(),
      new PinoInstrumentation({ disableLogSending: true }),
    ],
  });
  sdk.start();
  registerTelemetryShutdown(() => sdk.shutdown());
}
