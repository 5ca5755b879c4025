import type { Logger } from 'pino';

/**
 * The one pino logger of a service: JSON lines on stdout. With the telemetry preload active, the pino
 * instrumentation adds `trace_id`, `span_id` and `trace_flags` to lines written inside a span.
 *
 * pino is required lazily: the telemetry preload imports this module before the SDK has patched pino, and a
 * module loaded before its instrumentation is enabled stays unpatched.
 */
let instance: Logger | undefined;

export function logger(): Logger {
  if (!instance) {
    const pino = require('pino') as typeof import('pino');
    instance = pino.pino({
      level: process.env.LOG_LEVEL ?? 'info',
      base: { service: process.env.OTEL_SERVICE_NAME, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
    });
  }
  return instance;
}
