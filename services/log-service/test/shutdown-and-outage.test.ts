import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSilentServer, startSlowEcho, type PeerServer } from '../../../test-support/fake-echo-peers';
import { freePort } from '../../../test-support/free-port';
import { stopAllProcesses } from '../../../test-support/managed-process';
import { startService } from '../../../test-support/service-process';
import { startTempoStandin, type RunningTempoStandin } from '../../../test-support/tempo-standin';

const post = (url: string, message: string) =>
  fetch(`${url}/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ level: 'info', message }) });

let tempo: RunningTempoStandin;
let slowEcho: PeerServer;
let silent: PeerServer;

beforeAll(async () => {
  tempo = await startTempoStandin();
  slowEcho = await startSlowEcho(500);
  silent = await startSilentServer();
});
afterAll(async () => {
  await stopAllProcesses();
  await slowEcho.close();
  await silent.close();
});

describe('SIGTERM', () => {
  it('finishes the in-flight request, flushes its spans to Tempo and exits 0', async () => {
    // The default 1 s batch delay: without the flush on shutdown, the span would still be queued at exit.
    const log = await startService('log-service', { OTEL_EXPORTER_OTLP_ENDPOINT: tempo.otlpEndpoint, ECHO_SERVICE_URL: slowEcho.url });
    const inFlight = post(log.url, 'last words');
    await new Promise((resolve) => setTimeout(resolve, 150));
    const exit = log.process.stop('SIGTERM');

    const response = await inFlight;
    expect(response.status).toBe(201);
    expect(await exit).toEqual({ code: 0, signal: null });

    const traceId = response.headers.get('x-trace-id')!;
    const spans = await tempo.spans(traceId);
    expect(spans.find((s) => s.kind === 'SPAN_KIND_SERVER')?.name).toBe('POST /logs');
    expect(spans.some((s) => s.kind === 'SPAN_KIND_CLIENT' && s.service === 'log-service')).toBe(true);
  });

  it('stops accepting new connections once shutdown begins', async () => {
    const log = await startService('log-service', { OTEL_EXPORTER_OTLP_ENDPOINT: tempo.otlpEndpoint, ECHO_SERVICE_URL: slowEcho.url });
    const inFlight = post(log.url, 'keeps the server busy');
    await new Promise((resolve) => setTimeout(resolve, 100));
    log.process.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(fetch(`${log.url}/healthz`, { headers: { connection: 'close' } })).rejects.toThrow();
    expect((await inFlight).status).toBe(201);
    expect(await log.process.exited).toEqual({ code: 0, signal: null });
  });

  it.each([
    { tempoState: 'down', endpoint: async () => `http://127.0.0.1:${await freePort()}` },
    { tempoState: 'hanging', endpoint: async () => silent.url },
  ])('exits 0 within a few seconds when Tempo is $tempoState', async ({ endpoint }) => {
    const log = await startService('log-service', { OTEL_EXPORTER_OTLP_ENDPOINT: await endpoint(), ECHO_SERVICE_URL: slowEcho.url });
    expect((await post(log.url, 'nobody will store this')).status).toBe(201);
    const started = Date.now();
    expect(await log.process.stop('SIGTERM', 20_000)).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(6_000);
  });
});

describe('Tempo unreachable', () => {
  it('serves every request and logs export failures without one line per span', async () => {
    const unreachable = `http://127.0.0.1:${await freePort()}`;
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: unreachable, OTEL_BSP_SCHEDULE_DELAY: '50' };
    const echo = await startService('echo-service', env);
    const log = await startService('log-service', { ...env, ECHO_SERVICE_URL: echo.url });

    for (let batch = 0; batch < 10; batch++) {
      const statuses = await Promise.all(Array.from({ length: 10 }, () => fetch(`${log.url}/info`).then((r) => r.status)));
      expect(statuses).toEqual(Array(10).fill(200));
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    const failures = log.process
      .output()
      .split('\n')
      .filter((line) => line.includes('trace export failed'));
    expect(failures.length).toBeGreaterThanOrEqual(1);
    expect(failures.length).toBeLessThanOrEqual(2);
    expect(JSON.parse(failures[0]!)).toMatchObject({ level: 40, msg: expect.stringContaining('UNAVAILABLE') });
  });
});

describe('OTEL_SDK_DISABLED=true', () => {
  it('serves without tracing: no x-trace-id, no spans exported', async () => {
    const env = { OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: tempo.otlpEndpoint };
    const echo = await startService('echo-service', env);
    const log = await startService('log-service', { ...env, ECHO_SERVICE_URL: echo.url });
    const response = await fetch(`${log.url}/info`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-trace-id')).toBeNull();
    expect(((await response.json()) as { echo: { traceparent: unknown } }).echo.traceparent).toBeNull();
  });
});
