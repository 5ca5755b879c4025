import { ECHO_SERVICE, LOG_SERVICE, PROPAGATORS, TRACE_ID_HEADER, TRACE_RESPONSE_HEADER } from '@tracing-lab/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { FAST_EXPORT } from '../../../test-support/lab/loopback-lab';
import { startService } from '../../../test-support/lab/service-process';
import { ancestorsOf, isNestedTrace, type RawSpan } from '../../../test-support/lab/tempo-raw-trace';
import { stayAbsentFor, TIMING_MARGIN_MS, waitFor } from '../../../test-support/timing';
import { labForThisFile } from '../../../test-support/lab/suite-lifecycle';

// Both services as real processes with their real start command, exporting OTLP/gRPC to the Tempo stand-in.
const lab = labForThisFile();

// A server span ends after every span beneath it, so once both have arrived the whole trace has.
const hasBothServerSpans = (spans: RawSpan[]) =>
  [LOG_SERVICE, ECHO_SERVICE].every((service) => spans.some((s) => s.service === service && s.kind === 'SPAN_KIND_SERVER'));

describe.each([
  { route: 'GET /info', send: () => fetch(`${lab.log.url}/info`) },
  {
    route: 'POST /logs',
    send: () =>
      fetch(`${lab.log.url}/logs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ level: 'info', message: 'hello tracing' }),
      }),
  },
])('one trace across both services for $route', ({ route, send }) => {
  let traceId: string;
  let traceresponse: string | null;
  let spans: RawSpan[];

  beforeAll(async () => {
    const response = await send();
    expect(response.ok).toBe(true);
    traceId = response.headers.get(TRACE_ID_HEADER) ?? '';
    traceresponse = response.headers.get(TRACE_RESPONSE_HEADER);
    spans = await lab.tempo.waitForSpans(traceId, hasBothServerSpans);
  });

  it("says in traceresponse that the trace was sampled, naming the trace and log-service's server span", () => {
    const logServer = spans.find((s) => s.service === LOG_SERVICE && s.kind === 'SPAN_KIND_SERVER');
    expect(traceresponse).toBe(`00-${traceId}-${logServer?.spanId}-01`);
  });

  it('returns the trace id in x-trace-id, and every span Tempo holds for it belongs to that trace', () => {
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(spans.length).toBeGreaterThan(0);
    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([traceId]));
  });

  it('nests log-service server span → its client span → echo-service POST /echo server span', () => {
    const logServer = spans.find((s) => s.service === LOG_SERVICE && s.kind === 'SPAN_KIND_SERVER');
    const echoServer = spans.find((s) => s.service === ECHO_SERVICE && s.kind === 'SPAN_KIND_SERVER');
    expect(logServer?.name).toBe(route);
    expect(logServer?.parentSpanId).toBeUndefined();
    expect(echoServer?.name).toBe('POST /echo');

    const client = spans.find((s) => s.spanId === echoServer?.parentSpanId);
    expect(client).toMatchObject({ service: LOG_SERVICE, kind: 'SPAN_KIND_CLIENT' });
    expect(ancestorsOf(client!, spans).map((s) => s.spanId)).toContain(logServer!.spanId);
  });

  it('holds only spans of the instrumentations README lists: no net, dns or fs spans, no express spans', () => {
    // Per service: http's server span; log-service also undici's client span for the call to echo-service (express
    // names the server span but records no spans of its own; pino writes logs, no spans).
    const described = spans.map((s) => [s.service, s.scope, s.kind, s.attributes['express.type']].filter(Boolean).join(' ')).sort();
    expect(described).toEqual([
      'echo-service @opentelemetry/instrumentation-http SPAN_KIND_SERVER',
      'log-service @opentelemetry/instrumentation-http SPAN_KIND_SERVER',
      'log-service @opentelemetry/instrumentation-undici SPAN_KIND_CLIENT',
    ]);
  });

  it("takes each server span's route from express", () => {
    const servers = spans.filter((s) => s.kind === 'SPAN_KIND_SERVER');
    expect(servers.map((s) => [s.name, s.attributes['http.route']]).sort()).toEqual(
      [
        [route, route.split(' ')[1]],
        ['POST /echo', '/echo'],
      ].sort(),
    );
  });
});

describe('a request the sampler drops', () => {
  it('still names its trace in x-trace-id, and says in traceresponse (flags 00) that the trace will not exist', async () => {
    const dropping = await startService(LOG_SERVICE, { ...FAST_EXPORT, OTEL_EXPORTER_OTLP_ENDPOINT: lab.tempo.otlpEndpoint, ECHO_SERVICE_URL: lab.echo.url, OTEL_TRACES_SAMPLER: 'always_off' });
    const response = await fetch(`${dropping.url}/info`);
    expect(response.status).toBe(200);
    const traceId = response.headers.get(TRACE_ID_HEADER);
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(response.headers.get(TRACE_RESPONSE_HEADER)).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-00$`));
    // The flags tell the truth: neither service exports a span of it (echo-service follows the parent's decision).
    await stayAbsentFor(Number(FAST_EXPORT.OTEL_BSP_SCHEDULE_DELAY) + TIMING_MARGIN_MS, async () => {
      expect(await lab.tempo.spans(traceId!)).toEqual([]);
    });
  });
});

describe(`log-service with OTEL_PROPAGATORS=${PROPAGATORS.none} (the broken-propagation fault)`, () => {
  it("sends echo-service no traceparent: two traces, log-service's ending at its client span and echo-service's of its own", async () => {
    const started = Math.floor(Date.now() / 1000) - 1;
    const broken = await startService(LOG_SERVICE, { ...FAST_EXPORT, OTEL_EXPORTER_OTLP_ENDPOINT: lab.tempo.otlpEndpoint, ECHO_SERVICE_URL: lab.echo.url, OTEL_PROPAGATORS: PROPAGATORS.none });
    expect(broken.process.output()).toContain('OTEL_PROPAGATORS=none: this service sends and reads no trace context');
    const response = await fetch(`${broken.url}/info`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { echo: { traceparent: unknown } }).echo.traceparent).toBeNull();

    const traceId = response.headers.get(TRACE_ID_HEADER)!;
    const spans = await lab.tempo.waitForSpans(traceId, (s) => s.length === 2);
    expect(spans.map((s) => `${s.service} ${s.kind}`).sort()).toEqual([`${LOG_SERVICE} SPAN_KIND_CLIENT`, `${LOG_SERVICE} SPAN_KIND_SERVER`]);
    // echo-service's span is the root of a trace of its own, found as Grafana would: by its root service.
    const echoTraces = await waitFor('a trace rooted at echo-service', async () => {
      const search = await fetch(`${lab.tempo.url}/api/search?tags=${encodeURIComponent(`root.service.name=${ECHO_SERVICE}`)}&start=${started}&end=${started + 600}`);
      const { traces } = (await search.json()) as { traces: { traceID: string; rootTraceName: string }[] };
      return traces.length > 0 ? traces : undefined;
    });
    expect(echoTraces.map((t) => t.rootTraceName)).toEqual(['POST /echo']);
    expect(echoTraces[0]!.traceID.padStart(32, '0')).not.toBe(traceId);
  });
});

describe('probe and scrape routes', () => {
  it.each(['/healthz', '/readyz', '/metrics'])('%s answers without a trace', async (path) => {
    for (const service of [lab.log, lab.echo]) {
      const response = await fetch(`${service.url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get(TRACE_ID_HEADER)).toBeNull();
      expect(response.headers.get(TRACE_RESPONSE_HEADER)).toBeNull();
    }
  });

  it('leaves no trace in Tempo', async () => {
    // A traced request after the probes: each service exports its spans in the order they ended, so once this
    // trace has arrived, any probe span would have too. Then absence is watched over a batch delay plus the margin.
    const marker = (await fetch(`${lab.log.url}/info`)).headers.get(TRACE_ID_HEADER)!;
    expect(isNestedTrace(await lab.tempo.waitForSpans(marker, (s) => isNestedTrace(s, 'GET /info')), 'GET /info')).toBe(true);
    await stayAbsentFor(Number(FAST_EXPORT.OTEL_BSP_SCHEDULE_DELAY) + TIMING_MARGIN_MS, async () => {
      for (const service of [LOG_SERVICE, ECHO_SERVICE]) {
        const response = await fetch(`${lab.tempo.url}/api/search?tags=${encodeURIComponent(`service.name=${service}`)}&limit=1000`);
        const { traces } = (await response.json()) as { traces: { rootTraceName: string }[] };
        expect(traces.length).toBeGreaterThan(0);
        expect(traces.map((t) => t.rootTraceName)).not.toEqual(expect.arrayContaining([expect.stringMatching(/healthz|readyz|metrics/)]));
      }
    });
  });
});

describe('logs and metrics', () => {
  it('writes the accepted entry as one JSON line carrying trace_id and span_id', async () => {
    const response = await fetch(`${lab.log.url}/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ level: 'debug', message: 'find me in the logs', attributes: { user: 'ada', attempt: 2, ok: true } }),
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { traceId: string; echo: { message: string; service: string } };
    expect(body.echo).toMatchObject({ message: 'find me in the logs', service: ECHO_SERVICE });
    expect(body.traceId).toBe(response.headers.get(TRACE_ID_HEADER));

    await lab.log.process.waitForLine(/find me in the logs/); // written before the answer, but read from a pipe
    const line = lab.log.process
      .output()
      .split('\n')
      .filter((l) => l.includes('find me in the logs'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(line).toHaveLength(1);
    expect(line[0]).toMatchObject({ level: 20, trace_id: body.traceId, attributes: { user: 'ada', attempt: 2, ok: true } });
    expect(line[0]?.span_id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('counts requests by route and status, and entries by level', async () => {
    const metrics = await (await fetch(`${lab.log.url}/metrics`)).text();
    expect(metrics).toMatch(/^http_requests_total\{method="GET",route="\/info",status="200"\} [1-9]/m);
    expect(metrics).toMatch(/^http_request_duration_seconds_bucket\{le="0.005",method="POST",route="\/logs",status="201"\} \d+/m);
    expect(metrics).toMatch(/^log_entries_total\{level="debug"\} 1$/m);
    expect(metrics).toMatch(/^process_resident_memory_bytes \d+/m);
  });
});

describe('LOG_LEVEL=debug (as make demo runs the services)', () => {
  it("writes one request line per request in each service, carrying the request's trace_id, so one grep finds them", async () => {
    const otel = { ...FAST_EXPORT, OTEL_EXPORTER_OTLP_ENDPOINT: lab.tempo.otlpEndpoint, LOG_LEVEL: 'debug' };
    const echo = await startService(ECHO_SERVICE, otel);
    const log = await startService(LOG_SERVICE, { ...otel, ECHO_SERVICE_URL: echo.url });
    const response = await fetch(`${log.url}/info`);
    expect(response.status).toBe(200);
    const traceId = response.headers.get(TRACE_ID_HEADER)!;

    const requestLines = async (service: typeof log) => {
      await service.process.waitForLine(new RegExp(`"trace_id":"${traceId}".*"msg":"request"`));
      return service.process.output().split('\n').filter((l) => l.includes(traceId)).map((l) => JSON.parse(l) as Record<string, unknown>);
    };
    expect(await requestLines(log)).toEqual([expect.objectContaining({ level: 20, method: 'GET', route: '/info', status: 200, trace_id: traceId, msg: 'request' })]);
    expect(await requestLines(echo)).toEqual([expect.objectContaining({ level: 20, method: 'POST', route: '/echo', status: 200, trace_id: traceId, msg: 'request' })]);
  });

  it('at the default level writes no request lines', async () => {
    await fetch(`${lab.log.url}/info`);
    const marker = (await fetch(`${lab.log.url}/info`)).headers.get(TRACE_ID_HEADER)!;
    expect(isNestedTrace(await lab.tempo.waitForSpans(marker, (s) => isNestedTrace(s, 'GET /info')), 'GET /info')).toBe(true);
    expect(lab.log.process.output()).not.toContain('"msg":"request"');
  });
});
