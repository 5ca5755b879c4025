/** One span of a trace, as trace-check reasons about it: ids in hex, times in nanoseconds, service from the resource. */
export interface TraceSpan {
  traceId: string;
  spanId: string;
  /** Undefined for a root span. */
  parentSpanId: string | undefined;
  service: string;
  name: string;
  kind: SpanKind;
  startNs: bigint;
  endNs: bigint;
  status: SpanStatusCode;
  statusMessage: string | undefined;
  attributes: Record<string, string | number | boolean>;
  /** The span's events in the order recorded, e.g. `exception` with `exception.message`. */
  events: SpanEvent[];
}

export interface SpanEvent {
  name: string;
  attributes: Record<string, string | number | boolean>;
}

export type SpanKind = 'UNSPECIFIED' | 'INTERNAL' | 'SERVER' | 'CLIENT' | 'PRODUCER' | 'CONSUMER';
export type SpanStatusCode = 'UNSET' | 'OK' | 'ERROR';
