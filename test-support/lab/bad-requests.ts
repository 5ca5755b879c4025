import { HEALTH_PATH, TRACE_ID_HEADER } from '@tracing-lab/contract';
import { describe, expect, it } from 'vitest';
import type { RunningService } from './service-process';
import type { RunningTempoStandin } from './tempo-standin';

/** A request a service must refuse with a 4xx JSON error, `{ error: { code, message } }`, and keep serving. */
export interface BadRequest {
  what: string;
  path: string;
  init?: RequestInit;
  status: number;
  code: string;
  message?: RegExp;
}

/** `POST` with a JSON body. */
export const jsonPost = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/**
 * The suite every service's bad input gets: each request answered with its status, code and message (and `Allow` on
 * 405), the trace its `x-trace-id` names holding the service's server span with that status, and the service still
 * serving afterwards. `lab()` gives the running service and Tempo stand-in (set up by the caller's beforeAll).
 */
export function describeBadRequests(lab: () => { service: RunningService; tempo: RunningTempoStandin }, badRequests: readonly BadRequest[]): void {
  describe(`bad input gets a 4xx JSON error and the service keeps serving`, () => {
    const errorTraces: Array<{ traceId: string; status: number }> = [];

    it.each(badRequests)('$what → $status $code', async ({ path, init, status, code, message }) => {
      const response = await fetch(`${lab().service.url}${path}`, init);
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe(code);
      expect(body.error.message).toEqual(expect.any(String));
      if (message) expect(body.error.message).toMatch(message);
      if (status === 405) expect(response.headers.get('allow')).toBeTruthy();
      const traceId = response.headers.get(TRACE_ID_HEADER);
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);
      errorTraces.push({ traceId: traceId!, status });
    });

    it(`names in ${TRACE_ID_HEADER} the trace of the failed request: its server span in Tempo carries the status`, async () => {
      const { service, tempo } = lab();
      expect(errorTraces).toHaveLength(badRequests.length);
      for (const { traceId, status } of errorTraces) {
        const spans = await tempo.waitForSpans(traceId, (s) => s.some((span) => span.kind === 'SPAN_KIND_SERVER'));
        const server = spans.find((span) => span.kind === 'SPAN_KIND_SERVER');
        expect(server, traceId).toMatchObject({ service: service.name, attributes: { 'http.response.status_code': String(status) } });
      }
    });

    it('still serves after all of them', async () => {
      const { service } = lab();
      expect(service.process.isRunning).toBe(true);
      expect((await fetch(`${service.url}${HEALTH_PATH}`)).status).toBe(200);
    });
  });
}
