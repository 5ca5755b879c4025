import { describe, expect, it } from 'vitest';
import { spansOfTempoTrace } from '../src/trace-check/tempo-trace';
import { ECHO_SERVER_ID, infoTraceSpecs, LOG_CLIENT_ID, tempoResourceSpans, tempoV2, TRACE_ID } from './trace-check-tempo-json';

describe('trace-check reads the trace JSON Tempo answers', () => {
  it('flattens a v2 answer into spans with hex ids, services, kinds and nanosecond times', () => {
    const spans = spansOfTempoTrace(tempoV2(infoTraceSpecs()));
    expect(spans).toHaveLength(3);
    const echo = spans.find((s) => s.spanId === ECHO_SERVER_ID);
    expect(echo).toMatchObject({
      traceId: TRACE_ID,
      parentSpanId: LOG_CLIENT_ID,
      service: 'echo-service',
      name: 'POST /echo',
      kind: 'SERVER',
      status: 'UNSET',
      attributes: { 'http.route': '/echo' },
    });
    expect(echo!.endNs - echo!.startNs).toBe(10_000_000n);
    expect(spans.find((s) => s.name === 'GET /info')!.parentSpanId).toBeUndefined();
  });

  it('reads the v1 answer and older shapes (batches, instrumentationLibrarySpans, numeric enums)', () => {
    const [logBatch] = tempoResourceSpans(infoTraceSpecs()) as Array<{ resource: unknown; scopeSpans: Array<{ spans: Array<Record<string, unknown>> }> }>;
    expect(spansOfTempoTrace({ resourceSpans: [logBatch] })).toHaveLength(2);
    const old = {
      resource: logBatch!.resource,
      instrumentationLibrarySpans: [{ spans: logBatch!.scopeSpans[0]!.spans.map((s) => ({ ...s, kind: 3, status: { code: 2 } })) }],
    };
    const spans = spansOfTempoTrace({ batches: [old] });
    expect(spans.map((s) => [s.kind, s.status])).toEqual([
      ['CLIENT', 'ERROR'],
      ['CLIENT', 'ERROR'],
    ]);
  });

  it('reads span status ERROR with its message', () => {
    const specs = infoTraceSpecs().map((s) => (s.kind === 'SPAN_KIND_CLIENT' ? { ...s, error: true } : s));
    const client = spansOfTempoTrace(tempoV2(specs)).find((s) => s.kind === 'CLIENT');
    expect(client).toMatchObject({ status: 'ERROR', statusMessage: 'connect ECONNREFUSED' });
  });

  it('says what is wrong with an answer that is not a trace', () => {
    expect(() => spansOfTempoTrace('trace not found')).toThrow(/not a JSON object/);
    expect(() => spansOfTempoTrace({ traces: [] })).toThrow(/neither "resourceSpans" nor "batches"/);
  });
});
