import type { SpanEvent, TraceSpan } from './trace-span';

/** Attributes too long for a line of their own (an exception's stack); their first line is shown. */
const FIRST_LINE_ONLY = new Set(['exception.stacktrace']);

function value(key: string, raw: string | number | boolean): string {
  const text = typeof raw === 'string' ? raw : String(raw);
  if (!FIRST_LINE_ONLY.has(key)) return JSON.stringify(raw);
  const [first = ''] = text.split('\n');
  return `${JSON.stringify(first)}${text.includes('\n') ? ' …' : ''}`;
}

function keyValues(attributes: Record<string, string | number | boolean>): string[] {
  return Object.keys(attributes)
    .sort()
    .map((key) => `${key} = ${value(key, attributes[key]!)}`);
}

function event(e: SpanEvent): string[] {
  return [`event ${e.name}`, ...keyValues(e.attributes).map((line) => `  ${line}`)];
}

/**
 * What `--verbose` prints under a span's waterfall line: its kind, status (with its message), ids, then its
 * attributes sorted by key, then its events with theirs.
 */
export function spanDetails(span: TraceSpan): string[] {
  const status = span.statusMessage === undefined ? span.status : `${span.status} ${JSON.stringify(span.statusMessage)}`;
  const parent = span.parentSpanId === undefined ? 'a root span' : `parent ${span.parentSpanId}`;
  return [`kind ${span.kind} · status ${status} · span ${span.spanId}, ${parent}`, ...keyValues(span.attributes), ...span.events.flatMap(event)];
}
