import { TELEMETRY_DEFAULTS } from '@tracing-lab/contract';
import { readServicePackage } from '../service-package';

/**
 * Applies this project's OTEL_* defaults (TELEMETRY_DEFAULTS, in services/contract) where the environment sets
 * nothing, and the package name as OTEL_SERVICE_NAME, so `npm start` works without setting it.
 */
export function applyTelemetryDefaults(env: NodeJS.ProcessEnv = process.env): void {
  for (const [name, value] of Object.entries(TELEMETRY_DEFAULTS)) {
    if (!env[name]) env[name] = value;
  }
  if (!env.OTEL_SERVICE_NAME) env.OTEL_SERVICE_NAME = readServicePackage().name;
}
