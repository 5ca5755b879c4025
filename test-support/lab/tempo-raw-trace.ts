import { ECHO_SERVICE, LOG_SERVICE } from '@tracing-lab/contract';
/**
 * The oracle for tests that assert on spans: the Tempo stand-in's raw trace JSON, read with plain field access and
 * nothing from trace-check (services/trace-check), so that a misreading of Tempo's JSON shared by
 * trace-check and a test cannot pass unnoticed. Values stay as Tempo writes them (kinds and status codes by enum name,
 * attribute values as their one OTLP field); only ids are turned from base64 into the hex that x-trace-id uses.
 */

export interface RawSpan {
  /** Hex of the JSON's base64 `traceId`. */
  traceId: string;
  spanId: string;
  /** Undefined for a root span (no or empty `parentSpanId`). */
  parentSpanId: string | undefined;
  /** The resource's `service.name` stringValue. */
  service: string;
  /** The instrumentation scope that made the span (`scopeSpans[].scope.name`), e.g. `@opentelemetry/instrumentation-http`. */
  scope: string | undefined;
  name: string;
  /** As written, e.g. `SPAN_KIND_SERVER`; undefined when left out (SPAN_KIND_UNSPECIFIED). */
  kind: string | undefined;
  /** As written, e.g. `STATUS_CODE_ERROR`; undefined when left out (unset). */
  statusCode: string | undefined;
  /** Nanoseconds since the epoch, the strings Tempo writes (read them as numbers with `startNs`, `endNs`). */
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  /** Attribute key → the value's one field as written (`stringValue`, `intValue` as a string, `boolValue`, ...). */
  attributes: Record<string, unknown>;
  /** The span's events (e.g. `exception`), attributes read as for the span. */
  events: Array<{ name: string; attributes: Record<string, unknown> }>;
}

// Raw JSON, read field by field: a missing field reads as undefined, a wrong shape fails the test that reads it.
type Json = Record<string, any>;

const hex = (base64: string | undefined): string | undefined => (base64 ? Buffer.from(base64, 'base64').toString('hex') : undefined);

function attributeMap(list: Json[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of list ?? []) out[kv.key] = Object.values(kv.value ?? {})[0];
  return out;
}

/** The spans of `GET /api/v2/traces/<traceId>`; [] while the stand-in holds none (it answers an empty trace). */
export async function readRawSpans(tempoUrl: string, traceId: string): Promise<RawSpan[]> {
  const res = await fetch(`${tempoUrl}/api/v2/traces/${traceId}`);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET /api/v2/traces/${traceId} → ${res.status} ${text}`);
  const body = JSON.parse(text) as Json;
  const spans: RawSpan[] = [];
  for (const rs of (body.trace.resourceSpans ?? []) as Json[]) {
    const service = attributeMap(rs.resource?.attributes)['service.name'] as string;
    for (const ss of (rs.scopeSpans ?? []) as Json[]) {
      for (const s of (ss.spans ?? []) as Json[]) {
        spans.push({
          traceId: hex(s.traceId)!,
          spanId: hex(s.spanId)!,
          parentSpanId: hex(s.parentSpanId),
          service,
          scope: ss.scope?.name,
          name: s.name,
          kind: s.kind,
          statusCode: s.status?.code,
          startTimeUnixNano: s.startTimeUnixNano,
          endTimeUnixNano: s.endTimeUnixNano,
          attributes: attributeMap(s.attributes),
          events: ((s.events ?? []) as Json[]).map((e) => ({ name: e.name, attributes: attributeMap(e.attributes) })),
        });
      }
    }
  }
  return spans;
}

/** A span's start and end, in nanoseconds since the epoch. */
export const startNs = (span: RawSpan): bigint => BigInt(span.startTimeUnixNano);
export const endNs = (span: RawSpan): bigint => BigInt(span.endTimeUnixNano);

/** The span's chain of parents within `spans`, nearest first. */
export function ancestorsOf(span: RawSpan, spans: readonly RawSpan[]): RawSpan[] {
  const chain: RawSpan[] = [];
  let parent = spans.find((s) => s.spanId === span.parentSpanId);
  while (parent && !chain.includes(parent)) {
    chain.push(parent);
    const next = parent.parentSpanId;
    parent = spans.find((s) => s.spanId === next);
  }
  return chain;
}

const serverSpan = (spans: readonly RawSpan[], service: string): RawSpan | undefined =>
  spans.find((s) => s.service === service && s.kind === 'SPAN_KIND_SERVER');

/**
 * Whether `spans` hold the whole trace of one log-service request: echo-service's `POST /echo` server span nested,
 * through log-service's client span, under log-service's server span named `logServerName` (e.g. `GET /info`).
 */
export function isNestedTrace(spans: readonly RawSpan[], logServerName: string): boolean {
  const logServer = serverSpan(spans, LOG_SERVICE);
  const echoServer = serverSpan(spans, ECHO_SERVICE);
  if (logServer?.name !== logServerName || echoServer?.name !== 'POST /echo') return false;
  const client = spans.find((s) => s.spanId === echoServer.parentSpanId);
  return client?.service === LOG_SERVICE && client.kind === 'SPAN_KIND_CLIENT' && ancestorsOf(echoServer, spans).includes(logServer);
}
