import { idToHex, SPAN_ID_BYTES, TRACE_ID_BYTES } from './ids';
import type { SpanKind, SpanStatusCode, TraceSpan } from './trace-span';

/**
 * Reads the trace JSON Tempo answers (OTLP as protojson) into flat TraceSpans. Accepts:
 * `/api/v2/traces/<id>` → `{"trace":{"resourceSpans":[...]}}`, `/api/traces/<id>` → `{"resourceSpans":[...]}`,
 * older Tempo's `{"batches":[...]}` and `instrumentationLibrarySpans`; enums by name or number; ids in base64 or hex.
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
}
interface OtlpScopeSpans {
  spans?: OtlpSpan[];
}
interface OtlpResourceSpans {
  resource?: { attributes?: OtlpKeyValue[] };
  scopeSpans?: OtlpScopeSpans[];
  instrumentationLibrarySpans?: OtlpScopeSpans[];
}
interface OtlpTrace {
  resourceSpans?: OtlpResourceSpans[];
  batches?: OtlpResourceSpans[];
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

/** The OTLP trace object inside a Tempo answer (v1 or v2), or throws when the JSON has neither shape. */
export function unwrapTempoTrace(body: unknown): OtlpTrace {
  if (typeof body !== 'object' || body === null) throw new Error('Tempo answered something that is not a JSON object');
  const candidate = 'trace' in body ? (body as { trace: unknown }).trace : body;
  if (typeof candidate !== 'object' || candidate === null) throw new Error('Tempo answer has no trace object');
  const trace = candidate as OtlpTrace;
  if (!Array.isArray(trace.resourceSpans) && !Array.isArray(trace.batches)) {
    throw new Error('Tempo answer has neither "resourceSpans" nor "batches"');
  }
  return trace;
}

/** Flattens a Tempo trace answer into spans. */
export function spansOfTempoTrace(body: unknown): TraceSpan[] {
  const trace = unwrapTempoTrace(body);
  const spans: TraceSpan[] = [];
  for (const rs of trace.resourceSpans ?? trace.batches ?? []) {
    const service = String(attributes(rs.resource?.attributes)['service.name'] ?? 'unknown_service');
    for (const scope of rs.scopeSpans ?? rs.instrumentationLibrarySpans ?? []) {
      for (const s of scope.spans ?? []) {
        spans.push({
          traceId: idToHex(s.traceId, TRACE_ID_BYTES),
          spanId: idToHex(s.spanId, SPAN_ID_BYTES),
          parentSpanId: s.parentSpanId ? idToHex(s.parentSpanId, SPAN_ID_BYTES) : undefined,
          service,
          name: s.name,
          kind: enumValue(s.kind, KINDS, 'SPAN_KIND_'),
          startNs: BigInt(s.startTimeUnixNano),
          endNs: BigInt(s.endTimeUnixNano),
          status: enumValue(s.status?.code, STATUS_CODES, 'STATUS_CODE_'),
          statusMessage: s.status?.message || undefined,
          attributes: attributes(s.attributes),
        });
      }
    }
  }
  return spans;
}
