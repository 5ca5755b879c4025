import { LOG_SERVICE, TRACE_CHECK_FLAGS, TRACE_ID_HEADER } from '@tracing-lab/contract';
import { closeSync, openSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { describe, expect, it, type ExpectStatic } from 'vitest';
import { startForwardingProxy, startTempoWithoutV2Api } from '../../test-support/lab/forwarding-proxy';
import { freePort } from '../../test-support/lab/free-port';
import { FAST_EXPORT } from '../../test-support/lab/loopback-lab';
import { startAnsweringServer, startSilentServer } from '../../test-support/lab/misbehaving-peers';
import { startService } from '../../test-support/lab/service-process';
import { startTempoStandin } from '../../test-support/lab/tempo-standin';
import { TIMING_MARGIN_MS, waitFor } from '../../test-support/timing';
import { failedAfterMs, LAB_POLL_INTERVAL_MS, labArgs, problemLines, runTraceCheckCli } from '../../test-support/lab/trace-check-process';
import { closeAfterAll, labForThisFile } from '../../test-support/lab/suite-lifecycle';

// How trace-check fails: each case runs the CLI as a real process and asserts its exit code and the lines a person
// reads. Where the real lab cannot be made to misbehave, a real server on loopback stands in for the bad peer and
// is named as such (a forwarding proxy in front of a real process, or a server answering one bad answer).
const lab = labForThisFile();

const TIMEOUT_S = 2;
const track = closeAfterAll;
const traceIdOf = (stdout: string): string => /x-trace-id ([0-9a-f]{32})/.exec(stdout)?.[1] ?? 'none';

/** A failed check waits until its deadline, and not much longer: the deadline plus the margin. */
function expectDeadlineKept(stdout: string, timeoutSeconds = TIMEOUT_S): void {
  expect(failedAfterMs(stdout)).toBeGreaterThanOrEqual(timeoutSeconds * 1000);
  expect(failedAfterMs(stdout)).toBeLessThan(timeoutSeconds * 1000 + TIMING_MARGIN_MS);
}

describe('log-service unreachable', () => {
  it('retries the request until log-service answers (it may still be starting), then passes', async () => {
    // Until log-service listens on its port, a server there takes each connection and drops it (a connection
    // error, as while a pod starts); it counts them, so the test knows trace-check has failed at least twice.
    const port = await freePort();
    const dropped: Socket[] = [];
    const dropper = createServer((socket) => {
      dropped.push(socket);
      socket.destroy();
    });
    await new Promise<void>((resolve) => dropper.listen(port, '127.0.0.1', resolve));
    const run = runTraceCheckCli(labArgs(`http://127.0.0.1:${port}`, lab.tempo.url, 60));
    await waitFor('trace-check to be dropped twice', () => (dropped.length >= 2 ? true : undefined));
    await new Promise<void>((resolve) => dropper.close(() => resolve()));
    await startService(LOG_SERVICE, { ...FAST_EXPORT, OTEL_EXPORTER_OTLP_ENDPOINT: lab.tempo.otlpEndpoint, ECHO_SERVICE_URL: lab.echo.url, PORT: String(port) });

    const { code, stdout, stderr } = await run;
    expect(code, stdout + stderr).toBe(0);
    expect(stdout).toMatch(new RegExp(`^trace-check: GET http://127\\.0\\.0\\.1:${port}/info → 200, x-trace-id [0-9a-f]{32}$`, 'm'));
    expect(stdout).toMatch(/^OK in /m);
  });

  it('exits 1 at the deadline with "log-service unreachable", the URL and the cause', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const { code, stdout } = await runTraceCheckCli(labArgs(url, lab.tempo.url, TIMEOUT_S));
    expect(code).toBe(1);
    expect(stdout.split('\n')[0]).toBe(`trace-check: GET ${url}/info → no answer`);
    expect(problemLines(stdout)).toEqual([`  - log-service unreachable: GET ${url}/info failed: fetch failed (ECONNREFUSED)`]);
    expectDeadlineKept(stdout);
  });
});

describe('log-service answering unexpectedly', () => {
  it('reports an unexpected status, and still looks for the trace it names', async () => {
    // A real log-service whose echo-service is down: it answers 502, with x-trace-id.
    const echoUrl = `http://127.0.0.1:${await freePort()}`;
    const log = await startService(LOG_SERVICE, { ...FAST_EXPORT, OTEL_EXPORTER_OTLP_ENDPOINT: lab.tempo.otlpEndpoint, ECHO_SERVICE_URL: echoUrl });
    const { code, stdout } = await runTraceCheckCli(labArgs(log.url, lab.tempo.url, TIMEOUT_S));
    expect(code).toBe(1);
    // The answer says echo-service was never reached, so its span cannot arrive: reported as soon as log-service's
    // spans are in, without waiting for the deadline.
    expect(problemLines(stdout)).toEqual([
      `  - log-service answered 502 to GET /info, expected 200: {"error":{"code":"echo_unavailable","message":"echo-service at ${echoUrl} is unreachable (ECONNREFUSED)"}}`,
      '  - no echo-service spans in the trace (services seen: log-service)',
    ]);
    expect(failedAfterMs(stdout)).toBeLessThan(TIMEOUT_S * 1000);
    expect(stdout).toMatch(/^log-service\s+ +POST \[ERROR\]/m); // the trace was found: its failed client span
  });

  it('quotes an unexpected answer on one line, cut short: an HTML error page', async () => {
    // What a proxy in front of a down log-service answers: nginx's 502 page, CRLF lines and its padding comments.
    const body = [
      '<html>',
      '<head><title>502 Bad Gateway</title></head>',
      '<body>',
      '<center><h1>502 Bad Gateway</h1></center>',
      '<hr><center>nginx</center>',
      '</body>',
      '</html>',
      ...Array<string>(6).fill('<!-- a padding to disable MSIE and Chrome friendly error page -->'),
    ].join('\r\n');
    const gateway = track(await startAnsweringServer({ status: 502, contentType: 'text/html', body }));
    const { code, stdout } = await runTraceCheckCli(labArgs(gateway.url, lab.tempo.url, 60));
    expect(code).toBe(1);
    // Whitespace collapsed, the first 200 characters kept, then an ellipsis.
    expect(problemLines(stdout)).toEqual([
      '  - log-service answered 502 to GET /info, expected 200: <html> <head><title>502 Bad Gateway</title></head> <body> <center><h1>502 Bad Gateway</h1></center> <hr><center>nginx</center> </body> </html> <!-- a padding to disable MSIE and Chrome friendly error …',
      "  - no x-trace-id header in log-service's answer, so there is no trace to look for",
    ]);
  });

  it('exits 1 at once when the answer carries no x-trace-id (log-service runs without tracing)', async () => {
    const env = { OTEL_SDK_DISABLED: 'true' };
    const log = await startService(LOG_SERVICE, { ...env, ECHO_SERVICE_URL: lab.echo.url });
    const { code, stdout } = await runTraceCheckCli(labArgs(log.url, lab.tempo.url, 60));
    expect(code).toBe(1);
    expect(stdout.split('\n')[0]).toBe(`trace-check: GET ${log.url}/info → 200`);
    expect(problemLines(stdout)).toEqual(["  - no x-trace-id header in log-service's answer, so there is no trace to look for"]);
    expect(failedAfterMs(stdout)).toBeLessThan(TIMING_MARGIN_MS); // no waiting for a trace it cannot name
  });

  it("exits 1 at the deadline when the services' sampler drops every trace, saying so", async () => {
    const log = await startService(LOG_SERVICE, { ...FAST_EXPORT, OTEL_TRACES_SAMPLER: 'always_off', OTEL_EXPORTER_OTLP_ENDPOINT: lab.tempo.otlpEndpoint, ECHO_SERVICE_URL: lab.echo.url });
    const { code, stdout } = await runTraceCheckCli(labArgs(log.url, lab.tempo.url, TIMEOUT_S));
    expect(code).toBe(1);
    const [problem, ...others] = problemLines(stdout);
    expect(others).toEqual([]);
    expect(problem).toMatch(
      new RegExp(`^  - none of the \\d+ requests sent in ${TIMEOUT_S} s was sampled \\(traceresponse flags 00\\): the services' sampler \\(OTEL_TRACES_SAMPLER, OTEL_TRACES_SAMPLER_ARG\\) dropped every trace$`),
    );
    expectDeadlineKept(stdout);
  });

  it('exits 1 at once when x-trace-id is not a trace id', async () => {
    // A proxy in front of the real log-service that mangles the header (a gateway rewriting headers).
    const mangling = track(await startForwardingProxy(lab.log.url, { responseHeaders: (h) => ({ ...h, [TRACE_ID_HEADER]: 'not-a-trace-id' }) }));
    const { code, stdout } = await runTraceCheckCli(labArgs(mangling.url, lab.tempo.url, 60));
    expect(code).toBe(1);
    expect(problemLines(stdout)).toEqual([`  - x-trace-id "not-a-trace-id" is not a trace id in log-service's answer, so there is no trace to look for`]);
    expect(failedAfterMs(stdout)).toBeLessThan(TIMING_MARGIN_MS);
  });

  it.each(['', '/'])('reaches log-service under a path prefix (--log-service-url …/lab%s)', async (slash) => {
    // An ingress that serves log-service under /lab/ and nothing else.
    const ingress = track(await startForwardingProxy(lab.log.url, { upstreamPath: (path) => (path.startsWith('/lab/') ? path.slice('/lab'.length) : undefined) }));
    const { code, stdout, stderr } = await runTraceCheckCli(labArgs(`${ingress.url}/lab${slash}`, lab.tempo.url));
    expect(code, stdout + stderr).toBe(0);
    expect(ingress.requests).toEqual(['GET /lab/info']);
    expect(stdout.split('\n')[0]).toMatch(new RegExp(`^trace-check: GET ${ingress.url}/lab/info → 200, x-trace-id `));
  });
});

describe('Tempo unreachable or unreadable', () => {
  it('exits 1 at the deadline when Tempo is unreachable, naming its URL and the cause', async () => {
    const tempoUrl = `http://127.0.0.1:${await freePort()}`;
    const { code, stdout } = await runTraceCheckCli(labArgs(lab.log.url, tempoUrl, TIMEOUT_S));
    expect(code).toBe(1);
    expect(problemLines(stdout)).toEqual([`  - after ${TIMEOUT_S} s: Tempo at ${tempoUrl} could not be read: fetch failed (ECONNREFUSED)`]);
    expectDeadlineKept(stdout);
  });

  it('exits 1 when Tempo answers something that is not JSON, quoting it', async () => {
    // What a wrong Tempo URL often reaches: a web page (here a server answering every request with one).
    const page = track(await startAnsweringServer({ status: 200, contentType: 'text/html', body: '<!doctype html>\n<html>\n  <body>Welcome</body>\n</html>\n' }));
    const { code, stdout } = await runTraceCheckCli(labArgs(lab.log.url, page.url, TIMEOUT_S));
    expect(code).toBe(1);
    const traceId = traceIdOf(stdout);
    expect(problemLines(stdout)).toEqual([
      `  - after ${TIMEOUT_S} s: Tempo at ${page.url} could not be read: GET ${page.url}/api/v2/traces/${traceId}: answer is not JSON: <!doctype html> <html> <body>Welcome</body> </html>`,
    ]);
    expectDeadlineKept(stdout);
  });

  it('exits 1 when Tempo never holds the trace, naming the trace, Tempo and its last answer', async () => {
    const empty = await startTempoStandin(); // receives nothing: the lab exports elsewhere
    const { code, stdout } = await runTraceCheckCli(labArgs(lab.log.url, empty.url, TIMEOUT_S));
    expect(code).toBe(1);
    const traceId = traceIdOf(stdout);
    expect(problemLines(stdout)).toEqual([
      `  - after ${TIMEOUT_S} s: trace ${traceId} never arrived in Tempo at ${empty.url} (last answer: GET /api/v2/traces/${traceId} → 200 with an empty trace)`,
    ]);
    expectDeadlineKept(stdout);
  });

  it('a Tempo without the v2 API that never holds the trace: v1 404 is "not there yet", not an error', async () => {
    const empty = await startTempoStandin();
    const old = track(await startTempoWithoutV2Api(empty.url));
    const { code, stdout } = await runTraceCheckCli(labArgs(lab.log.url, old.url, TIMEOUT_S));
    expect(code).toBe(1);
    const traceId = traceIdOf(stdout);
    expect(problemLines(stdout)).toEqual([
      `  - after ${TIMEOUT_S} s: trace ${traceId} never arrived in Tempo at ${old.url} (last answer: GET /api/v2/traces/${traceId} → 404 404 page not found (no v2 API); GET /api/traces/${traceId} → 404)`,
    ]);
    expect(old.requests).toContain(`GET /api/traces/${traceId}`);
  });
});

describe('peers that accept the connection and never answer', () => {
  // docs/trace-check.md: each request gives up after 10 s, and none outlives the deadline by more than that bound,
  // so the report comes within --timeout-seconds plus 10 s, long before the hook's activeDeadlineSeconds (timeout +
  // 60 s) would kill it. Written out here, not read from the code. The cases run side by side: they mostly wait.
  const REQUEST_BOUND_MS = 10_000;
  const silent = async () => track(await startSilentServer());

  /** The run took at least one request's bound (it was cut off, not refused) and reported within deadline + bound. */
  function expectCutOffWithinBound(expect: ExpectStatic, stdout: string): void {
    expect(failedAfterMs(stdout)).toBeGreaterThanOrEqual(REQUEST_BOUND_MS);
    expect(failedAfterMs(stdout)).toBeLessThan(TIMEOUT_S * 1000 + REQUEST_BOUND_MS + TIMING_MARGIN_MS);
  }

  it.concurrent('log-service silent: the request is given up after its bound, named as unanswered', async ({ expect }) => {
    const hanging = await silent();
    const { code, stdout } = await runTraceCheckCli(labArgs(hanging.url, lab.tempo.url, TIMEOUT_S));
    expect(code).toBe(1);
    expect(problemLines(stdout)).toEqual([`  - log-service unreachable: GET ${hanging.url}/info failed: no answer within 10 s`]);
    expectCutOffWithinBound(expect, stdout);
  });

  it.concurrent('Tempo silent: each look at the trace is given up after its bound, and the report names it', async ({ expect }) => {
    const hanging = await silent();
    const { code, stdout } = await runTraceCheckCli(labArgs(lab.log.url, hanging.url, TIMEOUT_S));
    expect(code).toBe(1);
    expect(problemLines(stdout)).toEqual([`  - after ${TIMEOUT_S} s: Tempo at ${hanging.url} could not be read: no answer within 10 s`]);
    expectCutOffWithinBound(expect, stdout);
  });

  it.concurrent('Prometheus silent: the service-graph step is given up after its bound', async ({ expect }) => {
    const hanging = await silent();
    const { code, stdout } = await runTraceCheckCli([...labArgs(lab.log.url, lab.tempo.url, TIMEOUT_S), TRACE_CHECK_FLAGS.prometheusUrl, hanging.url]);
    expect(code).toBe(1);
    expect(problemLines(stdout)).toEqual([`  - Prometheus at ${hanging.url} could not be queried: no answer within 10 s`]);
    expectCutOffWithinBound(expect, stdout);
  });

  it.concurrent('Tempo and Prometheus silent: the second wait gets only what is left of the first one\'s bound', async ({ expect }) => {
    const [tempo, prometheus] = [await silent(), await silent()];
    const { code, stdout } = await runTraceCheckCli([...labArgs(lab.log.url, tempo.url, TIMEOUT_S), TRACE_CHECK_FLAGS.prometheusUrl, prometheus.url]);
    expect(code).toBe(1);
    expect(problemLines(stdout)).toEqual([
      `  - after ${TIMEOUT_S} s: Tempo at ${tempo.url} could not be read: no answer within 10 s`,
      expect.stringMatching(new RegExp(`^  - Prometheus at ${prometheus.url.replaceAll('.', '\\.')} could not be queried: no answer by the end of the check \\(--timeout-seconds plus 10 s\\)$`)),
    ]);
    expectCutOffWithinBound(expect, stdout);
  });
});

describe('Tempo refusing the trace as too large', () => {
  it('a Tempo without the v2 API answering v1 422: exits 1 as soon as the trace is there, naming max_bytes_per_trace', async () => {
    // A stand-in whose max bytes per trace (1) every trace exceeds, behind a proxy without the v2 API: v1 answers
    // 404 until log-service's spans arrive, then 422, as Tempo's v1 does for a trace over max_bytes_per_trace.
    const small = await startTempoStandin({ maxBytesPerTrace: 1 });
    const old = track(await startTempoWithoutV2Api(small.url));
    const log = await startService(LOG_SERVICE, { ...FAST_EXPORT, OTEL_EXPORTER_OTLP_ENDPOINT: small.otlpEndpoint, ECHO_SERVICE_URL: lab.echo.url });
    const timeoutSeconds = 10;
    const { code, stdout } = await runTraceCheckCli(labArgs(log.url, old.url, timeoutSeconds));
    expect(code).toBe(1);
    const traceId = traceIdOf(stdout);
    expect(problemLines(stdout)).toEqual([
      `  - Tempo at ${old.url} refused trace ${traceId} as too large: GET /api/traces/${traceId} → 422 trace exceeds max size (max bytes: 1); raise Tempo's max_bytes_per_trace`,
    ]);
    // Not retried until the deadline (a trace only grows, so Tempo will not change its answer): the spans' batch
    // delay and one more poll, plus the margin.
    expect(failedAfterMs(stdout)).toBeLessThan(Number(FAST_EXPORT.OTEL_BSP_SCHEDULE_DELAY) + LAB_POLL_INTERVAL_MS + TIMING_MARGIN_MS);
  });
});

describe('the trace found by id but not by search', () => {
  // The real stand-in behind a proxy that answers the search itself; trace-by-id reaches the stand-in.
  const searchAnswering = (answer: { status: number; body: string }) =>
    startForwardingProxy(lab.tempo.url, { answer: (path) => (path.startsWith('/api/search') ? answer : undefined) });

  it('exits 1 "not searchable" when the search answers without the trace', async () => {
    const tempo = track(await searchAnswering({ status: 200, body: '{"traces":[],"metrics":{"inspectedBytes":"0"}}' }));
    const { code, stdout } = await runTraceCheckCli(labArgs(lab.log.url, tempo.url, TIMEOUT_S));
    expect(code).toBe(1);
    expect(problemLines(stdout)).toEqual([
      `  - after ${TIMEOUT_S} s: not searchable: GET /api/search?tags=service.name=log-service does not find trace ${traceIdOf(stdout)} (0 other traces found)`,
    ]);
    expect(stdout).toMatch(/^echo-service\s+ +POST \/echo/m); // found by id: the waterfall is there
    expectDeadlineKept(stdout);
  });

  it('exits 1 "not searchable" with the answer when the search fails', async () => {
    const tempo = track(await searchAnswering({ status: 404, body: '404 page not found\n' }));
    const { code, stdout } = await runTraceCheckCli(labArgs(lab.log.url, tempo.url, TIMEOUT_S));
    expect(code).toBe(1);
    expect(problemLines(stdout)).toEqual([
      expect.stringMatching(
        new RegExp(`^  - after ${TIMEOUT_S} s: not searchable: GET /api/search\\?tags=service\\.name%3Dlog-service&limit=100&start=\\d+&end=\\d+ → 404 404 page not found$`),
      ),
    ]);
    expectDeadlineKept(stdout);
  });
});

describe('the trace incomplete', () => {
  it('exits 1 with "no echo-service spans" when only log-service exports to this Tempo', async () => {
    const other = await startTempoStandin();
    const log = await startService(LOG_SERVICE, { ...FAST_EXPORT, OTEL_EXPORTER_OTLP_ENDPOINT: other.otlpEndpoint, ECHO_SERVICE_URL: lab.echo.url });
    const { code, stdout } = await runTraceCheckCli(labArgs(log.url, other.url, 3));
    expect(code).toBe(1);
    expect(stdout).toMatch(/^log-service\s+GET \/info/m); // the waterfall of what did arrive
    expect(problemLines(stdout)).toEqual(['  - after 3 s: no echo-service spans in the trace (services seen: log-service)']);
  });
});

describe('bad usage, and a crash', () => {
  it('exits 2 with the usage on a bad option', async () => {
    const { code, stderr } = await runTraceCheckCli(['--request', 'everything']);
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe('trace-check: --request must be one of info, logs, got "everything"');
    expect(stderr).toContain('Usage: trace-check [options]');
  });

  it.each(['--log-service-url', '--tempo-url', '--prometheus-url'])('exits 2 at once on %s with user:password@ (fetch refuses it), the password left out', async (option) => {
    // Without the check, fetch's refusal would read as "unreachable" and be retried until the deadline.
    const { code, stderr } = await runTraceCheckCli([option, 'http://user:secret@127.0.0.1:8080', '--timeout-seconds', String(TIMEOUT_S)]);
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe(
      `trace-check: ${option} must not contain a user name or password (fetch refuses such URLs), got "http://***@127.0.0.1:8080"`,
    );
  });

  it('exits 1 with the error when it crashes: here, its report cannot be written (stdout is a full disk)', async () => {
    const full = openSync('/dev/full', 'w'); // Linux's always-full device: every write fails with ENOSPC
    try {
      const { code, stderr } = await runTraceCheckCli(labArgs(lab.log.url, lab.tempo.url), {}, full);
      expect(code).toBe(1); // although the check itself passed
      expect(stderr.split('\n')[0]).toBe('trace-check: Error: ENOSPC: no space left on device, write');
    } finally {
      closeSync(full);
    }
  });
});
