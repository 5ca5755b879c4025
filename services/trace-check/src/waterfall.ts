import { spanDetails } from './span-details';
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
  /** How far the span ends after its parent's end, when it does (its parent in the trace); else null. */
  endsAfterParentMs: number | null;
  /** Whether the bar is drawn cut at the parent's end (see CLIPPED_BELOW_MS); the numbers stay as recorded. */
  clipped: boolean;
}

/**
 * A child that ends less than this after its parent is drawn clipped at the parent's end, and said to be; one that ends
 * later is drawn as recorded (a call whose caller stopped waiting while the callee kept working outlasts it by more). Below it the recorded times cannot
 * tell the order (docs/trace-check.md#span-start-times): the OpenTelemetry JS SDK records the start of a span started
 * without an explicit time (every span of the lab's instrumentations) from `Date.now()`, in whole milliseconds, and its
 * duration from the monotonic clock; and echo-service's server span ends when its answer has gone out, about when
 * log-service's client span ends on reading it.
 */
export const CLIPPED_BELOW_MS = 1;

const ms = (ns: bigint): number => Number(ns) / 1e6;

/** Rows in tree order, times relative to the trace's first span. */
export function waterfallRows(spans: readonly TraceSpan[]): WaterfallRow[] {
  if (spans.length === 0) return [];
  const traceStart = spans.reduce((min, s) => (s.startNs < min ? s.startNs : min), spans[0]!.startNs);
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  return placeSpans(spans).map(({ span, depth }) => {
    const parent = span.parentSpanId === undefined ? undefined : byId.get(span.parentSpanId);
    const overrunMs = parent !== undefined && parent !== span && span.endNs > parent.endNs ? ms(span.endNs - parent.endNs) : null;
    return {
      service: span.service,
      name: span.name,
      kind: span.kind,
      depth,
      spanId: span.spanId,
      parentSpanId: span.parentSpanId ?? null,
      status: span.status,
      startOffsetMs: ms(span.startNs - traceStart),
      durationMs: ms(span.endNs > span.startNs ? span.endNs - span.startNs : 0n),
      endsAfterParentMs: overrunMs,
      clipped: overrunMs !== null && overrunMs < CLIPPED_BELOW_MS,
    };
  });
}

/** The length a row's bar is drawn with: its duration, less what is clipped at its parent's end. */
export function drawnDurationMs(row: WaterfallRow): number {
  return row.clipped ? Math.max(0, row.durationMs - (row.endsAfterParentMs ?? 0)) : row.durationMs;
}

/** What a row says about its end after its parent's, or '' when it ends within it. */
export function overrunNote(row: WaterfallRow): string {
  if (row.endsAfterParentMs === null) return '';
  const after = `ends ${row.endsAfterParentMs.toFixed(2)} ms after its parent`;
  return row.clipped ? `clipped: ${after}` : after;
}

/** The bar for one span: its position and length scaled to the whole trace, at least one cell. */
export function bar(startOffsetMs: number, durationMs: number, totalMs: number, width: number): string {
  const scale = totalMs > 0 ? width / totalMs : 0;
  const from = Math.min(width - 1, Math.floor(startOffsetMs * scale));
  const length = Math.max(1, Math.min(width - from, Math.round(durationMs * scale)));
  return ' '.repeat(from) + '█'.repeat(length) + ' '.repeat(width - from - length);
}

/** The whole trace's length: from its first start to its last end. */
export function traceLengthMs(rows: readonly WaterfallRow[]): number {
  return rows.reduce((max, r) => Math.max(max, r.startOffsetMs + r.durationMs), 0);
}

export interface WaterfallOptions {
  /** Bar width in characters. */
  width?: number;
  /** Each span's status, attributes and events under its line (`--verbose`). */
  verbose?: boolean;
}

/** The footnote under a waterfall with a clipped bar. */
export const CLIPPED_FOOTNOTE =
  `clipped: the bar is cut at its parent's end. Span starts are recorded in whole milliseconds and a server span ends about when its caller has read the answer, so a child can seem to end up to ${CLIPPED_BELOW_MS} ms after its parent (docs/trace-check.md#span-start-times)`;

/**
 * The terminal waterfall: one line per span with service, span name (indented by depth in the tree),
 * start offset, duration, and a bar scaled to the trace; spans with status ERROR are marked, and a span that ends
 * after its parent says so.
 */
export function renderWaterfall(traceId: string, spans: readonly TraceSpan[], { width = 40, verbose = false }: WaterfallOptions = {}): string {
  const rows = waterfallRows(spans);
  const placed = placeSpans(spans);
  const totalMs = traceLengthMs(rows);
  const names = rows.map((r) => '  '.repeat(r.depth) + r.name + (r.status === 'ERROR' ? ' [ERROR]' : ''));
  const serviceWidth = Math.max('SERVICE'.length, ...rows.map((r) => r.service.length));
  const nameWidth = Math.max('SPAN'.length, ...names.map((n) => n.length));
  const num = (v: number): string => `${v.toFixed(2)} ms`.padStart(11);
  const lines = [
    `trace ${traceId} · ${rows.length} span${rows.length === 1 ? '' : 's'} · ${totalMs.toFixed(2)} ms`,
    `${'SERVICE'.padEnd(serviceWidth)}  ${'SPAN'.padEnd(nameWidth)}  ${'START'.padStart(11)}  ${'DURATION'.padStart(11)}  `,
  ];
  rows.forEach((r, i) => {
    const note = overrunNote(r);
    lines.push(
      `${r.service.padEnd(serviceWidth)}  ${names[i]!.padEnd(nameWidth)}  ${num(r.startOffsetMs)}  ${num(r.durationMs)}  ` +
        `|${bar(r.startOffsetMs, drawnDurationMs(r), totalMs, width)}|${note ? `  ${note}` : ''}`,
    );
    if (verbose) {
      const indent = ' '.repeat(serviceWidth + 2) + '  '.repeat(r.depth) + '  ';
      for (const detail of spanDetails(placed[i]!.span)) lines.push(`${indent}${detail}`);
    }
  });
  if (rows.some((r) => r.clipped)) lines.push(CLIPPED_FOOTNOTE);
  return lines.join('\n');
}
