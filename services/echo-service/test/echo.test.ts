import { ECHO_SERVICE, MAX_BODY_BYTES, MAX_BODY_SIZE_TEXT, ROUTES, TRACE_ID_HEADER } from '@tracing-lab/contract';
import { describe, expect, it } from 'vitest';
import { describeBadRequests, jsonPost } from '../../../test-support/lab/bad-requests';
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
  { what: `a wrong method on ${ROUTES.echo}`, path: ROUTES.echo, init: { ...jsonPost({}), method: 'PUT' }, status: 405, code: 'method_not_allowed', message: /GET, POST/ },
  { what: 'a missing message', path: ROUTES.echo, init: jsonPost({}), status: 400, code: 'invalid_request', message: /message/ },
  { what: 'malformed JSON', path: ROUTES.echo, init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' }, status: 400, code: 'malformed_json' },
  { what: 'a body that is not JSON', path: ROUTES.echo, init: { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' }, status: 415, code: 'unsupported_media_type' },
  { what: `a body over ${MAX_BODY_SIZE_TEXT}`, path: ROUTES.echo, init: jsonPost({ message: 'x'.repeat(MAX_BODY_BYTES + 1024) }), status: 413, code: 'payload_too_large' },
  { what: 'an unknown route', path: `${ROUTES.echo}/nope`, status: 404, code: 'not_found', message: /^no route for GET \/echo\/nope$/ },
]);
