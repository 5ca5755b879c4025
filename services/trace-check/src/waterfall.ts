import { placeSpans } from './span-tree';
import type { TraceSpan } from './trace-span';

/** One row of the waterfall, also what `--json` prints per span. */
export interface WaterfallRow {
  service: string;
  name: string;
  kind: string;
  depth: number;
  spanId: string;
  parentSpanId: string | null;
  status: string;
  startOffsetMs: number;
  durationMs: number;
}

const ms = (ns: bigint): number => Number(ns) / 1e6;

/** Rows in tree order, times relative to the trace's first span. */
export function waterfallRows(spans: readonly TraceSpan[]): WaterfallRow[] {
  if (spans.length === 0) return [];
  const traceStart = spans.reduce((min, s) => (s.startNs < min ? s.startNs : min), spans[0]!.startNs);
  return placeSpans(spans).map(({ span, depth }) => ({
    service: span.service,
    name: span.name,
    kind: span.kind,
    depth,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId ?? null,
    status: span.status,
    startOffsetMs: ms(span.startNs - traceStart),
    durationMs: ms(span.endNs > span.startNs ? span.endNs - span.startNs : 0n),
  }));
}

/** The bar for one span: its position and length scaled to the whole trace, at least one cell. */
export function bar(startOffsetMs: number, durationMs: number, totalMs: number, width: number): string {
  const scale = totalMs > 0 ? width / totalMs : 0;
  const from = Math.min(width - 1, Math.floor(startOffsetMs * scale));
  const length = Math.max(1, Math.min(width - from, Math.round(durationMs * scale)));
  return ' '.repeat(from) + '█'.repeat(length) + ' '.repeat(width - from - length);
}

/**
 * The terminal waterfall: one line per span with service, span name (indented by depth in the tree),
 * start offset, duration, and a bar scaled to the trace; spans with status ERROR are marked.
 */
export function renderWaterfall(traceId: string, spans: readonly TraceSpan[], width = 40): string {
  const rows = waterfallRows(spans);
  const totalMs = rows.reduce((max, r) => Math.max(max, r.startOffsetMs + r.durationMs), 0);
  const names = rows.map((r) => '  '.repeat(r.depth) + r.name + (r.status === 'ERROR' ? ' [ERROR]' : ''));
  const serviceWidth = Math.max('SERVICE'.length, ...rows.map((r) => r.service.length));
  const nameWidth = Math.max('SPAN'.length, ...names.map((n) => n.length));
  const num = (v: number): string => `${v.toFixed(2)} ms`.padStart(11);
  const lines = [
    `trace ${traceId} · ${rows.length} span${rows.length === 1 ? '' : 's'} · ${totalMs.toFixed(2)} ms`,
    `${'SERVICE'.padEnd(serviceWidth)}  ${'SPAN'.padEnd(nameWidth)}  ${'START'.padStart(11)}  ${'DURATION'.padStart(11)}  `,
  ];
  rows.forEach((r, i) => {
    lines.push(
      `${r.service.padEnd(serviceWidth)}  ${names[i]!.padEnd(nameWidth)}  ${num(r.startOffsetMs)}  ${num(r.durationMs)}  ` +
        `|${bar(r.startOffsetMs, r.durationMs, totalMs, width)}|`,
    );
  });
  return lines.join('\n');
}
