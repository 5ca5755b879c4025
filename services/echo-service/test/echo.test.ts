import { ECHO_SERVICE, HEALTH_PATH, MAX_BODY_BYTES, MAX_BODY_SIZE_TEXT, METRICS_PATH, READY_PATH, ROUTES, TRACE_ID_HEADER } from '@tracing-lab/contract';
import { describe, expect, it } from 'vitest';
import { describeAllowedMethods } from '../../../test-support/lab/allowed-methods';
import { describeBadRequests, jsonPost } from '../../../test-support/lab/bad-requests';
import { PipelinedConnection } from '../../../test-support/lab/pipelined-connection';
import { jsonOfSize } from '../../../test-support/lab/sized-json-body';
import { echoServiceForThisFile } from '../../../test-support/lab/suite-lifecycle';

// echo-service as a real process with its real start command, exporting OTLP/gRPC to the Tempo stand-in.
const lab = echoServiceForThisFile();

describe(ECHO_SERVICE, () => {
  it('echoes GET and POST with the traceparent it received, continuing that trace', async () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const get = await fetch(`${lab.echo.url}${ROUTES.echo}?message=${encodeURIComponent('hi there')}`, { headers: { traceparent } });
    const post = await fetch(`${lab.echo.url}${ROUTES.echo}`, { ...jsonPost({ message: 'hi there' }), headers: { 'content-type': 'application/json', traceparent } });
    for (const response of [get, post]) {
      expect(response.status).toBe(200);
      const body = (await response.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ message: 'hi there', service: ECHO_SERVICE, traceparent });
      expect(Number.isNaN(Date.parse(String(body.receivedAt)))).toBe(false);
      // The incoming trace is continued, not replaced.
      expect(response.headers.get(TRACE_ID_HEADER)).toBe('0af7651916cd43dd8448eb211c80319c');
    }
  });
});

describeBadRequests(() => ({ service: lab.echo, tempo: lab.tempo }), [
  { what: `a wrong method on ${ROUTES.echo}`, path: ROUTES.echo, init: { ...jsonPost({}), method: 'PUT' }, status: 405, code: 'method_not_allowed', message: /use GET, HEAD, POST$/ },
  { what: 'a POST without a body', path: ROUTES.echo, init: { method: 'POST' }, status: 400, code: 'invalid_request', message: /^message: must be a string$/ },
  { what: 'a POST without a body, saying JSON', path: ROUTES.echo, init: { method: 'POST', headers: { 'content-type': 'application/json' } }, status: 400, code: 'invalid_request', message: /^message: must be a string$/ },
  { what: 'a missing message', path: ROUTES.echo, init: jsonPost({}), status: 400, code: 'invalid_request', message: /message/ },
  { what: 'malformed JSON', path: ROUTES.echo, init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' }, status: 400, code: 'malformed_json' },
  { what: 'a body that is not JSON', path: ROUTES.echo, init: { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' }, status: 415, code: 'unsupported_media_type' },
  { what: `a body over ${MAX_BODY_SIZE_TEXT}`, path: ROUTES.echo, init: jsonPost({ message: 'x'.repeat(MAX_BODY_BYTES + 1024) }), status: 413, code: 'payload_too_large' },
  { what: 'an unknown route', path: `${ROUTES.echo}/nope`, status: 404, code: 'not_found', message: /^no route for GET \/echo\/nope$/ },
]);

describeAllowedMethods(() => lab.echo, {
  [ROUTES.echo]: ['GET', 'HEAD', 'POST'],
  [HEALTH_PATH]: ['GET', 'HEAD'],
  [READY_PATH]: ['GET', 'HEAD'],
  [METRICS_PATH]: ['GET', 'HEAD'],
});

describe('the body limit, 16 KiB (docs/services.md)', () => {
  // Written out, not read from the code's constant: the test holds the documented number.
  const SIXTEEN_KIB = 16 * 1024;
  const post = (body: string) => fetch(`${lab.echo.url}${ROUTES.echo}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('accepts a valid body of exactly 16 KiB and refuses the same body one byte longer with 413', async () => {
    const atLimit = await post(jsonOfSize({ message: 'a body at the limit' }, SIXTEEN_KIB));
    expect(atLimit.status).toBe(200);
    expect(((await atLimit.json()) as { message: string }).message).toBe('a body at the limit');
    const over = await post(jsonOfSize({ message: 'a body at the limit' }, SIXTEEN_KIB + 1));
    expect(over.status).toBe(413);
    expect(((await over.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
  });
});

it('answers a POST without any body (no Content-Length, no Transfer-Encoding) with 400 naming the field, not 415', async () => {
  const connection = await PipelinedConnection.open(lab.echo.url);
  try {
    connection.send('POST', ROUTES.echo);
    const [answer] = await connection.responses(1);
    expect(answer?.status).toBe(400);
    expect(JSON.parse(answer?.body ?? '')).toEqual({ error: { code: 'invalid_request', message: 'message: must be a string' } });
  } finally {
    connection.close();
  }
});
