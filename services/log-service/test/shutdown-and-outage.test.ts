import { ECHO_SERVICE, LOG_SERVICE, TELEMETRY_DEFAULTS, TRACE_ID_HEADER } from '@tracing-lab/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHUTDOWN_GRACE_MS } from '../../shared/src/http/run-server';
import { startHeldPath } from '../../../test-support/lab/forwarding-proxy';
import { freePort } from '../../../test-support/lab/free-port';
import { closeAfterAll, echoServiceForThisFile } from '../../../test-support/lab/suite-lifecycle';
import { startSilentServer, type PeerServer } from '../../../test-support/lab/misbehaving-peers';
import { PipelinedConnection, type WireResponse } from '../../../test-support/lab/pipelined-connection';
import { startService } from '../../../test-support/lab/service-process';
import { isNestedTrace } from '../../../test-support/lab/tempo-raw-trace';
import { startTempoStandin } from '../../../test-support/lab/tempo-standin';
import { SIGNAL_TIMEOUT_MS, TIMING_MARGIN_MS, waitFor } from '../../../test-support/timing';

const post = (url: string, message: string) =>
  fetch(`${url}/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ level: 'info', message }) });
const logsBody = (message: string) => ({ contentType: 'application/json', text: JSON.stringify({ level: 'info', message }) });

// Longer than anything in this file: log-service waits for echo-service as long as the test holds the path open.
const PATIENT = { ECHO_TIMEOUT_MS: '600000' };
// The export timeout the preload sets (README: it bounds shutdown when Tempo is down or hanging).
const EXPORT_TIMEOUT_MS = Number(TELEMETRY_DEFAULTS.OTEL_EXPORTER_OTLP_TIMEOUT);
// README: a recurring export failure or span drop is logged once, then at most every 30 s with a count.
const REPORT_INTERVAL_MS = 30_000;

// The real echo-service. A request is kept in flight by a real delay on the network path to it (startHeldPath),
// not by a fake peer, so its span still nests under log-service's in Tempo.
const lab = echoServiceForThisFile();
let silent: PeerServer;
beforeAll(async () => {
  silent = closeAfterAll(await startSilentServer());
});

/** A path to the real echo-service that holds requests until released, and a log-service calling through it. */
async function logServiceBehindHeldPath(env: Record<string, string> = {}) {
  const path = await startHeldPath(lab.echo.url);
  closeAfterAll(path);
  const log = await startService(LOG_SERVICE, { OTEL_EXPORTER_OTLP_ENDPOINT: lab.tempo.otlpEndpoint, ECHO_SERVICE_URL: path.url, ...PATIENT, ...env });
  const inFlight = () => waitFor('the request to reach the path to echo-service', () => (path.requests.length > 0 ? true : undefined));
  return { path, log, inFlight };
}

describe('SIGTERM with a request in flight (to the real echo-service)', () => {
  let newConnection: 'accepted' | 'refused';
  let answers: WireResponse[];
  let exit: { code: number | null; signal: NodeJS.Signals | null };

  beforeAll(async () => {
    // A batch delay far longer than the test: log-service's spans can reach Tempo only through the flush on shutdown.
    const { path, log, inFlight } = await logServiceBehindHeldPath({ OTEL_BSP_SCHEDULE_DELAY: '600000' });
    const connection = await PipelinedConnection.open(log.url);
    connection.send('POST', '/logs', logsBody('last words'));
    await inFlight();
    log.process.child.kill('SIGTERM');
    await log.process.waitForLine(/"msg":"shutting down/);

    newConnection = await fetch(`${log.url}/healthz`, { headers: { connection: 'close' } }).then(
      () => 'accepted' as const,
      () => 'refused' as const,
    );
    // A probe on a connection that was open before shutdown began (behind the request in flight) still gets an answer.
    connection.send('GET', '/readyz');
    path.release();
    answers = await connection.responses(2);
    connection.close();
    exit = await log.process.exited;
  });

  it('refuses new connections once shutdown begins', () => {
    expect(newConnection).toBe('refused');
  });

  it('answers /readyz 503 shutting_down on a connection that was already open', () => {
    expect(answers[1]).toMatchObject({ status: 503 });
    expect(JSON.parse(answers[1]!.body)).toEqual({ error: { code: 'shutting_down', message: 'the service is shutting down' } });
  });

  it('finishes the request in flight, then exits 0', () => {
    expect(answers[0]?.status).toBe(201);
    expect(exit).toEqual({ code: 0, signal: null });
  });

  it('flushes its spans on exit: the whole trace is in Tempo, echo-service nested under log-service', async () => {
    const traceId = answers[0]!.headers[TRACE_ID_HEADER]!;
    const spans = await lab.tempo.waitForSpans(traceId, (s) => isNestedTrace(s, 'POST /logs'));
    expect(isNestedTrace(spans, 'POST /logs'), JSON.stringify(spans, null, 1)).toBe(true);
  });
});

describe('SIGTERM while a request outlives the grace period', () => {
  it(`exits 1 once SHUTDOWN_GRACE_MS (${SHUTDOWN_GRACE_MS} ms) has passed, and says so`, async () => {
    const { log, inFlight } = await logServiceBehindHeldPath(); // the path is never released
    const request = fetch(`${log.url}/info`).then(
      (response) => response.status,
      () => 'no answer' as const,
    );
    await inFlight();
    const signalled = Date.now();
    log.process.child.kill('SIGTERM');
    const exit = await log.process.exited;
    const tookMs = Date.now() - signalled;

    expect(exit).toEqual({ code: 1, signal: null });
    expect(tookMs).toBeGreaterThanOrEqual(SHUTDOWN_GRACE_MS);
    expect(tookMs).toBeLessThan(SHUTDOWN_GRACE_MS + TIMING_MARGIN_MS);
    const line = JSON.parse(await log.process.waitForLine(/shutdown took too long/)) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 50, graceMs: SHUTDOWN_GRACE_MS, msg: 'shutdown took too long; exiting' });
    expect(await request).toBe('no answer');
  }, SHUTDOWN_GRACE_MS + SIGNAL_TIMEOUT_MS);
});

describe('SIGTERM when Tempo cannot take the last spans', () => {
  it.each([
    { tempoState: 'down', endpoint: async () => `http://127.0.0.1:${await freePort()}` },
    { tempoState: 'hanging', endpoint: async () => silent.url },
  ])('exits 0 within the export timeout (plus the margin) when Tempo is $tempoState', async ({ endpoint }) => {
    const log = await startService(LOG_SERVICE, { OTEL_EXPORTER_OTLP_ENDPOINT: await endpoint(), ECHO_SERVICE_URL: lab.echo.url });
    expect((await post(log.url, 'nobody will store this')).status).toBe(201);
    const signalled = Date.now();
    expect(await log.process.stop('SIGTERM', SHUTDOWN_GRACE_MS + SIGNAL_TIMEOUT_MS)).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalled).toBeLessThan(EXPORT_TIMEOUT_MS + TIMING_MARGIN_MS);
  });
});

describe('Tempo hanging while spans pile up', () => {
  it('serves every request; each kind of warning (export failure, dropped spans, a batch larger than the queue) is logged at once, then after 30 s with a count', async () => {
    // A queue of 10 spans fills within 4 requests, while each export to the silent "Tempo" waits out its timeout.
    // A batch larger than the queue is a different SDK warning, logged at start: it must not hold back the first
    // dropped-spans warning (warnings are rate-limited per kind).
    const log = await startService(LOG_SERVICE, {
      OTEL_EXPORTER_OTLP_ENDPOINT: silent.url,
      OTEL_BSP_MAX_QUEUE_SIZE: '10',
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '20',
      ECHO_SERVICE_URL: lab.echo.url,
    });
    const warnings = (msg: RegExp) =>
      log.process
        .output()
        .split('\n')
        .filter((line) => line.includes('"level":40'))
        .map((line) => JSON.parse(line) as { time: string; msg: string; suppressed: number })
        .filter((line) => msg.test(line.msg));
    const exportFailed = /^trace export failed: 4 DEADLINE_EXCEEDED/;
    const dropped = /^opentelemetry: Dropped \d+ spans because maxQueueSize reached$/;
    const batchTooLarge = /^opentelemetry: BatchSpanProcessor: maxExportBatchSize must be smaller or equal to maxQueueSize/;

    // Steady load (one request at a time, paced so the machine stays usable) until both warnings came a second time.
    const statuses = new Map<number | 'error', number>();
    let loading = true;
    const load = (async () => {
      while (loading) {
        const status = await fetch(`${log.url}/info`).then((r) => r.status, () => 'error' as const);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    try {
      for (const msg of [exportFailed, dropped]) {
        await waitFor(`a second warning ${msg}`, () => (warnings(msg).length >= 2 ? true : undefined), REPORT_INTERVAL_MS + EXPORT_TIMEOUT_MS + SIGNAL_TIMEOUT_MS);
      }
    } finally {
      loading = false;
      await load;
    }

    expect([...statuses.keys()]).toEqual([200]);
    const [startWarning] = warnings(batchTooLarge);
    expect(startWarning, 'the batch-size warning at start').toMatchObject({ suppressed: 0 });
    expect(Date.parse(warnings(dropped)[0]!.time) - Date.parse(startWarning!.time), 'first dropped-spans warning after it').toBeLessThan(REPORT_INTERVAL_MS);
    for (const msg of [exportFailed, dropped]) {
      const [first, second] = warnings(msg);
      expect(first!.suppressed, msg.source).toBe(0);
      expect(Date.parse(second!.time) - Date.parse(first!.time), msg.source).toBeGreaterThanOrEqual(REPORT_INTERVAL_MS);
      // Held back in between, and counted: the exports kept timing out, the queue kept overflowing.
      expect(second!.suppressed, msg.source).toBeGreaterThanOrEqual(1);
    }
  }, 2 * REPORT_INTERVAL_MS + 2 * SIGNAL_TIMEOUT_MS);
});

describe('OTEL_SDK_DISABLED=true', () => {
  it('serves without tracing: no x-trace-id, no traceparent sent, nothing exported', async () => {
    const own = await startTempoStandin();
    const env = { OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: own.otlpEndpoint };
    const untracedEcho = await startService(ECHO_SERVICE, env);
    const log = await startService(LOG_SERVICE, { ...env, ECHO_SERVICE_URL: untracedEcho.url });
    const response = await fetch(`${log.url}/info`);
    expect(response.status).toBe(200);
    expect(response.headers.get(TRACE_ID_HEADER)).toBeNull();
    expect(((await response.json()) as { echo: { traceparent: unknown } }).echo.traceparent).toBeNull();

    // A traced service would flush whatever it still holds on SIGTERM; so once both exited, the stand-in has all.
    expect(await log.process.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(await untracedEcho.process.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    const stats = (await (await fetch(`${own.url}/standin/stats`)).json()) as Record<string, number>;
    expect(stats).toEqual({ spans: 0, traces: 0, exportRequests: 0 });
  });
});
