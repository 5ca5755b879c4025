import { idToHex, SPAN_ID_BYTES, TRACE_ID_BYTES } from './ids';
import type { SpanKind, SpanStatusCode, TraceSpan } from './trace-span';

/**
 * Reads the trace JSON Tempo answers (OTLP JSON as gogo jsonpb writes it: base64 ids, 64-bit integers as strings,
 * enums by name) into flat TraceSpans: v2 `{"trace":{"resourceSpans":[...]}}` and v1 `{"batches":[...]}`; also older
 * Tempo's `instrumentationLibrarySpans`, enums by number and ids in hex.
 */

interface OtlpAnyValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
}
interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue;
}
interface OtlpEvent {
  name?: string;
  attributes?: OtlpKeyValue[];
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind?: string | number;
  startTimeUnixNano: string | number;
  endTimeUnixNano: string | number;
  attributes?: OtlpKeyValue[];
  status?: { code?: string | number; message?: string };
  events?: OtlpEvent[];
}
interface OtlpScopeSpans {
  spans?: OtlpSpan[];
}
interface OtlpResourceSpans {
  resource?: { attributes?: OtlpKeyValue[] };
  scopeSpans?: OtlpScopeSpans[];
  instrumentationLibrarySpans?: OtlpScopeSpans[];
}

const KINDS: readonly SpanKind[] = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];
const STATUS_CODES: readonly SpanStatusCode[] = ['UNSET', 'OK', 'ERROR'];

function enumValue<T extends string>(raw: string | number | undefined, names: readonly T[], prefix: string): T {
  if (raw === undefined) return names[0] as T;
  if (typeof raw === 'number') return names[raw] ?? (names[0] as T);
  const name = raw.startsWith(prefix) ? raw.slice(prefix.length) : raw;
  return (names as readonly string[]).includes(name) ? (name as T) : (names[0] as T);
}

function attributeValue(v: OtlpAnyValue | undefined): string | number | boolean | undefined {
  if (!v) return undefined;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.boolValue !== undefined) return v.boolValue;
  return undefined;
}

function attributes(list: OtlpKeyValue[] | undefined): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const kv of list ?? []) {
    const value = attributeValue(kv.value);
    if (value !== undefined) out[kv.key] = value;
  }
  return out;
}

/** A trace-by-id answer of Tempo, read. */
export interface TempoTraceAnswer {
  /** The trace's spans; [] when Tempo holds none for it (yet). */
  spans: TraceSpan[];
  /** Tempo's message when it answered `"status":"PARTIAL"` (the trace was cut short); undefined otherwise. */
  partialMessage: string | undefined;
}

function jsonObject(body: unknown, what: string): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error(`Tempo's ${what} is not a JSON object`);
  return body as Record<string, unknown>;
}

function resourceSpansList(value: unknown, what: string): OtlpResourceSpans[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Error(`Tempo's ${what} is not a list`);
  return value as OtlpResourceSpans[];
}

/**
 * `GET /api/v2/traces/<id>`: `{"trace":{"resourceSpans":[...]},"metrics":{...}}`, plus `"status":"PARTIAL"` and
 * `"message"` when Tempo cut the trace short. An unknown trace is `{"trace":{},...}` (Tempo answers 200, not 404).
 */
export function readTraceV2Answer(body: unknown): TempoTraceAnswer {
  const answer = jsonObject(body, 'v2 trace answer');
  if (!('trace' in answer)) throw new Error('Tempo\'s v2 trace answer has no "trace"');
  const trace = jsonObject(answer.trace, 'v2 "trace"');
  return {
    spans: flatten(resourceSpansList(trace.resourceSpans, 'v2 "trace.resourceSpans"')),
    partialMessage: answer.status === 'PARTIAL' ? String(answer.message ?? '') : undefined,
  };
}

/** `GET /api/traces/<id>` (v1): `{"batches":[...]}` (Tempo answers 404 for an unknown trace). */
export function readTraceV1Answer(body: unknown): TempoTraceAnswer {
  const answer = jsonObject(body, 'v1 trace answer');
  if (!Array.isArray(answer.batches)) throw new Error('Tempo\'s v1 trace answer has no "batches" list');
  return { spans: flatten(answer.batches as OtlpResourceSpans[]), partialMessage: undefined };
}

function flatten(resourceSpans: readonly OtlpResourceSpans[]): TraceSpan[] {
  const spans: TraceSpan[] = [];
  for (const rs of resourceSpans) {
    const service = String(attributes(rs.resource?.attributes)['service.name'] ?? 'unknown_service');
    for (const scope of rs.scopeSpans ?? rs.instrumentationLibrarySpans ?? []) {
      for (const s of scope.spans ?? []) {
        spans.push({
          traceId: idToHex(s.traceId, TRACE_ID_BYTES),
          spanId: idToHex(s.spanId, SPAN_ID_BYTES),
          // Tempo may write a root span's parent as "" (kept empty by its storage) or leave it out.
          parentSpanId: s.parentSpanId ? idToHex(s.parentSpanId, SPAN_ID_BYTES) : undefined,
          service,
          name: s.name,
          kind: enumValue(s.kind, KINDS, 'SPAN_KIND_'),
          startNs: BigInt(s.startTimeUnixNano),
          endNs: BigInt(s.endTimeUnixNano),
          status: enumValue(s.status?.code, STATUS_CODES, 'STATUS_CODE_'),
          statusMessage: s.status?.message || undefined,
          attributes: attributes(s.attributes),
          events: (s.events ?? []).map((e) => ({ name: e.name ?? '', attributes: attributes(e.attributes) })),
        });
      }
    }
  }
  return spans;
}
