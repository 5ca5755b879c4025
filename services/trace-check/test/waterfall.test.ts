import { LOG_SERVICE } from '@tracing-lab/contract';
import { describe, expect, it } from 'vitest';
import { placeSpans } from '../src/span-tree';
import { readTraceV2Answer } from '../src/tempo-trace';
import type { TraceSpan } from '../src/trace-span';
import { bar, CLIPPED_FOOTNOTE, renderWaterfall, waterfallRows } from '../src/waterfall';
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
    const text = renderWaterfall(TRACE_ID, readTraceV2Answer(tempoV2(specs)).spans, { width: 40 });
    expect(text.split('\n')).toEqual([
      `trace ${TRACE_ID} · 3 spans · 40.00 ms`,
      'SERVICE       SPAN                  START     DURATION  ',
      `log-service   GET /info           0.00 ms     40.00 ms  |${'█'.repeat(40)}|`,
      `log-service     POST [ERROR]      5.00 ms     20.00 ms  |${' '.repeat(5)}${'█'.repeat(20)}${' '.repeat(15)}|`,
      `echo-service      POST /echo      8.00 ms     10.00 ms  |${' '.repeat(8)}${'█'.repeat(10)}${' '.repeat(22)}|`,
    ]);
  });

  it('clips a child that ends less than 1 ms after its parent at the parent\'s end, and says so (start times are whole ms)', () => {
    // echo-service's span ends 0.5 ms after the client span: within the precision of the recorded starts.
    const specs = infoTraceSpecs().map((s) => (s.spanId === ECHO_SERVER_ID ? { ...s, startMs: 15, durationMs: 10.5 } : s));
    const rows = waterfallRows(readTraceV2Answer(tempoV2(specs)).spans);
    const echo = rows.find((r) => r.spanId === ECHO_SERVER_ID)!;
    expect([echo.endsAfterParentMs, echo.clipped, echo.durationMs]).toEqual([0.5, true, 10.5]);
    expect(rows.filter((r) => r.spanId !== ECHO_SERVER_ID).map((r) => [r.endsAfterParentMs, r.clipped])).toEqual([[null, false], [null, false]]);
    const lines = renderWaterfall(TRACE_ID, readTraceV2Answer(tempoV2(specs)).spans, { width: 40 }).split('\n');
    // The numbers stay as recorded; the bar stops where the parent's does (cells 15 to 25 of 40).
    expect(lines[4]).toBe(`echo-service      POST /echo     15.00 ms     10.50 ms  |${' '.repeat(15)}${'█'.repeat(10)}${' '.repeat(15)}|  clipped: ends 0.50 ms after its parent`);
    expect(lines.at(-1)).toBe(CLIPPED_FOOTNOTE);
  });

  it('draws a child that ends 1 ms or more after its parent as recorded, and says so (a call its caller gave up on)', () => {
    const specs = infoTraceSpecs().map((s) => (s.spanId === ECHO_SERVER_ID ? { ...s, durationMs: 30 } : s));
    const rows = waterfallRows(readTraceV2Answer(tempoV2(specs)).spans);
    expect(rows.map((r) => [r.endsAfterParentMs, r.clipped])).toEqual([[null, false], [null, false], [13, false]]);
    const lines = renderWaterfall(TRACE_ID, readTraceV2Answer(tempoV2(specs)).spans, { width: 40 }).split('\n');
    expect(lines[4]).toBe(`echo-service      POST /echo      8.00 ms     30.00 ms  |${' '.repeat(8)}${'█'.repeat(30)}${' '.repeat(2)}|  ends 13.00 ms after its parent`);
    expect(lines).not.toContain(CLIPPED_FOOTNOTE);
  });

  it('with verbose, lists each span\'s kind, status, attributes (sorted) and events under its line', () => {
    const spans = readTraceV2Answer(tempoV2(infoTraceSpecs().map((s) => (s.spanId === LOG_CLIENT_ID ? { ...s, error: true } : s)))).spans;
    const client = spans.find((s) => s.spanId === LOG_CLIENT_ID)!;
    client.attributes = { 'url.full': 'http://echo-service:8080/echo', 'http.response.status_code': 502 };
    client.events = [{ name: 'exception', attributes: { 'exception.message': 'connect ECONNREFUSED', 'exception.stacktrace': 'Error: connect ECONNREFUSED\n    at x' } }];
    const lines = renderWaterfall(TRACE_ID, spans, { width: 10, verbose: true }).split('\n');
    const at = lines.findIndex((l) => l.startsWith('log-service     POST [ERROR]'));
    expect(lines.slice(at + 1, at + 7)).toEqual([
      `                  kind CLIENT · status ERROR "connect ECONNREFUSED" · span ${LOG_CLIENT_ID}, parent ${LOG_SERVER_ID}`,
      '                  http.response.status_code = 502',
      '                  url.full = "http://echo-service:8080/echo"',
      '                  event exception',
      '                    exception.message = "connect ECONNREFUSED"',
      '                    exception.stacktrace = "Error: connect ECONNREFUSED" …',
    ]);
    expect(lines[at + 7]).toMatch(/^echo-service {6}POST \/echo/);
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
      events: [],
    }));
    const placed = placeSpans([...chain].reverse());
    expect(placed.map((p) => p.depth)).toEqual(chain.map((_, i) => i));
    expect(placed.map((p) => p.span)).toEqual(chain);
  });
});
