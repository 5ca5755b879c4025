/**
 * The OpenTelemetry preload both services start with, before any application code (SERVICE_START_COMMAND in
 * services/contract):
 *
 *   node --require @tracing-lab/shared/instrumentation dist/server.js
 *
 * It must be loaded with --require (the services are CommonJS): instrumentations patch modules as they are
 * required, so express, http, undici and pino must not be loaded before the tracer provider is registered. This
 * folder, telemetry/, is the only code that knows the OpenTelemetry SDK (start-sdk.ts, required only when tracing is
 * on, so OTEL_SDK_DISABLED=true costs no SDK loading); the services see the trace id and nothing else.
 */
import { otelEnvSchema } from '../env/otel-env';
import { loadEnvOrExit } from '../env/load-env';
import { applyTelemetryDefaults } from './telemetry-defaults';

applyTelemetryDefaults();
const otelEnv = loadEnvOrExit(otelEnvSchema);

if (!otelEnv.OTEL_SDK_DISABLED) {
  const { startSdk } = require('./start-sdk') as typeof import('./start-sdk');
  startSdk(otelEnv);
}
