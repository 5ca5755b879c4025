import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopAllProcesses } from '../../../test-support/managed-process';
import { startLab } from '../../../test-support/lab';
import type { RunningService } from '../../../test-support/service-process';
import type { RunningTempoStandin } from '../../../test-support/tempo-standin';
import type { TraceSpan } from '../src/trace-check/trace-span';

// Both services as real processes with their real start command, exporting OTLP/gRPC to the Tempo stand-in.
let tempo: RunningTempoStandin;
let echo: RunningService;
let log: RunningService;

beforeAll(async () => {
  ({ tempo, echo, log } = await startLab());
});
afterAll(stopAllProcesses);

// A server span ends after every span beneath it, so once both have arrived the whole trace has.
const hasBothServerSpans = (spans: TraceSpan[]) =>
  ['log-service', 'echo-service'].every((service) => spans.some((s) => s.service === service && s.kind === 'SERVER'));

function ancestors(span: TraceSpan, spans: TraceSpan[]): TraceSpan[] {
  const chain: TraceSpan[] = [];
  let parent = spans.find((s) => s.spanId === span.parentSpanId);
  while (parent) {
    chain.push(parent);
    const next = parent.parentSpanId;
    parent = spans.find((s) => s.spanId === next);
  }
  return chain;
}

describe.each([
  { route: 'GET /info', send: () => fetch(`${log.url}/info`) },
  {
    route: 'POST /logs',
    send: () =>
      fetch(`${log.url}/logs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ level: 'info', message: 'hello tracing' }),
      }),
  },
])('one trace across both services for $route', ({ route, send }) => {
  let traceId: string;
  let spans: TraceSpan[];

  beforeAll(async () => {
    const response = await send();
    expect(response.ok).toBe(true);
    traceId = response.headers.get('x-trace-id') ?? '';
    spans = await tempo.waitForSpans(traceId, hasBothServerSpans);
  });

  it('returns the trace id in x-trace-id, and every span Tempo holds for it belongs to that trace', () => {
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(spans.length).toBeGreaterThan(0);
    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([traceId]));
  });

  it('nests log-service server span → its client span → echo-service POST /echo server span', () => {
    const logServer = spans.find((s) => s.service === 'log-service' && s.kind === 'SERVER');
    const echoServer = spans.find((s) => s.service === 'echo-service' && s.kind === 'SERVER');
    expect(logServer?.name).toBe(route);
    expect(logServer?.parentSpanId).toBeUndefined();
    expect(echoServer?.name).toBe('POST /echo');

    const client = spans.find((s) => s.spanId === echoServer?.parentSpanId);
    expect(client).toMatchObject({ service: 'log-service', kind: 'CLIENT' });
    expect(ancestors(client!, spans).map((s) => s.spanId)).toContain(logServer!.spanId);
  });

  it("takes each server span's route from express, which records no spans of its own", () => {
    const servers = spans.filter((s) => s.kind === 'SERVER');
    expect(servers.map((s) => [s.name, s.attributes['http.route']])).toEqual(
      expect.arrayContaining([
        [route, route.split(' ')[1]],
        ['POST /echo', '/echo'],
      ]),
    );
    // Server and client span in log-service, server span in echo-service: nothing from express layers.
    expect(spans.filter((s) => typeof s.attributes['express.type'] === 'string')).toEqual([]);
    expect(spans.map((s) => `${s.service} ${s.kind}`).sort()).toEqual(['echo-service SERVER', 'log-service CLIENT', 'log-service SERVER']);
  });
});

describe('probe and scrape routes', () => {
  it.each(['/healthz', '/readyz', '/metrics'])('%s answers without a trace', async (path) => {
    for (const service of [log, echo]) {
      const response = await fetch(`${service.url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-trace-id')).toBeNull();
    }
  });

  it('leaves no trace in Tempo', async () => {
    // Spans are exported every 200 ms here (FAST_EXPORT); give a batch time to arrive before looking.
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const service of ['log-service', 'echo-service']) {
      const response = await fetch(`${tempo.url}/api/search?tags=${encodeURIComponent(`service.name=${service}`)}&limit=1000`);
      const { traces } = (await response.json()) as { traces: { rootTraceName: string }[] };
      expect(traces.length).toBeGreaterThan(0);
      expect(traces.map((t) => t.rootTraceName)).not.toEqual(expect.arrayContaining([expect.stringMatching(/healthz|readyz|metrics/)]));
    }
  });
});

describe('logs and metrics', () => {
  it('writes the accepted entry as one JSON line carrying trace_id and span_id', async () => {
    const response = await fetch(`${log.url}/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ level: 'debug', message: 'find me in the logs', attributes: { user: 'ada', attempt: 2, ok: true } }),
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { traceId: string; echo: { message: string; service: string } };
    expect(body.echo).toMatchObject({ message: 'find me in the logs', service: 'echo-service' });
    expect(body.traceId).toBe(response.headers.get('x-trace-id'));

    const line = log.process
      .output()
      .split('\n')
      .filter((l) => l.includes('find me in the logs'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(line).toHaveLength(1);
    expect(line[0]).toMatchObject({ level: 20, trace_id: body.traceId, attributes: { user: 'ada', attempt: 2, ok: true } });
    expect(line[0]?.span_id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('counts requests by route and status, and entries by level', async () => {
    const metrics = await (await fetch(`${log.url}/metrics`)).text();
    expect(metrics).toMatch(/^http_requests_total\{method="GET",route="\/info",status="200"\} [1-9]/m);
    expect(metrics).toMatch(/^http_request_duration_seconds_bucket\{le="0.005",method="POST",route="\/logs",status="201"\} \d+/m);
    expect(metrics).toMatch(/^log_entries_total\{level="debug"\} 1$/m);
    expect(metrics).toMatch(/^process_resident_memory_bytes \d+/m);
  });
});
