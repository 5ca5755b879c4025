import { context, diag, DiagLogLevel, propagation, ROOT_CONTEXT, trace, type DiagLogFunction } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { setGlobalErrorHandler } from '@opentelemetry/core';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { defaultResource, detectResources, envDetector, hostDetector, processDetector } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { OtelEnv } from '../env/otel-env';
import { UNTRACED_PATHS } from './untraced-paths';
import { logger } from '../logger';
import { LazySpanExporter } from './lazy-span-exporter';
import { RateLimitedWarning } from './rate-limited-warning';
import { RateLimitedWarningsByKind } from './rate-limited-warnings-by-kind';
import { propagatorFromEnv } from './propagator-from-env';
import { samplerFromEnv } from './sampler-from-env';
import { registerTelemetryShutdown } from './telemetry-shutdown';

const REPORT_INTERVAL_MS = 30_000;

/**
 * Starts tracing: a tracer provider with the OTEL_* sampler and resource, OTLP/gRPC export through a batch
 * processor (OTEL_BSP_*), the OTEL_PROPAGATORS propagation (W3C trace context and baggage by default), and the four
 * instrumentations the services use.
 *
 * Built from the SDK's parts rather than NodeSDK, which loads every exporter it could be configured with (logs,
 * metrics, zipkin, prometheus, …) and so roughly doubled start-up time; see docs/benchmarks.md.
 */
export function startSdk(otelEnv: OtelEnv): void {
  // Exporter failures (Tempo unreachable) and SDK warnings (a full span queue) are logged, but not once per span.
  // Written outside any span: the failure belongs to no request, so the line carries no trace_id.
  const warnOutsideSpans = (message: string, suppressed: number): void =>
    context.with(ROOT_CONTEXT, () => logger().warn({ suppressed }, message));
  const exportFailure = new RateLimitedWarning(
    (message, suppressed) => warnOutsideSpans(`trace export failed: ${message}`, suppressed),
    REPORT_INTERVAL_MS,
  );
  // Held back per kind: a recurring SDK warning (a full span queue) must not hide a different one.
  const sdkWarning = new RateLimitedWarningsByKind(
    (message, suppressed) => warnOutsideSpans(`opentelemetry: ${message}`, suppressed),
    REPORT_INTERVAL_MS,
  );
  setGlobalErrorHandler((error) => exportFailure.warn(error instanceof Error ? error.message : String(error)));
  const toWarning: DiagLogFunction = (message, ...args) => sdkWarning.warn([message, ...args.map(String)].join(' '));
  const ignore: DiagLogFunction = () => undefined;
  diag.setLogger({ error: toWarning, warn: toWarning, info: ignore, debug: ignore, verbose: ignore }, DiagLogLevel.WARN);

  const exporter = new LazySpanExporter(() => {
    const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-grpc') as typeof import('@opentelemetry/exporter-trace-otlp-grpc');
    return new OTLPTraceExporter({ url: otelEnv.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? otelEnv.OTEL_EXPORTER_OTLP_ENDPOINT });
  });
  const provider = new TracerProvider({
    resource: defaultResource().merge(detectResources({ detectors: [envDetector, hostDetector, processDetector] })),
    sampler: samplerFromEnv(otelEnv),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter,
        maxQueueSize: otelEnv.OTEL_BSP_MAX_QUEUE_SIZE,
        maxExportBatchSize: otelEnv.OTEL_BSP_MAX_EXPORT_BATCH_SIZE,
        scheduledDelayMillis: otelEnv.OTEL_BSP_SCHEDULE_DELAY,
        exportTimeoutMillis: otelEnv.OTEL_BSP_EXPORT_TIMEOUT,
      }),
    ],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(propagatorFromEnv(otelEnv));
  trace.setGlobalTracerProvider(provider);

  registerInstrumentations({
    tracerProvider: provider,
    // Only what the services use: each instrumentation costs start-up time and memory, and net/dns/fs are noise.
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.has((request.url ?? '').split('?')[0] ?? ''),
      }),
      // Express names the server span by its route (`GET /info`, `http.route`) and records no spans of its own:
      // a span per middleware and router would more than double the spans per request, and the route handler's
      // span alone cost about a third of tracing's CPU in echo-service (docs/benchmarks.md). Handler errors are
      // recorded on the server span instead (../http/error-handler.ts).
      new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE, ExpressLayerType.ROUTER, ExpressLayerType.REQUEST_HANDLER] }),
      new UndiciInstrumentation(),
      new PinoInstrumentation({ disableLogSending: true }),
    ],
  });
  registerTelemetryShutdown(() => provider.shutdown());
  // After the instrumentations: the logger loads pino, which must be patched first.
  if (otelEnv.OTEL_PROPAGATORS?.every((name) => name === 'none')) {
    warnOutsideSpans('OTEL_PROPAGATORS=none: this service sends and reads no trace context, so each call it makes starts a trace of its own', 0);
  }
}
