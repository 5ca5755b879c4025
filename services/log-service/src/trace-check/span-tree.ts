import type { TraceSpan } from './trace-span';

/** A span with its depth in the trace tree (0 for a root, or for a span whose parent has not arrived). */
export interface PlacedSpan {
  span: TraceSpan;
  depth: number;
}

const byStart = (a: TraceSpan, b: TraceSpan): number => (a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : 0);

/** Spans in waterfall order: depth first, children by start time; orphans (parent missing) start new subtrees. */
export function placeSpans(spans: readonly TraceSpan[]): PlacedSpan[] {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string, TraceSpan[]>();
  const roots: TraceSpan[] = [];
  for (const span of spans) {
    if (span.parentSpanId !== undefined && ids.has(span.parentSpanId) && span.parentSpanId !== span.spanId) {
      const siblings = children.get(span.parentSpanId) ?? [];
      siblings.push(span);
      children.set(span.parentSpanId, siblings);
    } else {
      roots.push(span);
    }
  }
  const placed: PlacedSpan[] = [];
  const visited = new Set<string>();
  const visit = (span: TraceSpan, depth: number): void => {
    if (visited.has(span.spanId)) return; // a duplicate or a cycle in broken data; show each span once
    visited.add(span.spanId);
    placed.push({ span, depth });
    for (const child of [...(children.get(span.spanId) ?? [])].sort(byStart)) visit(child, depth + 1);
  };
  for (const root of [...roots].sort(byStart)) visit(root, 0);
  return placed;
}

/** The chain of ancestors of a span inside the trace, nearest first; stops where a parent is missing. */
export function ancestorsOf(span: TraceSpan, spans: readonly TraceSpan[]): TraceSpan[] {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const chain: TraceSpan[] = [];
  let parentId = span.parentSpanId;
  while (parentId !== undefined && chain.length < spans.length) {
    const parent = byId.get(parentId);
    if (!parent) break;
    chain.push(parent);
    parentId = parent.parentSpanId;
  }
  return chain;
}
