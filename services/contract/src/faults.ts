/**
 * The faults the lab can be broken with on purpose (docs/debugging.md), each off by default: the chart's `faults`
 * values and make demo's DEMO_* variables set them; trace-check fails with each in its own words.
 */

/** What echo-service reads (its env schema, services/echo-service/src/env.ts). */
export const ECHO_FAULT_ENV = {
  /** Milliseconds echo-service waits before it answers `/echo`. */
  latencyMs: 'FAULT_LATENCY_MS',
  /** The share of `/echo` requests echo-service answers 500, from 0 to 1. */
  errorRatio: 'FAULT_ERROR_RATIO',
} as const;

/**
 * OTEL_PROPAGATORS: which trace context a service sends and reads (the OpenTelemetry variable, read by the telemetry
 * preload). The lab's is W3C trace context and baggage; `none` is the broken-propagation fault: log-service then
 * sends echo-service no `traceparent`, and each request becomes two traces.
 */
export const PROPAGATORS = { lab: 'tracecontext,baggage', none: 'none' } as const;
