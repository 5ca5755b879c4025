import { ECHO_SERVICE, LOG_SERVICE, TRACE_CHECK_FLAGS, TRACE_ID_HEADER } from '@tracing-lab/contract';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { WaterfallRow } from '../../services/trace-check/src/waterfall';
import { startForwardingProxy, startTempoWithoutV2Api } from '../../test-support/lab/forwarding-proxy';
import { FAST_EXPORT, startLab } from '../../test-support/lab/loopback-lab';
import { startService } from '../../test-support/lab/service-process';
import { fetchMetrics, samples } from '../../test-support/lab/service-metrics';
import { isNestedTrace } from '../../test-support/lab/tempo-raw-trace';
import { labArgs, problemLines, runTraceCheckCli } from '../../test-support/lab/trace-check-process';
import { closeAfterAll, labForThisFile } from '../../test-support/lab/suite-lifecycle';

// trace-check as a real process against the lab (stand-in + both services as real processes). The stand-in answers
// as Tempo 2.10.8 does (tools/tempo-standin); the spans Tempo holds are read from its raw JSON (test-support). How it
// fails: trace-check-failures.test.ts.
const lab = labForThisFile();

interface JsonReport {
  ok: boolean;
  traceId: string;
  searchable: boolean;
  tempoTraceUrl: string;
  tempoStatus: string | null;
  tempoMessage: string | null;
  problems: { kind: string; message: string }[];
  request: { status: number };
  spans: WaterfallRow[];
}

/** The requests a service answered but its /metrics scrapes, from its own http_requests_total. */
async function requestsAnswered(serviceUrl: string): Promise<number> {
  const all = samples(await fetchMetrics(serviceUrl), 'http_requests_total').filter((s) => !s.labels.includes('route="/metrics"'));
  return all.reduce((sum, s) => sum + s.value, 0);
}

describe('trace-check --trace-id: the waterfall of a trace that exists', () => {
  it("reads the trace of a request made without it, sends no request, and checks it", async () => {
    const answer = await fetch(`${lab.log.url}/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"level":"info","message":"mine"}' });
    expect(answer.status).toBe(201);
    const traceId = answer.headers.get(TRACE_ID_HEADER)!;
    await lab.tempo.waitForSpans(traceId, (spans) => isNestedTrace(spans, 'POST /logs'));
    const requestsBefore = await requestsAnswered(lab.log.url);

    // POST /logs, although --request says info: the trace's own server span decides what is expected.
    const run = await runTraceCheckCli(['--tempo-url', lab.tempo.url, TRACE_CHECK_FLAGS.traceId, traceId, '--request', 'info', '--timeout-seconds', '10']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(`trace-check: trace ${traceId} (no request sent: --trace-id)`);
    expect(lines.find((l) => /^log-service\s+POST \/logs\s/.test(l)), run.stdout).toBeDefined();
    expect(lines.find((l) => /^echo-service\s+ +POST \/echo\s/.test(l)), run.stdout).toBeDefined();
    // No search step: the OK sentence names the structural checks only.
    expect(lines.find((l) => l.startsWith('OK in '))).toMatch(/^OK in \d+\.\d s: one trace, the echo-service span is nested under the log-service span, and server spans carry their routes\.$/);
    expect(await requestsAnswered(lab.log.url), 'requests log-service answered').toBe(requestsBefore);
  });

  it('--verbose: each span\'s kind, status and attributes under its line, as Tempo holds them', async () => {
    const run = await runTraceCheckCli([...labArgs(lab.log.url, lab.tempo.url), TRACE_CHECK_FLAGS.verbose, '--json']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const traceId = (JSON.parse(run.stdout) as JsonReport).traceId;
    const shown = await runTraceCheckCli(['--tempo-url', lab.tempo.url, TRACE_CHECK_FLAGS.traceId, traceId, TRACE_CHECK_FLAGS.verbose]);
    expect(shown.code, shown.stdout).toBe(0);
    const lines = shown.stdout.split('\n');
    for (const span of await lab.tempo.spans(traceId)) {
      const at = lines.findIndex((l) => l.includes(`· span ${span.spanId},`));
      expect(at, `${span.name}: ${shown.stdout}`).toBeGreaterThan(0);
      expect(lines[at - 1]).toMatch(new RegExp(`^${span.service}\\s+.*${span.name.replace('/', '\\/')}`));
      expect(lines[at]!.trim()).toBe(`kind ${span.kind!.replace('SPAN_KIND_', '')} · status UNSET · span ${span.spanId}, ${span.parentSpanId ? `parent ${span.parentSpanId}` : 'a root span'}`);
      const route = span.attributes['http.route'];
      if (route !== undefined) expect(lines.slice(at, at + 20).map((l) => l.trim())).toContain(`http.route = ${JSON.stringify(route)}`);
    }
  });

  it('a trace Tempo never holds: exit 1 at the deadline, saying so', async () => {
    const missing = randomBytes(16).toString('hex');
    const run = await runTraceCheckCli(['--tempo-url', lab.tempo.url, TRACE_CHECK_FLAGS.traceId, missing, '--timeout-seconds', '2', '--poll-interval-ms', '200']);
    expect(run.code, run.stdout).toBe(1);
    expect(problemLines(run.stdout)).toEqual([
      `  - after 2 s: trace ${missing} never arrived in Tempo at ${lab.tempo.url} (last answer: GET /api/v2/traces/${missing} → 200 with an empty trace)`,
    ]);
  });
});

describe('trace-check against the lab', () => {
  it('GET /info: exits 0 and prints a waterfall with the echo-service span nested under log-service', async () => {
    const run = await runTraceCheckCli(labArgs(lab.log.url, lab.tempo.url));
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    const logServer = lines.findIndex((l) => /^log-service\s+GET \/info\s/.test(l));
    const echoServer = lines.findIndex((l) => /^echo-service\s+ +POST \/echo\s/.test(l));
    expect(logServer, run.stdout).toBeGreaterThan(0);
    expect(echoServer, run.stdout).toBeGreaterThan(logServer);
    // A span ending after its parent says so after its bar (start times are whole milliseconds: docs/trace-check.md).
    expect(lines[echoServer]).toMatch(/\d+\.\d\d ms\s+\d+\.\d\d ms\s+\|[ █]+\|( {2}(clipped: )?ends \d+\.\d\d ms after its parent)?$/);
    expect(run.stdout).toMatch(/^OK in /m);
  });

  it('POST /logs --json: the trace it reports is the one in Tempo, nested client → server', async () => {
    const run = await runTraceCheckCli([...labArgs(lab.log.url, lab.tempo.url), '--request', 'logs', '--json']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { ok: boolean; traceId: string; searchable: boolean; request: { status: number }; spans: WaterfallRow[] };
    expect(result).toMatchObject({ ok: true, searchable: true, request: { status: 201 } });

    const rows = result.spans;
    const logServer = rows.find((r) => r.service === LOG_SERVICE && r.kind === 'SERVER')!;
    const echoServer = rows.find((r) => r.service === ECHO_SERVICE && r.kind === 'SERVER')!;
    const client = rows.find((r) => r.spanId === echoServer.parentSpanId)!;
    expect([logServer.name, client.service, client.kind, echoServer.name]).toEqual(['POST /logs', LOG_SERVICE, 'CLIENT', 'POST /echo']);
    expect(echoServer.depth).toBeGreaterThan(logServer.depth);

    const inTempo = await lab.tempo.spans(result.traceId);
    expect(inTempo.map((s) => s.spanId).sort()).toEqual(rows.map((r) => r.spanId).sort());
  });

  it('reads the trace from v1 "batches" when Tempo has no v2 route', async () => {
    const old = await startTempoWithoutV2Api(lab.tempo.url);
    closeAfterAll(old);
    const run = await runTraceCheckCli([...labArgs(lab.log.url, old.url), '--json']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as JsonReport;
    expect(result.tempoTraceUrl).toBe(`${old.url}/api/traces/${result.traceId}`);
    // v2 first (404 there: no v2 API), then v1, which answered the trace.
    const asked = old.requests.filter((r) => r.includes(result.traceId));
    expect(asked[0]).toBe(`GET /api/v2/traces/${result.traceId}`);
    expect(asked.at(-1)).toBe(`GET /api/traces/${result.traceId}`);
    const inTempo = await lab.tempo.spans(result.traceId);
    expect(result.spans.map((r) => r.spanId).sort()).toEqual(inTempo.map((s) => s.spanId).sort());
  });

  it('finds the trace in search although Tempo writes its id without the leading zeros', async () => {
    // Each request reaches log-service with a traceparent whose trace id starts with eight zeros (log-service
    // continues an incoming trace), so search answers the id 8 digits short; trace-check must pad it back.
    const zeros = await startForwardingProxy(lab.log.url, {
      headers: () => ({ traceparent: `00-00000000${randomBytes(12).toString('hex')}-${randomBytes(8).toString('hex')}-01` }),
    });
    closeAfterAll(zeros);
    const run = await runTraceCheckCli([...labArgs(lab.log.url, lab.tempo.url), '--log-service-url', zeros.url, '--json']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as JsonReport;
    expect(result.traceId).toMatch(/^0{8}[0-9a-f]{24}$/);
    expect(result.searchable).toBe(true);
    const now = Math.ceil(Date.now() / 1000);
    const search = (await (await fetch(`${lab.tempo.url}/api/search?tags=service.name%3Dlog-service&limit=100&start=${now - 600}&end=${now + 60}`)).json()) as {
      traces: Array<{ traceID: string }>;
    };
    expect(search.traces.map((t) => t.traceID)).toContain(result.traceId.replace(/^0+/, ''));
    expect(search.traces.map((t) => t.traceID)).not.toContain(result.traceId);
  });

  it("sends another request while the services' sampler drops the trace (traceresponse flags 00), then checks the first it kept", async () => {
    // A proxy in front of the real log-service that marks its first two answers as dropped by the sampler.
    let answers = 0;
    const dropping = await startForwardingProxy(lab.log.url, {
      responseHeaders: (headers) => {
        answers += 1;
        return answers <= 2 ? { ...headers, traceresponse: headers.traceresponse!.replace(/-01$/, '-00') } : headers;
      },
    });
    closeAfterAll(dropping);
    const run = await runTraceCheckCli([...labArgs(dropping.url, lab.tempo.url), '--json']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as JsonReport & { unsampledRequests: number };
    expect(dropping.requests).toEqual(['GET /info', 'GET /info', 'GET /info']);
    expect(result.unsampledRequests).toBe(2);
    expect(await lab.tempo.spans(result.traceId)).not.toEqual([]);
    const text = await runTraceCheckCli(labArgs(dropping.url, lab.tempo.url));
    expect(text.stdout.split('\n')[0]).toMatch(/^trace-check: GET \S+ → 200, x-trace-id [0-9a-f]{32}$/); // sampled at once now
  });

  it('passes against services sampling half of the traces (parentbased_traceidratio 0.5)', async () => {
    const sampling = { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.5' };
    const log = await startService(LOG_SERVICE, { ...FAST_EXPORT, ...sampling, OTEL_EXPORTER_OTLP_ENDPOINT: lab.tempo.otlpEndpoint, ECHO_SERVICE_URL: lab.echo.url });
    const run = await runTraceCheckCli(labArgs(log.url, lab.tempo.url));
    expect(run.code, run.stdout + run.stderr).toBe(0);
  });
});

describe('trace-check when Tempo cuts a trace short (status PARTIAL)', () => {
  // The stand-in applies -max-bytes-per-trace as Tempo's combiner applies max_bytes_per_trace: the pieces of a trace
  // (here: one per export request) are added in arrival order, and the piece that crosses the limit is still kept.
  it('passes when the spans it needs came back, and reports PARTIAL in the text and the --json report', async () => {
    // The size of one GET /info trace, from the stand-in's raw answer (v2 "metrics.inspectedBytes": all its pieces).
    const first = await runTraceCheckCli([...labArgs(lab.log.url, lab.tempo.url), '--json']);
    expect(first.code, first.stdout).toBe(0);
    const { traceId } = JSON.parse(first.stdout) as JsonReport;
    const v2 = (await (await fetch(`${lab.tempo.url}/api/v2/traces/${traceId}`)).json()) as { metrics: { inspectedBytes: string } };
    const traceBytes = Number(v2.metrics.inspectedBytes);
    // Traces of the same request differ by a few bytes (ports, pids, lengths); the last piece to arrive (a batch of
    // spans, hundreds of bytes) is far larger than this margin, so it is the one that crosses the limit: the
    // answer keeps every span and says PARTIAL.
    const SIZE_MARGIN_BYTES = 100;
    const cut = await startLab({ tempo: { maxBytesPerTrace: traceBytes - SIZE_MARGIN_BYTES } });

    const json = await runTraceCheckCli([...labArgs(cut.log.url, cut.tempo.url), '--json']);
    expect(json.code, json.stdout + json.stderr).toBe(0);
    const result = JSON.parse(json.stdout) as JsonReport;
    const message = `Trace exceeds maximum size of ${traceBytes - SIZE_MARGIN_BYTES} bytes, a partial trace is returned`;
    expect(result).toMatchObject({ ok: true, tempoStatus: 'PARTIAL', tempoMessage: message });

    const text = await runTraceCheckCli(labArgs(cut.log.url, cut.tempo.url));
    expect(text.code, text.stdout).toBe(0);
    expect(text.stdout).toContain(`Tempo answered PARTIAL: ${message} (the checks ran on the spans it returned)`);
    expect(text.stdout).toMatch(/^OK in /m);
  });

  it('fails, naming PARTIAL as the likely cause, when the spans it needs were cut off', async () => {
    // A 1-byte limit: only the first export request's spans (one service) come back.
    const cut = await startLab({ tempo: { maxBytesPerTrace: 1 } });
    const run = await runTraceCheckCli(labArgs(cut.log.url, cut.tempo.url, 3));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/no (log|echo)-service spans in the trace/);
    expect(run.stdout).toMatch(/cut short \(status PARTIAL: "Trace exceeds maximum size of 1 bytes, a partial trace is returned"\)/);
    expect(run.stdout).toContain('Tempo answered PARTIAL: ');
  });
});
