import { ECHO_SERVICE } from '@tracing-lab/contract';
import { describe, expect, it } from 'vitest';
import { readTraceV1Answer, readTraceV2Answer } from '../src/tempo-trace';
import { ECHO_SERVER_ID, infoTraceSpecs, LOG_CLIENT_ID, tempoResourceSpans, tempoV2, TRACE_ID } from '../../../test-support/lab/tempo-trace-json';

// The answers below are written the way Tempo 2.10.8 writes them (see tools/tempo-standin, which is held to the same
// facts); the end-to-end suite reads the stand-in's real answers.
describe('trace-check reads the trace JSON Tempo answers', () => {
  it('flattens a v2 answer into spans with hex ids, services, kinds and nanosecond times', () => {
    const { spans, partialMessage } = readTraceV2Answer(tempoV2(infoTraceSpecs()));
    expect(spans).toHaveLength(3);
    expect(partialMessage).toBeUndefined();
    const echo = spans.find((s) => s.spanId === ECHO_SERVER_ID);
    expect(echo).toMatchObject({
      traceId: TRACE_ID,
      parentSpanId: LOG_CLIENT_ID,
      service: ECHO_SERVICE,
      name: 'POST /echo',
      kind: 'SERVER',
      status: 'UNSET',
      attributes: { 'http.route': '/echo' },
    });
    expect(echo!.endNs - echo!.startNs).toBe(10_000_000n);
    expect(spans.find((s) => s.name === 'GET /info')!.parentSpanId).toBeUndefined();
  });

  it('reads an empty v2 trace (Tempo\'s 200 answer for a trace it does not hold) as no spans', () => {
    expect(readTraceV2Answer({ trace: {}, metrics: {} })).toEqual({ spans: [], partialMessage: undefined });
    expect(readTraceV2Answer({ trace: { resourceSpans: [] }, metrics: {} }).spans).toEqual([]);
  });

  it('reads status PARTIAL with Tempo\'s message, and the spans that came with it', () => {
    const message = 'Trace exceeds maximum size of 5000000 bytes, a partial trace is returned';
    const answer = { ...(tempoV2(infoTraceSpecs()) as object), status: 'PARTIAL', message };
    const { spans, partialMessage } = readTraceV2Answer(answer);
    expect(partialMessage).toBe(message);
    expect(spans).toHaveLength(3);
  });

  it('reads the v1 answer\'s "batches", and older shapes (instrumentationLibrarySpans, numeric enums)', () => {
    expect(readTraceV1Answer({ batches: tempoResourceSpans(infoTraceSpecs()) }).spans).toHaveLength(3);
    const [logBatch] = tempoResourceSpans(infoTraceSpecs()) as Array<{ resource: unknown; scopeSpans: Array<{ spans: Array<Record<string, unknown>> }> }>;
    const old = {
      resource: logBatch!.resource,
      instrumentationLibrarySpans: [{ spans: logBatch!.scopeSpans[0]!.spans.map((s) => ({ ...s, kind: 3, status: { code: 2 } })) }],
    };
    expect(readTraceV1Answer({ batches: [old] }).spans.map((s) => [s.kind, s.status])).toEqual([
      ['CLIENT', 'ERROR'],
      ['CLIENT', 'ERROR'],
    ]);
  });

  it('reads a root span whose parent id is written as "" like one without it', () => {
    const [logBatch] = tempoResourceSpans(infoTraceSpecs()) as Array<{ scopeSpans: Array<{ spans: Array<Record<string, unknown>> }> }>;
    logBatch!.scopeSpans[0]!.spans[0]!.parentSpanId = '';
    expect(readTraceV1Answer({ batches: [logBatch] }).spans[0]!.parentSpanId).toBeUndefined();
  });

  it('reads span status ERROR with its message', () => {
    const specs = infoTraceSpecs().map((s) => (s.kind === 'SPAN_KIND_CLIENT' ? { ...s, error: true } : s));
    const client = readTraceV2Answer(tempoV2(specs)).spans.find((s) => s.kind === 'CLIENT');
    expect(client).toMatchObject({ status: 'ERROR', statusMessage: 'connect ECONNREFUSED' });
  });

  it('says what is wrong with an answer that is not a trace', () => {
    expect(() => readTraceV2Answer('trace not found')).toThrow(/v2 trace answer is not a JSON object/);
    expect(() => readTraceV2Answer({ traces: [] })).toThrow(/v2 trace answer has no "trace"/);
    expect(() => readTraceV2Answer({ trace: { resourceSpans: {} } })).toThrow(/"trace.resourceSpans" is not a list/);
    // v1 says "batches"; an answer with v2's key instead is not what Tempo writes on that route.
    expect(() => readTraceV1Answer({ resourceSpans: tempoResourceSpans(infoTraceSpecs()) })).toThrow(/v1 trace answer has no "batches" list/);
  });
});
