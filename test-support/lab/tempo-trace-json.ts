import { ECHO_SERVICE, LOG_SERVICE } from '@tracing-lab/contract';
/**
 * Builds Tempo-shaped trace JSON for the trace-check tests, as Tempo answers /api/v2/traces/<id>:
 * OTLP JSON as gogo jsonpb writes it — base64 ids, nanosecond times as strings, enums by name, one resourceSpans per
 * service batch.
 */

export const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
export const LOG_SERVER_ID = '00f067aa0ba902b7';
export const LOG_CLIENT_ID = '00f067aa0ba902b8';
export const ECHO_SERVER_ID = '00f067aa0ba902b9';

const b64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64');

export interface SpanSpec {
  service: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: 'SPAN_KIND_SERVER' | 'SPAN_KIND_CLIENT' | 'SPAN_KIND_INTERNAL';
  startMs: number;
  durationMs: number;
  route?: string;
  error?: boolean;
  traceId?: string;
}

const BASE_NS = 1_764_000_000_000_000_000n;

/** One resourceSpans per service, in the order the specs first name them. */
export function tempoResourceSpans(specs: readonly SpanSpec[]): unknown[] {
  const services = [...new Set(specs.map((s) => s.service))];
  return services.map((service) => ({
    resource: {
      attributes: [
        { key: 'service.name', value: { stringValue: service } },
        { key: 'telemetry.sdk.language', value: { stringValue: 'nodejs' } },
      ],
    },
    scopeSpans: [
      {
        scope: { name: '@opentelemetry/instrumentation-http', version: '0.301.0' },
        spans: specs
          .filter((s) => s.service === service)
          .map((s) => ({
            traceId: b64(s.traceId ?? TRACE_ID),
            spanId: b64(s.spanId),
            ...(s.parentSpanId ? { parentSpanId: b64(s.parentSpanId) } : {}),
            name: s.name,
            kind: s.kind,
            startTimeUnixNano: String(BASE_NS + BigInt(Math.round(s.startMs * 1e6))),
            endTimeUnixNano: String(BASE_NS + BigInt(Math.round((s.startMs + s.durationMs) * 1e6))),
            attributes: s.route ? [{ key: 'http.route', value: { stringValue: s.route } }] : [],
            status: s.error ? { code: 'STATUS_CODE_ERROR', message: 'connect ECONNREFUSED' } : {},
          })),
      },
    ],
  }));
}

/** `GET /api/v2/traces/<id>` answer. */
export const tempoV2 = (specs: readonly SpanSpec[]): unknown => ({ trace: { resourceSpans: tempoResourceSpans(specs) }, metrics: {} });

/** The trace of a healthy `GET /info`: server span → client span → echo-service server span. */
export function infoTraceSpecs(): SpanSpec[] {
  return [
    { service: LOG_SERVICE, spanId: LOG_SERVER_ID, name: 'GET /info', kind: 'SPAN_KIND_SERVER', startMs: 0, durationMs: 40, route: '/info' },
    { service: LOG_SERVICE, spanId: LOG_CLIENT_ID, parentSpanId: LOG_SERVER_ID, name: 'POST', kind: 'SPAN_KIND_CLIENT', startMs: 5, durationMs: 20 },
    { service: ECHO_SERVICE, spanId: ECHO_SERVER_ID, parentSpanId: LOG_CLIENT_ID, name: 'POST /echo', kind: 'SPAN_KIND_SERVER', startMs: 8, durationMs: 10, route: '/echo' },
  ];
}
