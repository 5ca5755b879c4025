import { ECHO_SERVICE, LOG_SERVICE, TRACE_ID_HEADER } from '@tracing-lab/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { labForThisFile } from '../../test-support/lab/suite-lifecycle';

// The stand-in's HTTP API with spans from the real OpenTelemetry exporter of the services, in Tempo's JSON shapes.
const lab = labForThisFile();
let traceId: string;
beforeAll(async () => {
  const res = await fetch(`${lab.log.url}/info`);
  expect(res.status).toBe(200);
  traceId = res.headers.get(TRACE_ID_HEADER)!;
  await lab.tempo.waitForSpans(traceId, (spans) => new Set(spans.map((s) => s.service)).size === 2);
});

const getJson = async (path: string): Promise<any> => {
  const res = await fetch(`${lab.tempo.url}${path}`);
  expect(res.status, path).toBe(200);
  return res.json();
};

describe('Tempo stand-in HTTP API, fed by the services', () => {
  it('answers /ready and /api/echo like Tempo', async () => {
    expect((await (await fetch(`${lab.tempo.url}/ready`)).text()).trim()).toBe('ready');
    expect((await (await fetch(`${lab.tempo.url}/api/echo`)).text()).trim()).toBe('echo');
  });

  it('serves the trace as Tempo does: v1 {"batches"}, v2 {"trace":{"resourceSpans"}}, base64 ids of x-trace-id, string nanoseconds', async () => {
    const v1 = await getJson(`/api/traces/${traceId}`);
    const v2 = await getJson(`/api/v2/traces/${traceId}`);
    expect(Object.keys(v1)).toEqual(['batches']);
    expect(v2.trace.resourceSpans).toEqual(v1.batches);
    expect(v2.status).toBeUndefined(); // a whole trace: no PARTIAL
    const spans = v1.batches.flatMap((rs: any) => rs.scopeSpans.flatMap((ss: any) => ss.spans));
    expect(spans.length).toBeGreaterThanOrEqual(3);
    for (const span of spans) {
      expect(span.traceId).toBe(Buffer.from(traceId, 'hex').toString('base64'));
      expect(typeof span.startTimeUnixNano).toBe('string');
      expect(span.spanId).toMatch(/^[A-Za-z0-9+/]{11}=$/);
    }
    const services = v1.batches.map((rs: any) => rs.resource.attributes.find((a: any) => a.key === 'service.name').value.stringValue);
    expect(new Set(services)).toEqual(new Set([LOG_SERVICE, ECHO_SERVICE]));
  });

  it('answers Grafana\'s Accept: application/protobuf in protobuf', async () => {
    const res = await fetch(`${lab.tempo.url}/api/traces/${traceId}`, { headers: { accept: 'application/protobuf' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/protobuf');
    // OTLP TracesData: field 1 (ResourceSpans), wire type 2 — tag byte 0x0a — and the bytes of the trace id inside.
    const body = Buffer.from(await res.arrayBuffer());
    expect(body[0]).toBe(0x0a);
    expect(body.includes(Buffer.from(traceId, 'hex'))).toBe(true);
  });

  it('says "not found" as Tempo does: v1 404 with an empty body, v2 200 with an empty trace', async () => {
    const unknown = '0123456789abcdef0123456789abcdef';
    const v1 = await fetch(`${lab.tempo.url}/api/traces/${unknown}`);
    expect([v1.status, await v1.text()]).toEqual([404, '']);
    expect(await getJson(`/api/v2/traces/${unknown}`)).toEqual({ trace: {}, metrics: {} });
  });

  it('finds the trace by service.name in the search API, with Tempo summary fields and the id without leading zeros', async () => {
    const now = Math.ceil(Date.now() / 1000);
    const found = await getJson(`/api/search?tags=${encodeURIComponent('service.name=log-service')}&limit=20&start=${now - 600}&end=${now + 60}`);
    const summary = found.traces.find((t: any) => t.traceID === traceId.replace(/^0+/, ''));
    expect(summary).toMatchObject({ rootServiceName: LOG_SERVICE, rootTraceName: 'GET /info' });
    expect(summary.startTimeUnixNano).toMatch(/^\d{19}$/);
    const none = await getJson(`/api/search?tags=${encodeURIComponent('service.name=no-such-service')}`);
    expect(none.traces).toEqual([]);
  });
});
