import { ECHO_FAULT_ENV, ECHO_SERVICE, LOG_SERVICE, PROPAGATORS, TRACE_CHECK_FLAGS } from '@tracing-lab/contract';
import { afterAll, describe, expect, it } from 'vitest';
import type { WaterfallRow } from '../../services/trace-check/src/waterfall';
import { EXISTING_TRACE_QUIET_MS } from '../../services/trace-check/src/run';
import { stopAllProcesses } from '../../test-support/lab/managed-process';
import { startLab, type Lab, type LabEnvironment } from '../../test-support/lab/loopback-lab';
import { failedAfterMs, labArgs, problemLines, runTraceCheckCli, type TraceCheckRun } from '../../test-support/lab/trace-check-process';
import { TIMING_MARGIN_MS } from '../../test-support/timing';

// The faults of docs/debugging.md, each switched on as the chart's `faults` values and make demo switch it on (the
// services' own environment), against the lab as real processes; trace-check must fail with its own words for each.
// The same faults through the chart's rendered values: cdk8s/test/faults.test.ts (rendering) and, for one of them,
// e2e/test/lab-from-images.test.ts (the images).
afterAll(stopAllProcesses);

const TIMEOUT_S = 10;

interface FaultRun {
  lab: Lab;
  run: TraceCheckRun;
  traceId: string;
}

async function checkWith(env: LabEnvironment, prepare: (lab: Lab) => Promise<void> = async () => undefined): Promise<FaultRun> {
  const lab = await startLab(env);
  await prepare(lab);
  const run = await runTraceCheckCli(labArgs(lab.log.url, lab.tempo.url, TIMEOUT_S));
  const traceId = /x-trace-id ([0-9a-f]{32})/.exec(run.stdout)?.[1];
  if (traceId === undefined) throw new Error(`no trace id in:\n${run.stdout}${run.stderr}`);
  return { lab, run, traceId };
}

/** Every fault's problem lines, to show that no two faults read alike. */
const seen = new Map<string, string[]>();

describe('each fault makes trace-check fail with its own message', () => {
  it('echo-service slower than log-service waits (latency above ECHO_TIMEOUT_MS): 504, echo_timeout', async () => {
    const { lab, run, traceId } = await checkWith({ echo: { [ECHO_FAULT_ENV.latencyMs]: '1500' }, log: { ECHO_TIMEOUT_MS: '500' } });
    expect(run.code, run.stdout).toBe(1);
    const problems = problemLines(run.stdout);
    expect(problems).toEqual([
      '  - log-service answered 504 to GET /info, expected 200: {"error":{"code":"echo_timeout","message":"echo-service did not answer within 500 ms"}}',
    ]);
    seen.set('latency', problems);
    // The trace is whole: log-service gave up on the call, whose client span has status ERROR.
    expect(run.stdout).toMatch(/^log-service\s+ +POST \[ERROR\]/m);
    const client = (await lab.tempo.spans(traceId)).find((s) => s.kind === 'SPAN_KIND_CLIENT')!;
    expect([client.statusCode, client.events.map((e) => e.name)]).toEqual(['STATUS_CODE_ERROR', ['exception']]);
  });

  it('echo-service failing (error ratio 1): 502, echo_failed, echo-service answered 500', async () => {
    const { run } = await checkWith({ echo: { [ECHO_FAULT_ENV.errorRatio]: '1' } });
    expect(run.code, run.stdout).toBe(1);
    const problems = problemLines(run.stdout);
    expect(problems).toEqual(['  - log-service answered 502 to GET /info, expected 200: {"error":{"code":"echo_failed","message":"echo-service answered 500"}}']);
    seen.set('errors', problems);
    // echo-service's span is there, nested, with status ERROR.
    expect(run.stdout).toMatch(/^echo-service\s+ +POST \/echo \[ERROR\]/m);
  });

  it('echo-service down: 502, echo_unavailable, and no echo-service spans, said without waiting for the deadline', async () => {
    const { lab, run } = await checkWith({}, async (lab) => {
      expect(await lab.echo.process.stop()).toEqual({ code: 0, signal: null });
    });
    expect(run.code, run.stdout).toBe(1);
    const problems = problemLines(run.stdout);
    expect(problems).toEqual([
      `  - log-service answered 502 to GET /info, expected 200: {"error":{"code":"echo_unavailable","message":"echo-service at ${lab.echo.url} is unreachable (ECONNREFUSED)"}}`,
      `  - no ${ECHO_SERVICE} spans in the trace (services seen: ${LOG_SERVICE})`,
    ]);
    seen.set('down', problems);
    expect(failedAfterMs(run.stdout)).toBeLessThan(TIMEOUT_S * 1000);
  });

  it(`broken propagation (log-service with OTEL_PROPAGATORS=${PROPAGATORS.none}): two traces, and trace-check names where the other is`, async () => {
    const { lab, run } = await checkWith({ log: { OTEL_PROPAGATORS: PROPAGATORS.none } });
    expect(run.code, run.stdout).toBe(1);
    const problems = problemLines(run.stdout);
    const search = `${lab.tempo.url}/api/search?tags=root.service.name%3D${ECHO_SERVICE}`;
    expect(problems).toEqual([
      `  - no propagation: ${ECHO_SERVICE} received no traceparent header (log-service's answer says echo.traceparent is null), so its span began a trace of its own and this one ends at ${LOG_SERVICE}'s client span; find ${ECHO_SERVICE}'s trace with GET ${search}`,
      `  - no ${ECHO_SERVICE} spans in the trace (services seen: ${LOG_SERVICE})`,
    ]);
    seen.set('propagation', problems);
    expect(failedAfterMs(run.stdout)).toBeLessThan(TIMEOUT_S * 1000);
    // The search the message names finds echo-service's trace of its own: a root POST /echo span.
    const { traces } = (await (await fetch(search)).json()) as { traces: { rootServiceName: string; rootTraceName: string }[] };
    expect(traces.map((t) => [t.rootServiceName, t.rootTraceName])).toEqual([[ECHO_SERVICE, 'POST /echo']]);
  });

  it('no two faults read alike', () => {
    expect([...seen.keys()].sort()).toEqual(['down', 'errors', 'latency', 'propagation']);
    const firstLines = [...seen.values()].map((problems) => problems[0]);
    expect(new Set(firstLines).size).toBe(seen.size);
  });
});

describe('what a fault does not make fail', () => {
  it('echo-service slow but within the timeout: trace-check passes, and the waterfall shows the time in its span', async () => {
    const lab = await startLab({ echo: { [ECHO_FAULT_ENV.latencyMs]: '300' } });
    const run = await runTraceCheckCli([...labArgs(lab.log.url, lab.tempo.url, TIMEOUT_S), '--json']);
    expect(run.code, run.stdout).toBe(0);
    const echo = (JSON.parse(run.stdout) as { spans: WaterfallRow[] }).spans.find((r) => r.service === ECHO_SERVICE)!;
    expect(echo.durationMs).toBeGreaterThanOrEqual(300);
  });
});

describe('trace-check --trace-id on a broken trace', () => {
  it('reports it once the trace has stopped changing, not at the deadline', async () => {
    const lab = await startLab({ log: { OTEL_PROPAGATORS: PROPAGATORS.none } });
    const traceId = (await fetch(`${lab.log.url}/info`)).headers.get('x-trace-id')!;
    const run = await runTraceCheckCli(['--tempo-url', lab.tempo.url, TRACE_CHECK_FLAGS.traceId, traceId, '--timeout-seconds', String(TIMEOUT_S)]);
    expect(run.code, run.stdout).toBe(1);
    // Without log-service's answer it cannot say why; it says what is missing.
    expect(problemLines(run.stdout)).toEqual([`  - no ${ECHO_SERVICE} spans in the trace (services seen: ${LOG_SERVICE})`]);
    expect(failedAfterMs(run.stdout)).toBeLessThan(EXISTING_TRACE_QUIET_MS + TIMING_MARGIN_MS + 1000);
  });
});
