import { HEALTH_PATH, LOG_SERVICE, MAX_BODY_BYTES, MAX_BODY_SIZE_TEXT, METRICS_PATH, READY_PATH, ROUTES, TRACE_ID_HEADER } from '@tracing-lab/contract';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../../test-support/lab/free-port';
import { FAST_EXPORT } from '../../../test-support/lab/loopback-lab';
import { describeBadRequests, jsonPost } from '../../../test-support/lab/bad-requests';
import { startAnsweringServer, startSilentServer, type PeerServer } from '../../../test-support/lab/misbehaving-peers';
import { startService } from '../../../test-support/lab/service-process';
import { describeAllowedMethods } from '../../../test-support/lab/allowed-methods';
import { PipelinedConnection } from '../../../test-support/lab/pipelined-connection';
import { jsonOfSize } from '../../../test-support/lab/sized-json-body';
import type { RawSpan } from '../../../test-support/lab/tempo-raw-trace';
import { TIMING_MARGIN_MS } from '../../../test-support/timing';
import { labForThisFile } from '../../../test-support/lab/suite-lifecycle';

const lab = labForThisFile();

const json = jsonPost;

describeBadRequests(() => ({ service: lab.log, tempo: lab.tempo }), [
  { what: 'malformed JSON', path: ROUTES.logs, init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"level": "info",' }, status: 400, code: 'malformed_json' },
  { what: 'a body that is not JSON', path: ROUTES.logs, init: { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'level=info' }, status: 415, code: 'unsupported_media_type' },
  { what: `a body over ${MAX_BODY_SIZE_TEXT}`, path: ROUTES.logs, init: json({ level: 'info', message: 'x'.repeat(MAX_BODY_BYTES + 1024) }), status: 413, code: 'payload_too_large', message: new RegExp(`larger than ${MAX_BODY_SIZE_TEXT}$`) },
  // No body at all names the first field it lacks (fetch sends Content-Length: 0; one without any length: below).
  { what: 'a POST without a body', path: ROUTES.logs, init: { method: 'POST' }, status: 400, code: 'invalid_request', message: /^level: must be one of debug, info, warn, error$/ },
  { what: 'a POST without a body, saying JSON', path: ROUTES.logs, init: { method: 'POST', headers: { 'content-type': 'application/json' } }, status: 400, code: 'invalid_request', message: /^level: must be one of debug, info, warn, error$/ },
  { what: 'a missing message', path: ROUTES.logs, init: json({ level: 'info' }), status: 400, code: 'invalid_request', message: /message/ },
  { what: 'a message that is a number', path: ROUTES.logs, init: json({ level: 'info', message: 42 }), status: 400, code: 'invalid_request', message: /^message: must be a string$/ },
  { what: 'an empty message', path: ROUTES.logs, init: json({ level: 'info', message: '' }), status: 400, code: 'invalid_request', message: /message/ },
  { what: 'a message over 2000 characters', path: ROUTES.logs, init: json({ level: 'info', message: 'x'.repeat(2001) }), status: 400, code: 'invalid_request', message: /message.*2000/ },
  { what: 'an unknown level', path: ROUTES.logs, init: json({ level: 'fatal', message: 'hi' }), status: 400, code: 'invalid_request', message: /^level: must be one of debug, info, warn, error$/ },
  { what: 'a missing level', path: ROUTES.logs, init: json({ message: 'hi' }), status: 400, code: 'invalid_request', message: /level/ },
  { what: 'nested attributes', path: ROUTES.logs, init: json({ level: 'info', message: 'hi', attributes: { a: { b: 1 } } }), status: 400, code: 'invalid_request', message: /^attributes\.a: must be a string, number or boolean$/ },
  { what: 'a JSON array body', path: ROUTES.logs, init: json([1, 2]), status: 400, code: 'invalid_request', message: /^request body must be a JSON object$/ },
  { what: 'an unknown route', path: '/nope', status: 404, code: 'not_found' },
  { what: `a wrong method on ${ROUTES.logs}`, path: ROUTES.logs, init: { method: 'GET' }, status: 405, code: 'method_not_allowed', message: /use POST/ },
  { what: `a wrong method on ${ROUTES.info}`, path: ROUTES.info, init: { method: 'DELETE' }, status: 405, code: 'method_not_allowed' },
  // body-parser hands zlib's error on as a 400 without a type of its own; it is the client's mistake, not a 500.
  { what: 'a gzip body that is not gzip', path: ROUTES.logs, init: { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: '{"level":"info","message":"hi"}' }, status: 400, code: 'malformed_body', message: /^request body could not be read: incorrect header check$/ },
]);

describeAllowedMethods(() => lab.log, {
  [ROUTES.logs]: ['POST'],
  [ROUTES.info]: ['GET', 'HEAD'],
  [HEALTH_PATH]: ['GET', 'HEAD'],
  [READY_PATH]: ['GET', 'HEAD'],
  [METRICS_PATH]: ['GET', 'HEAD'],
});

describe('the body limit, 16 KiB (docs/services.md)', () => {
  // Written out, not read from the code's constant: the test holds the documented number.
  const SIXTEEN_KIB = 16 * 1024;
  const entry = { level: 'info', message: 'a body at the limit', attributes: { padded: true } };

  it('accepts a valid entry of exactly 16 KiB and refuses the same entry one byte longer with 413', async () => {
    const atLimit = await fetch(`${lab.log.url}${ROUTES.logs}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: jsonOfSize(entry, SIXTEEN_KIB) });
    expect(atLimit.status).toBe(201);
    const over = await fetch(`${lab.log.url}${ROUTES.logs}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: jsonOfSize(entry, SIXTEEN_KIB + 1) });
    expect(over.status).toBe(413);
    expect(((await over.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
  });
});

it('answers a POST without any body (no Content-Length, no Transfer-Encoding) with 400 naming the first field, not 415', async () => {
  const connection = await PipelinedConnection.open(lab.log.url);
  try {
    connection.send('POST', ROUTES.logs);
    const [answer] = await connection.responses(1);
    expect(answer?.status).toBe(400);
    expect(JSON.parse(answer?.body ?? '')).toEqual({ error: { code: 'invalid_request', message: 'level: must be one of debug, info, warn, error' } });
  } finally {
    connection.close();
  }
});

describe('echo-service down, slow or answering badly', () => {
  const errorClientSpan = (spans: RawSpan[]) => spans.some((s) => s.kind === 'SPAN_KIND_CLIENT' && s.statusCode === 'STATUS_CODE_ERROR');

  /** The `exception.message` of each exception event on the spans of a kind. */
  const exceptionMessages = (spans: RawSpan[], kind: string): unknown[] =>
    spans
      .filter((s) => s.kind === kind)
      .flatMap((s) => s.events)
      .filter((e) => e.name === 'exception')
      .map((e) => e.attributes['exception.message']);

  it('answers 502 when echo-service is unreachable, with an ERROR client span and the exception on both spans', async () => {
    const closedPort = await freePort();
    const orphan = await startService(LOG_SERVICE, {
      OTEL_EXPORTER_OTLP_ENDPOINT: lab.tempo.otlpEndpoint,
      ...FAST_EXPORT,
      ECHO_SERVICE_URL: `http://127.0.0.1:${closedPort}`,
    });
    const response = await fetch(`${orphan.url}/info`);
    expect(response.status).toBe(502);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('echo_unavailable');
    const traceId = response.headers.get(TRACE_ID_HEADER)!;
    const spans = await lab.tempo.waitForSpans(traceId, errorClientSpan);
    expect(spans.find((s) => s.kind === 'SPAN_KIND_CLIENT')?.statusCode).toBe('STATUS_CODE_ERROR');
    expect(spans.find((s) => s.kind === 'SPAN_KIND_SERVER')).toMatchObject({ name: 'GET /info', statusCode: 'STATUS_CODE_ERROR' });
    expect(exceptionMessages(spans, 'SPAN_KIND_CLIENT')).toHaveLength(1);
    // The handler's error, as log-service answered it, is recorded on the server span (error-handler.ts).
    expect(exceptionMessages(spans, 'SPAN_KIND_SERVER')).toEqual([expect.stringMatching(/^echo-service at http:\/\/127\.0\.0\.1:\d+ is unreachable/)]);
  });

  it('answers 504 in time when echo-service is slower than ECHO_TIMEOUT_MS', async () => {
    const silent: PeerServer = await startSilentServer();
    try {
      const impatient = await startService(LOG_SERVICE, {
        OTEL_EXPORTER_OTLP_ENDPOINT: lab.tempo.otlpEndpoint,
        ...FAST_EXPORT,
        ECHO_SERVICE_URL: silent.url,
        ECHO_TIMEOUT_MS: '300',
      });
      const started = Date.now();
      const response = await fetch(`${impatient.url}/logs`, json({ level: 'warn', message: 'anyone there?' }));
      const tookMs = Date.now() - started;
      expect(response.status).toBe(504);
      expect(tookMs).toBeGreaterThanOrEqual(300);
      expect(tookMs).toBeLessThan(300 + TIMING_MARGIN_MS);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('echo_timeout');
      const traceId = response.headers.get(TRACE_ID_HEADER)!;
      const spans = await lab.tempo.waitForSpans(traceId, errorClientSpan);
      expect(spans.find((s) => s.kind === 'SPAN_KIND_CLIENT')?.statusCode).toBe('STATUS_CODE_ERROR');
      expect(exceptionMessages(spans, 'SPAN_KIND_CLIENT')).toHaveLength(1);
    } finally {
      await silent.close();
    }
  });

  /** A log-service that calls `echoUrl` for echo-service, exporting to the lab's Tempo. */
  const logServiceCalling = (echoUrl: string) =>
    startService(LOG_SERVICE, { OTEL_EXPORTER_OTLP_ENDPOINT: lab.tempo.otlpEndpoint, ...FAST_EXPORT, ECHO_SERVICE_URL: echoUrl });

  it('answers 502 when echo-service answers non-2xx (ECHO_SERVICE_URL names another service, which has no /echo)', async () => {
    // A real misconfiguration, with real processes only: the URL of the lab's own log-service, which answers 404.
    const misrouted = await logServiceCalling(lab.log.url);
    const response = await fetch(`${misrouted.url}/info`);
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({ error: { code: 'echo_failed', message: 'echo-service answered 404' } });
    expect(response.headers.get(TRACE_ID_HEADER)).toMatch(/^[0-9a-f]{32}$/);
    expect(misrouted.process.isRunning).toBe(true);
  });

  it('answers 502 when echo-service answers 200 with a body that is not JSON', async () => {
    // A stand-in for what sits at a wrong URL (an ingress's default page): the real echo-service always answers JSON.
    const htmlPage = await startAnsweringServer({ status: 200, contentType: 'text/html', body: '<html><body>default backend</body></html>' });
    try {
      const response = await fetch(`${(await logServiceCalling(htmlPage.url)).url}/info`);
      expect(response.status).toBe(502);
      expect(await response.json()).toEqual({ error: { code: 'echo_failed', message: 'echo-service answered with a body that is not JSON' } });
      expect(response.headers.get(TRACE_ID_HEADER)).toMatch(/^[0-9a-f]{32}$/);
    } finally {
      await htmlPage.close();
    }
  });

  it('answers an unexpected failure with a generic 500: no stack trace in the body, the error in the log', async () => {
    // Valid JSON nested 100,000 deep, which no real echo-service sends (a stand-in answers it): log-service reads it,
    // then cannot serialize its own answer around it (JSON.stringify recurses: RangeError), a failure nobody planned.
    const depth = 100_000;
    const deep = await startAnsweringServer({ status: 200, contentType: 'application/json', body: '['.repeat(depth) + ']'.repeat(depth) });
    try {
      const failing = await logServiceCalling(deep.url);
      const response = await fetch(`${failing.url}/info`);
      expect(response.status).toBe(500);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await response.text()).toBe('{"error":{"code":"internal_error","message":"internal server error"}}');
      const traceId = response.headers.get(TRACE_ID_HEADER);
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);

      const line = JSON.parse(await failing.process.waitForLine(/"msg":"request failed"/)) as Record<string, any>;
      expect(line).toMatchObject({ level: 50, path: '/info', trace_id: traceId, err: { type: 'RangeError', message: 'Maximum call stack size exceeded' } });
      expect(line.err.stack).toMatch(/^RangeError: Maximum call stack size exceeded\n\s+at /);
      // ...and it keeps serving.
      expect((await fetch(`${failing.url}/healthz`)).status).toBe(200);
      expect(failing.process.isRunning).toBe(true);
    } finally {
      await deep.close();
    }
  });
});
