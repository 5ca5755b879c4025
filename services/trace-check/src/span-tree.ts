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
  // Depth first without recursion, so a trace of any depth is placed (a recursive walk overflows the stack at about
  // 10,000 levels): a stack of spans still to place, each span's children pushed in reverse start order.
  const placed: PlacedSpan[] = [];
  const visited = new Set<string>();
  const pending: PlacedSpan[] = [...roots].sort(byStart).reverse().map((span) => ({ span, depth: 0 }));
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (visited.has(next.span.spanId)) continue; // a duplicate or a cycle in broken data; show each span once
    visited.add(next.span.spanId);
    placed.push(next);
    const depth = next.depth + 1;
    for (const child of [...(children.get(next.span.spanId) ?? [])].sort(byStart).reverse()) pending.push({ span: child, depth });
  }
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
