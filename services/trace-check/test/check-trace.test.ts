import { ECHO_SERVICE, LOG_SERVICE } from '@tracing-lab/contract';
import { describe, expect, it } from 'vitest';
import { checkTrace } from '../src/check-trace';
import { expectationFor, expectationForTrace } from '../src/expectations';
import { readTraceV2Answer } from '../src/tempo-trace';
import { ECHO_SERVER_ID, infoTraceSpecs, LOG_CLIENT_ID, LOG_SERVER_ID, tempoV2, TRACE_ID, type SpanSpec } from '../../../test-support/lab/tempo-trace-json';

const info = expectationFor('info');
const check = (specs: SpanSpec[], expected = info) => checkTrace(TRACE_ID, readTraceV2Answer(tempoV2(specs)).spans, expected);
/** The problems' messages, as the report's `  - …` lines show them to a person. */
const messages = (specs: SpanSpec[], expected = info) => check(specs, expected).map((p) => p.message);
const kinds = (specs: SpanSpec[], expected = info) => check(specs, expected).map((p) => p.kind);
const edit = (change: (s: SpanSpec) => SpanSpec) => infoTraceSpecs().map(change);

describe('trace-check structural checks', () => {
  it('passes a trace whose echo-service server span is nested under log-service', () => {
    expect(check(infoTraceSpecs())).toEqual([]);
  });

  it('passes POST /logs when the log-service server span is named by that route', () => {
    const specs = edit((s) => (s.spanId === LOG_SERVER_ID ? { ...s, name: 'POST /logs', route: '/logs' } : s));
    expect(check(specs, expectationFor('logs'))).toEqual([]);
    expect(check(specs, info)).toEqual([{ kind: 'missing-server-span', message: expect.stringContaining('log-service has no SERVER span named "GET /info"') }]);
  });

  it('reports a trace with no spans', () => {
    expect(checkTrace(TRACE_ID, [], info)).toEqual([{ kind: 'no-spans', message: `trace ${TRACE_ID} has no spans` }]);
  });

  it('reports one service only', () => {
    // The sentence a person reads when only log-service exports (tracing off in echo-service).
    expect(messages(infoTraceSpecs().filter((s) => s.service === LOG_SERVICE))).toEqual(['no echo-service spans in the trace (services seen: log-service)']);
  });

  it('reports a server span named without its route (express not patched)', () => {
    // The sentence a person reads when express is not patched.
    expect(messages(edit((s) => (s.spanId === ECHO_SERVER_ID ? { ...s, name: 'POST', route: undefined } : s)))).toEqual([
      'echo-service has no SERVER span named "POST /echo" (its server spans: "POST")',
    ]);
  });

  it('reports an http.route attribute that disagrees with the span name', () => {
    expect(kinds(edit((s) => (s.spanId === LOG_SERVER_ID ? { ...s, route: '/other' } : s)))).toEqual(['wrong-route']);
  });

  it('reports an echo-service span that is a root (context not propagated)', () => {
    const problems = messages(edit((s) => (s.spanId === ECHO_SERVER_ID ? { ...s, parentSpanId: undefined } : s)));
    expect(problems).toEqual([expect.stringMatching(/^wrong parent: .*POST \/echo.* is a root span/)]);
  });

  it('reports a parent that is not in the trace (log-service client span missing)', () => {
    const problems = messages(infoTraceSpecs().filter((s) => s.spanId !== LOG_CLIENT_ID));
    expect(problems).toEqual([`wrong parent: echo-service SERVER span "POST /echo" (${ECHO_SERVER_ID}) has parent ${LOG_CLIENT_ID}, which is not in the trace`]);
  });

  it('reports a parent that belongs to echo-service itself', () => {
    const specs: SpanSpec[] = [
      ...infoTraceSpecs().map((s) => (s.spanId === ECHO_SERVER_ID ? { ...s, parentSpanId: 'aaaaaaaaaaaaaaaa' } : s)),
      { service: ECHO_SERVICE, spanId: 'aaaaaaaaaaaaaaaa', name: 'middleware', kind: 'SPAN_KIND_INTERNAL', startMs: 7, durationMs: 1 },
    ];
    expect(kinds(specs)).toEqual(['wrong-parent']);
    expect(messages(specs)).toEqual([expect.stringMatching(/ has parent echo-service INTERNAL span "middleware".*not a log-service span$/)]);
  });

  it('reports a log-service parent that is not under the checked request (another request)', () => {
    const specs: SpanSpec[] = [
      ...infoTraceSpecs().map((s) => (s.spanId === ECHO_SERVER_ID ? { ...s, parentSpanId: 'bbbbbbbbbbbbbbbb' } : s)),
      { service: LOG_SERVICE, spanId: 'bbbbbbbbbbbbbbbb', name: 'POST', kind: 'SPAN_KIND_CLIENT', startMs: 1, durationMs: 1 },
    ];
    expect(kinds(specs)).toEqual(['wrong-parent']);
    expect(messages(specs)).toEqual([expect.stringMatching(/ is not nested under log-service SERVER span "GET \/info"/)]);
  });

  it('reports spans of other traces in the answer, comparing decoded ids', () => {
    const other = 'ffffffffffffffffffffffffffffffff';
    expect(check(edit((s) => (s.spanId === LOG_CLIENT_ID ? { ...s, traceId: other } : s)))).toEqual([
      { kind: 'foreign-spans', message: `the answer for trace ${TRACE_ID} holds spans of other traces: ${other}` },
    ]);
  });
});

describe('the expectation for an existing trace (--trace-id)', () => {
  const spansOf = (specs: SpanSpec[]) => readTraceV2Answer(tempoV2(specs)).spans;
  it("is the request its log-service server span names, whatever --request says", () => {
    const logs = edit((s) => (s.spanId === LOG_SERVER_ID ? { ...s, name: 'POST /logs', route: '/logs' } : s));
    expect(expectationForTrace(spansOf(logs), 'info')).toEqual(expectationFor('logs'));
    expect(expectationForTrace(spansOf(infoTraceSpecs()), 'logs')).toEqual(expectationFor('info'));
  });

  it("is --request's when no log-service server span names a route trace-check knows", () => {
    expect(expectationForTrace(spansOf(infoTraceSpecs().filter((s) => s.service === ECHO_SERVICE)), 'logs')).toEqual(expectationFor('logs'));
  });
});
