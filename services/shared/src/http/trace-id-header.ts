import { trace } from '@opentelemetry/api';
import type { RequestHandler } from 'express';

export const TRACE_ID_HEADER = 'x-trace-id';

/** The id of the trace this request belongs to, or undefined when tracing is off. */
export function currentTraceId(): string | undefined {
  const context = trace.getActiveSpan()?.spanContext();
  return context && trace.isSpanContextValid(context) ? context.traceId : undefined;
}

/** Every response carries `x-trace-id`, so a person can paste it into Grafana. */
export const traceIdHeader: RequestHandler = (_req, res, next) => {
  const traceId = currentTraceId();
  if (traceId) res.setHeader(TRACE_ID_HEADER, traceId);
  next();
};
