import type { TextMapPropagator } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import type { OtelEnv } from '../env/otel-env';

/**
 * The propagator OTEL_PROPAGATORS names (validated in ../env/otel-env.ts), W3C trace context and baggage when unset,
 * as the specification's default. `none` alongside others is ignored, as the SDK ignores it; `none` alone sends and
 * reads no context at all: a service set up so starts a new trace for every request it receives and lets none
 * continue past its calls (docs/debugging.md, broken propagation).
 */
export function propagatorFromEnv(env: Pick<OtelEnv, 'OTEL_PROPAGATORS'>): TextMapPropagator {
  const names = env.OTEL_PROPAGATORS ?? ['tracecontext', 'baggage'];
  const propagators: TextMapPropagator[] = [];
  if (names.includes('tracecontext')) propagators.push(new W3CTraceContextPropagator());
  if (names.includes('baggage')) propagators.push(new W3CBaggagePropagator());
  return new CompositePropagator({ propagators });
}
