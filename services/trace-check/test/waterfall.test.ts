import { LOG_SERVICE } from '@tracing-lab/contract';
import { describe, expect, it } from 'vitest';
import { placeSpans } from '../src/span-tree';
import { readTraceV2Answer } from '../src/tempo-trace';
import type { TraceSpan } from '../src/trace-span';
import { bar, renderWaterfall, waterfallRows } from '../src/waterfall';
import { ECHO_SERVER_ID, infoTraceSpecs, LOG_CLIENT_ID, LOG_SERVER_ID, tempoV2, TRACE_ID, type SpanSpec } from '../../../test-support/lab/tempo-trace-json';

// Tempo returns batches per service, so the echo-service span comes first here; the waterfall must still nest it.
const shuffled = (): SpanSpec[] => [...infoTraceSpecs()].reverse();

describe('trace-check waterfall', () => {
  it('orders spans as a tree with depths and offsets from the trace start', () => {
    const rows = waterfallRows(readTraceV2Answer(tempoV2(shuffled())).spans);
    expect(rows.map((r) => [r.spanId, r.depth, r.startOffsetMs, r.durationMs])).toEqual([
      [LOG_SERVER_ID, 0, 0, 40],
      [LOG_CLIENT_ID, 1, 5, 20],
      [ECHO_SERVER_ID, 2, 8, 10],
    ]);
  });

  it('scales bars to the trace: position by start offset, length by duration, at least one cell', () => {
    expect(bar(0, 40, 40, 40)).toBe('█'.repeat(40));
    expect(bar(5, 20, 40, 40)).toBe(`${' '.repeat(5)}${'█'.repeat(20)}${' '.repeat(15)}`);
    expect(bar(39.9, 0.001, 40, 40)).toBe(`${' '.repeat(39)}█`);
    expect(bar(0, 0, 0, 10)).toBe(`█${' '.repeat(9)}`);
  });

  it('renders service, indented span name, start, duration and bar; marks ERROR spans', () => {
    const specs = shuffled().map((s) => (s.spanId === LOG_CLIENT_ID ? { ...s, error: true } : s));
    const text = renderWaterfall(TRACE_ID, readTraceV2Answer(tempoV2(specs)).spans, 40);
    expect(text.split('\n')).toEqual([
      `trace ${TRACE_ID} · 3 spans · 40.00 ms`,
      'SERVICE       SPAN                  START     DURATION  ',
      `log-service   GET /info           0.00 ms     40.00 ms  |${'█'.repeat(40)}|`,
      `log-service     POST [ERROR]      5.00 ms     20.00 ms  |${' '.repeat(5)}${'█'.repeat(20)}${' '.repeat(15)}|`,
      `echo-service      POST /echo      8.00 ms     10.00 ms  |${' '.repeat(8)}${'█'.repeat(10)}${' '.repeat(22)}|`,
    ]);
  });

  it('shows a span whose parent never arrived as a root of its own subtree', () => {
    const rows = waterfallRows(readTraceV2Answer(tempoV2(infoTraceSpecs().filter((s) => s.spanId !== LOG_CLIENT_ID))).spans);
    expect(rows.map((r) => [r.name, r.depth])).toEqual([
      ['GET /info', 0],
      ['POST /echo', 0],
    ]);
  });

  it('places a trace of any depth (a chain 20,000 spans deep, deeper than a recursive walk survives)', () => {
    const depth = 20_000;
    const chain: TraceSpan[] = Array.from({ length: depth }, (_, i) => ({
      traceId: TRACE_ID,
      spanId: i.toString(16).padStart(16, '0'),
      parentSpanId: i === 0 ? undefined : (i - 1).toString(16).padStart(16, '0'),
      service: LOG_SERVICE,
      name: `level ${i}`,
      kind: 'INTERNAL',
      startNs: BigInt(i),
      endNs: BigInt(2 * depth - i),
      status: 'UNSET',
      statusMessage: undefined,
      attributes: {},
    }));
    const placed = placeSpans([...chain].reverse());
    expect(placed.map((p) => p.depth)).toEqual(chain.map((_, i) => i));
    expect(placed.map((p) => p.span)).toEqual(chain);
  });
});
