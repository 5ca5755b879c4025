/**
 * The OpenTelemetry preload both services start with, before any application code:
 *
 *   node --require @tracing-lab/shared/instrumentation dist/server.js
 *
 * It must be loaded with --require (the services are CommonJS): instrumentations patch modules as they are
 * required, so express, http, undici and pino must not be loaded before `sdk.start()`. This is the only module
 * that starts the OpenTelemetry SDK (in start-sdk.ts, required only when tracing is on, so OTEL_SDK_DISABLED=true
 * costs no SDK loading); the services see the trace id and nothing else.
 */
import { loadEnvOrExit, otelEnvSchema } from './env-config';
import { applyTelemetryDefaults } from './telemetry-defaults';

applyTelemetryDefaults();
const otelEnv = loadEnvOrExit(otelEnvSchema);

if (!otelEnv.OTEL_SDK_DISABLED) {
  const { startSdk } = require('./start-sdk') as typeof import('./start-sdk');
  startSdk(otelEnv);
}
