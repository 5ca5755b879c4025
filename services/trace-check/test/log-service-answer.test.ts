import { describe, expect, it } from 'vitest';
import { echoReceivedTraceparent } from '../src/log-service-request';

describe("log-service's answer: whether echo-service received a traceparent", () => {
  it('reads echo.traceparent of GET /info and POST /logs answers: a header, or null when none came', () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    expect(echoReceivedTraceparent(JSON.stringify({ service: 'log-service', echo: { message: 'ping', traceparent } }))).toBe(true);
    expect(echoReceivedTraceparent(JSON.stringify({ traceId: null, echo: { message: 'hello', traceparent: null } }))).toBe(false);
  });

  it('does not say when the answer does not: an error, another shape, not JSON', () => {
    for (const body of ['{"error":{"code":"echo_unavailable","message":"…"}}', '{"echo":"ping"}', '{"echo":{}}', 'null', '<html>502</html>', '']) {
      expect(echoReceivedTraceparent(body), body).toBeUndefined();
    }
  });
});
