import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSilentServer, type PeerServer } from '../../../test-support/fake-echo-peers';
import { freePort } from '../../../test-support/free-port';
import { stopAllProcesses } from '../../../test-support/managed-process';
import { FAST_EXPORT, startLab } from '../../../test-support/lab';
import { startService, type RunningService } from '../../../test-support/service-process';
import type { RunningTempoStandin } from '../../../test-support/tempo-standin';
import type { TraceSpan } from '../src/trace-check/trace-span';

let tempo: RunningTempoStandin;
let echo: RunningService;
let log: RunningService;

beforeAll(async () => {
  ({ tempo, echo, log } = await startLab());
});
afterAll(stopAllProcesses);

const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

interface BadRequest {
  what: string;
  service: 'log' | 'echo';
  path: string;
  init?: RequestInit;
  status: number;
  code: string;
  message?: RegExp;
}

const badRequests: BadRequest[] = [
  { what: 'malformed JSON', service: 'log', path: '/logs', init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"level": "info",' }, status: 400, code: 'malformed_json' },
  { what: 'a body that is not JSON', service: 'log', path: '/logs', init: { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'level=info' }, status: 415, code: 'unsupported_media_type' },
  { what: 'a body over 16 KiB', service: 'log', path: '/logs', init: json({ level: 'info', message: 'x'.repeat(17 * 1024) }), status: 413, code: 'payload_too_large' },
  { what: 'a missing message', service: 'log', path: '/logs', init: json({ level: 'info' }), status: 400, code: 'invalid_request', message: /message/ },
  { what: 'a message that is a number', service: 'log', path: '/logs', init: json({ level: 'info', message: 42 }), status: 400, code: 'invalid_request', message: /^message: must be a string$/ },
  { what: 'an empty message', service: 'log', path: '/logs', init: json({ level: 'info', message: '' }), status: 400, code: 'invalid_request', message: /message/ },
  { what: 'a message over 2000 characters', service: 'log', path: '/logs', init: json({ level: 'info', message: 'x'.repeat(2001) }), status: 400, code: 'invalid_request', message: /message.*2000/ },
  { what: 'an unknown level', service: 'log', path: '/logs', init: json({ level: 'fatal', message: 'hi' }), status: 400, code: 'invalid_request', message: /^level: must be one of debug, info, warn, error$/ },
  { what: 'a missing level', service: 'log', path: '/logs', init: json({ message: 'hi' }), status: 400, code: 'invalid_request', message: /level/ },
  { what: 'nested attributes', service: 'log', path: '/logs', init: json({ level: 'info', message: 'hi', attributes: { a: { b: 1 } } }), status: 400, code: 'invalid_request', message: /^attributes\.a: must be a string, number or boolean$/ },
  { what: 'a JSON array body', service: 'log', path: '/logs', init: json([1, 2]), status: 400, code: 'invalid_request', message: /^request body must be a JSON object$/ },
  { what: 'an unknown route', service: 'log', path: '/nope', status: 404, code: 'not_found' },
  { what: 'a wrong method on /logs', service: 'log', path: '/logs', init: { method: 'GET' }, status: 405, code: 'method_not_allowed', message: /use POST/ },
  { what: 'a wrong method on /info', service: 'log', path: '/info', init: { method: 'DELETE' }, status: 405, code: 'method_not_allowed' },
  { what: 'a wrong method on /echo', service: 'echo', path: '/echo', init: { ...json({}), method: 'PUT' }, status: 405, code: 'method_not_allowed', message: /GET, POST/ },
  { what: 'echo without a message', service: 'echo', path: '/echo', init: json({}), status: 400, code: 'invalid_request', message: /message/ },
  { what: 'echo with malformed JSON', service: 'echo', path: '/echo', init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' }, status: 400, code: 'malformed_json' },
];

describe('bad input gets a 4xx JSON error and the service keeps serving', () => {
  it.each(badRequests)('$what → $status $code', async ({ service, path, init, status, code, message }) => {
    const base = service === 'log' ? log.url : echo.url;
    const response = await fetch(`${base}${path}`, init);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.message).toEqual(expect.any(String));
    if (message) expect(body.error.message).toMatch(message);
    if (status === 405) expect(response.headers.get('allow')).toBeTruthy();
  });

  it('still answers after all of them', async () => {
    expect(log.process.isRunning && echo.process.isRunning).toBe(true);
    expect((await fetch(`${log.url}/info`)).status).toBe(200);
  });
});

describe('echo-service', () => {
  it('echoes GET and POST with the traceparent it received', async () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const get = await fetch(`${echo.url}/echo?message=${encodeURIComponent('hi there')}`, { headers: { traceparent } });
    const post = await fetch(`${echo.url}/echo`, { ...json({ message: 'hi there' }), headers: { 'content-type': 'application/json', traceparent } });
    for (const response of [get, post]) {
      expect(response.status).toBe(200);
      const body = (await response.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ message: 'hi there', service: 'echo-service', traceparent });
      expect(Number.isNaN(Date.parse(String(body.receivedAt)))).toBe(false);
      // The incoming trace is continued, not replaced.
      expect(response.headers.get('x-trace-id')).toBe('0af7651916cd43dd8448eb211c80319c');
    }
  });
});

describe('echo-service down or slow', () => {
  const errorClientSpan = (spans: TraceSpan[]) => spans.some((s) => s.kind === 'CLIENT' && s.status === 'ERROR');

  async function rawTrace(traceId: string): Promise<string> {
    return (await fetch(`${tempo.url}/api/traces/${traceId}`)).text();
  }

  /** The `exception.message` of every exception event on the trace's spans of a kind, read from Tempo's raw JSON. */
  function exceptionMessages(raw: string, kind: 'SERVER' | 'CLIENT'): string[] {
    type Span = { kind?: string; events?: { name: string; attributes?: { key: string; value?: { stringValue?: string } }[] }[] };
    const trace = JSON.parse(raw) as { resourceSpans?: { scopeSpans?: { spans?: Span[] }[] }[]; batches?: { scopeSpans?: { spans?: Span[] }[] }[] };
    const spans = (trace.resourceSpans ?? trace.batches ?? []).flatMap((r) => (r.scopeSpans ?? []).flatMap((s) => s.spans ?? []));
    return spans
      .filter((span) => span.kind === `SPAN_KIND_${kind}`)
      .flatMap((span) => span.events ?? [])
      .filter((event) => event.name === 'exception')
      .map((event) => event.attributes?.find((a) => a.key === 'exception.message')?.value?.stringValue ?? '');
  }

  it('answers 502 when echo-service is unreachable, with an ERROR client span and the exception on both spans', async () => {
    const closedPort = await freePort();
    const orphan = await startService('log-service', {
      OTEL_EXPORTER_OTLP_ENDPOINT: tempo.otlpEndpoint,
      ...FAST_EXPORT,
      ECHO_SERVICE_URL: `http://127.0.0.1:${closedPort}`,
    });
    const response = await fetch(`${orphan.url}/info`);
    expect(response.status).toBe(502);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('echo_unavailable');
    const traceId = response.headers.get('x-trace-id')!;
    const spans = await tempo.waitForSpans(traceId, errorClientSpan);
    expect(spans.find((s) => s.kind === 'CLIENT')?.status).toBe('ERROR');
    expect(spans.find((s) => s.kind === 'SERVER')?.name).toBe('GET /info');
    expect(spans.find((s) => s.kind === 'SERVER')?.status).toBe('ERROR');
    const raw = await rawTrace(traceId);
    expect(exceptionMessages(raw, 'CLIENT')).toHaveLength(1);
    // The handler's error, as log-service answered it, is recorded on the server span (error-handler.ts).
    expect(exceptionMessages(raw, 'SERVER')).toEqual([expect.stringMatching(/^echo-service at http:\/\/127\.0\.0\.1:\d+ is unreachable/)]);
  });

  it('answers 504 in time when echo-service is slower than ECHO_TIMEOUT_MS', async () => {
    const silent: PeerServer = await startSilentServer();
    try {
      const impatient = await startService('log-service', {
        OTEL_EXPORTER_OTLP_ENDPOINT: tempo.otlpEndpoint,
        ...FAST_EXPORT,
        ECHO_SERVICE_URL: silent.url,
        ECHO_TIMEOUT_MS: '300',
      });
      const started = Date.now();
      const response = await fetch(`${impatient.url}/logs`, json({ level: 'warn', message: 'anyone there?' }));
      expect(response.status).toBe(504);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('echo_timeout');
      const traceId = response.headers.get('x-trace-id')!;
      const spans = await tempo.waitForSpans(traceId, errorClientSpan);
      expect(spans.find((s) => s.kind === 'CLIENT')?.status).toBe('ERROR');
      expect(await rawTrace(traceId)).toContain('"name":"exception"');
    } finally {
      await silent.close();
    }
  });
});
