import { ECHO_FAULT_ENV, ECHO_SERVICE, ROUTES, TRACE_ID_HEADER } from '@tracing-lab/contract';
import { describe, expect, it } from 'vitest';
import { FAST_EXPORT } from '../../../test-support/lab/loopback-lab';
import { startService, startupFailure } from '../../../test-support/lab/service-process';
import { stopEverythingAfterAll } from '../../../test-support/lab/suite-lifecycle';
import { endNs, startNs } from '../../../test-support/lab/tempo-raw-trace';
import { startTempoStandin } from '../../../test-support/lab/tempo-standin';
import { TIMING_MARGIN_MS } from '../../../test-support/timing';
import { parseEnv } from '../../shared/src/env/load-env';
import { echoServiceEnvSchema } from '../src/env';

// echo-service broken on purpose (docs/debugging.md), as a real process with its real start command.
stopEverythingAfterAll();

const echoRequest = (url: string) =>
  fetch(`${url}${ROUTES.echo}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"message":"ping"}' });

async function echoServiceWith(faults: Record<string, string>) {
  const tempo = await startTempoStandin();
  const echo = await startService(ECHO_SERVICE, { ...FAST_EXPORT, OTEL_EXPORTER_OTLP_ENDPOINT: tempo.otlpEndpoint, ...faults });
  return { tempo, echo };
}

describe('echo-service faults', () => {
  it('are off by default, and a bad value names its variable at start', () => {
    expect(parseEnv(echoServiceEnvSchema, {})).toMatchObject({ [ECHO_FAULT_ENV.latencyMs]: 0, [ECHO_FAULT_ENV.errorRatio]: 0 });
    expect(parseEnv(echoServiceEnvSchema, { [ECHO_FAULT_ENV.latencyMs]: '250', [ECHO_FAULT_ENV.errorRatio]: '0.25' })).toMatchObject({
      [ECHO_FAULT_ENV.latencyMs]: 250,
      [ECHO_FAULT_ENV.errorRatio]: 0.25,
    });
    expect(startupFailure(ECHO_SERVICE, { [ECHO_FAULT_ENV.errorRatio]: '1.5' })).toBe(`invalid environment variable ${ECHO_FAULT_ENV.errorRatio}="1.5": expected a number from 0 to 1`);
    expect(startupFailure(ECHO_SERVICE, { [ECHO_FAULT_ENV.latencyMs]: 'slow' })).toBe(
      `invalid environment variable ${ECHO_FAULT_ENV.latencyMs}="slow": expected an integer from 0 to 600000`,
    );
  });

  it(`${ECHO_FAULT_ENV.latencyMs}: every answer waits that long, inside the server span, and the log says so at start`, async () => {
    const { tempo, echo } = await echoServiceWith({ [ECHO_FAULT_ENV.latencyMs]: '400' });
    expect(echo.process.output()).toContain('"msg":"faults on: echo-service is broken on purpose (docs/debugging.md)"');
    const started = Date.now();
    const answer = await echoRequest(echo.url);
    const took = Date.now() - started;
    expect(answer.status).toBe(200);
    expect(took).toBeGreaterThanOrEqual(400);
    expect(took).toBeLessThan(400 + TIMING_MARGIN_MS);
    const [span] = await tempo.waitForSpans(answer.headers.get(TRACE_ID_HEADER)!, (spans) => spans.length > 0);
    expect(Number(endNs(span!) - startNs(span!)) / 1e6).toBeGreaterThanOrEqual(400);
  });

  it(`${ECHO_FAULT_ENV.errorRatio}=1: every answer is a 500 that says it was on purpose, recorded on the server span`, async () => {
    const { tempo, echo } = await echoServiceWith({ [ECHO_FAULT_ENV.errorRatio]: '1' });
    const answer = await echoRequest(echo.url);
    expect(answer.status).toBe(500);
    expect(await answer.json()).toEqual({ error: { code: 'injected_fault', message: `echo-service failed on purpose (${ECHO_FAULT_ENV.errorRatio}=1)` } });
    const [span] = await tempo.waitForSpans(answer.headers.get(TRACE_ID_HEADER)!, (spans) => spans.length > 0);
    expect(span).toMatchObject({ name: 'POST /echo', statusCode: 'STATUS_CODE_ERROR' });
    expect(span!.events.find((e) => e.name === 'exception')?.attributes['exception.message']).toBe(`echo-service failed on purpose (${ECHO_FAULT_ENV.errorRatio}=1)`);
  });

  it(`${ECHO_FAULT_ENV.errorRatio}=0.5: about half of the answers fail`, async () => {
    const { echo } = await echoServiceWith({ [ECHO_FAULT_ENV.errorRatio]: '0.5' });
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) statuses.push((await echoRequest(echo.url)).status);
    const failed = statuses.filter((status) => status === 500).length;
    // 200 fair coin flips: outside 60..140 with a chance below 1 in 10^8.
    expect(failed).toBeGreaterThan(60);
    expect(failed).toBeLessThan(140);
    expect(statuses.filter((status) => status !== 500 && status !== 200)).toEqual([]);
  });
});
