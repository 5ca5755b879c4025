import { trace, TraceFlags } from '@opentelemetry/api';
import { TRACE_ID_HEADER, TRACE_RESPONSE_HEADER } from '@tracing-lab/contract';
import type { RequestHandler } from 'express';

/** The id of the trace this request belongs to, or undefined when tracing is off. */
export function currentTraceId(): string | undefined {
  const context = trace.getActiveSpan()?.spanContext();
  return context && trace.isSpanContextValid(context) ? context.traceId : undefined;
}

/**
 * Every response carries `x-trace-id`, so a person can paste it into Grafana, and `traceresponse`, so a client (the
 * trace check) knows whether that trace will exist at all.
 */
export const traceIdHeader: RequestHandler = (_req, res, next) => {
  const context = trace.getActiveSpan()?.spanContext();
  if (context && trace.isSpanContextValid(context)) {
    const sampled = (context.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
    res.setHeader(TRACE_ID_HEADER, context.traceId);
    res.setHeader(TRACE_RESPONSE_HEADER, `00-${context.traceId}-${context.spanId}-${sampled ? '01' : '00'}`);
  }
  next();
};
