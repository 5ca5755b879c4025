import { ECHO_SERVICE, ROUTES, TRACE_ID_HEADER } from '@tracing-lab/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { FAST_EXPORT } from '../../../test-support/lab/loopback-lab';
import { startService } from '../../../test-support/lab/service-process';
import { stopEverythingAfterAll } from '../../../test-support/lab/suite-lifecycle';
import { startTempoStandin, type RunningTempoStandin } from '../../../test-support/lab/tempo-standin';

// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, the signal's own endpoint, wins over OTEL_EXPORTER_OTLP_ENDPOINT
// (docs/services.md, as the OpenTelemetry specification says), seen from outside: echo-service as a real process
// with both set to two different Tempo stand-ins, and where its span arrives.
let general: RunningTempoStandin;
let tracesOnly: RunningTempoStandin;
beforeAll(async () => {
  [general, tracesOnly] = await Promise.all([startTempoStandin(), startTempoStandin()]);
});
stopEverythingAfterAll();

/** The export requests a stand-in has received (its own counter, GET /standin/stats). */
const exportRequests = async (tempo: RunningTempoStandin): Promise<number> =>
  ((await (await fetch(`${tempo.url}/standin/stats`)).json()) as { exportRequests: number }).exportRequests;

/** One request to echo-service; the trace id it answers with. */
const traceOfOneRequest = async (url: string): Promise<string> => (await fetch(`${url}${ROUTES.echo}?message=where`)).headers.get(TRACE_ID_HEADER)!;

describe('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', () => {
  it('wins over OTEL_EXPORTER_OTLP_ENDPOINT: the spans go to it, none to the other', async () => {
    const before = await exportRequests(general);
    const echo = await startService(ECHO_SERVICE, {
      ...FAST_EXPORT,
      OTEL_EXPORTER_OTLP_ENDPOINT: general.otlpEndpoint,
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: tracesOnly.otlpEndpoint,
    });
    const traceId = await traceOfOneRequest(echo.url);
    const spans = await tracesOnly.waitForSpans(traceId, (found) => found.length > 0);
    expect(spans.map((span) => span.name)).toEqual(['GET /echo']);
    // The exporter has one URL: once the batch arrived there, the other stand-in can no longer receive it.
    expect(await echo.process.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(await exportRequests(general)).toBe(before);
  });

  it('empty counts as unset: the spans go to OTEL_EXPORTER_OTLP_ENDPOINT', async () => {
    const echo = await startService(ECHO_SERVICE, { ...FAST_EXPORT, OTEL_EXPORTER_OTLP_ENDPOINT: general.otlpEndpoint, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '' });
    const traceId = await traceOfOneRequest(echo.url);
    expect((await general.waitForSpans(traceId, (found) => found.length > 0)).map((span) => span.name)).toEqual(['GET /echo']);
  });
});
