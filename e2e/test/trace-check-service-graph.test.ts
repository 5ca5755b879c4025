import { ECHO_SERVICE, LOG_SERVICE } from '@tracing-lab/contract';
import { pushTimeseries } from 'prometheus-remote-write';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test-support/lab/free-port';
import { startLab, type Lab } from '../../test-support/lab/loopback-lab';
import { stopAllProcesses } from '../../test-support/lab/managed-process';
import { startPrometheus, type RunningPrometheus } from '../../test-support/lab/prometheus';
import { labArgs, runTraceCheckCli } from '../../test-support/lab/trace-check-process';
import type { Problem } from '../../services/trace-check/src/problems';
import type { ServiceGraphReport } from '../../services/trace-check/src/service-graph';

// trace-check's service-graph step (--prometheus-url) as a real process against a REAL Prometheus (3.16.0, started
// with --web.enable-remote-write-receiver), into which this test remote-writes the series Tempo's metrics-generator
// would write for the edge log-service → echo-service. Tempo's generator itself is not run here: Tempo is
// AGPL-licensed and kept out of the project, and the Tempo stand-in does not generate metrics. Metric names, labels
// and the default histogram buckets are those of Tempo's documentation (metrics-generator, "Service graphs").

let lab: Lab;
let prometheus: RunningPrometheus;
beforeAll(async () => {
  [lab, prometheus] = await Promise.all([startLab(), startPrometheus()]);
});
afterAll(async () => {
  await prometheus?.stop();
  await stopAllProcesses();
});

/** The parts of the --json report read here (the types are trace-check's; the values come from its real output). */
interface JsonReport {
  ok: boolean;
  problems: Problem[];
  serviceGraph: ServiceGraphReport | null;
}

const EDGE = { client: LOG_SERVICE, server: ECHO_SERVICE };
/** Tempo's default service-graph histogram buckets, in seconds. */
const BUCKETS = ['0.1', '0.2', '0.4', '0.8', '1.6', '3.2', '6.4', '12.8', '+Inf'];

/** Two samples per series, 30 s apart, ending now: what two of the generator's remote writes leave. */
function series(name: string, labels: Record<string, string>, earlier: number, latest: number, now: number) {
  return { labels: { __name__: name, ...labels }, samples: [{ value: earlier, timestamp: now - 30_000 }, { value: latest, timestamp: now }] };
}

async function remoteWrite(timeseries: ReturnType<typeof series>[]): Promise<void> {
  const result = await pushTimeseries(timeseries, {
    url: prometheus.remoteWriteUrl,
    fetch: (url, init) => fetch(url, { method: init?.method, headers: init?.headers, body: new Uint8Array(init!.body) }),
  });
  if (result.status !== 204 && result.status !== 200) throw new Error(`remote write → ${result.status} ${result.statusText}: ${result.errorMessage}`);
}

describe('trace-check --prometheus-url, against a real Prometheus', () => {
  it('before the generator has written the edge: says it is not there yet and why, and still passes', async () => {
    const json = await runTraceCheckCli([...labArgs(lab.log.url, lab.tempo.url), '--prometheus-url', prometheus.url, '--json']);
    expect(json.code, json.stdout + json.stderr).toBe(0);
    const result = JSON.parse(json.stdout) as JsonReport;
    expect(result.ok).toBe(true);
    expect(result.serviceGraph).toMatchObject({
      prometheusUrl: prometheus.url,
      series: 'traces_service_graph_request_total{client="log-service",server="echo-service"}',
      status: 'absent',
      edge: null,
    });
    expect(result.serviceGraph?.message).toContain("Tempo's metrics-generator writes it about a minute after the first requests");

    // The same through the environment, as a Pod could set it.
    const text = await runTraceCheckCli(labArgs(lab.log.url, lab.tempo.url), { PROMETHEUS_URL: prometheus.url });
    expect(text.code, text.stdout + text.stderr).toBe(0);
    expect(text.stdout).toContain(`Service graph (Prometheus ${prometheus.url}): no edge log-service → echo-service in Prometheus yet`);
    expect(text.stdout).toContain('look again in a minute. Not counted as a failure.');
    expect(text.stdout).toMatch(/^OK in /m);
  });

  it('reports the edge Tempo’s generator wrote: requests, failures, rate, server latency from the histogram', async () => {
    const now = Date.now();
    // The edge: 3 then 7 requests, 1 failed; server latencies: 5 under 0.1 s, 1 in (0.1, 0.2], 1 in (0.2, 0.4].
    const cumulative = [5, 6, 7, 7, 7, 7, 7, 7, 7];
    const edgeSeries = [
      series('traces_service_graph_request_total', EDGE, 3, 7, now),
      series('traces_service_graph_request_failed_total', EDGE, 0, 1, now),
      ...BUCKETS.map((le, index) => series('traces_service_graph_request_server_seconds_bucket', { ...EDGE, le }, Math.min(3, cumulative[index]!), cumulative[index]!, now)),
      series('traces_service_graph_request_server_seconds_sum', EDGE, 0.15, 0.35, now),
      series('traces_service_graph_request_server_seconds_count', EDGE, 3, 7, now),
      // Another edge (the uninstrumented caller of log-service), which must not be counted.
      series('traces_service_graph_request_total', { client: 'user', server: LOG_SERVICE, connection_type: 'virtual_node' }, 10, 50, now),
    ];
    await remoteWrite(edgeSeries);

    const json = await runTraceCheckCli([...labArgs(lab.log.url, lab.tempo.url), '--prometheus-url', prometheus.url, '--json']);
    expect(json.code, json.stdout + json.stderr).toBe(0);
    const result = JSON.parse(json.stdout) as JsonReport;
    expect(result.ok).toBe(true);
    expect(result.serviceGraph?.status).toBe('present');
    const edge = result.serviceGraph?.edge;
    expect(edge).toMatchObject({ client: LOG_SERVICE, server: ECHO_SERVICE, requests: 7, failed: 1 });
    // rate() over 5m of 3 → 7 in 30 s: positive, at most the observed slope (Prometheus extrapolates within the window).
    expect(edge?.ratePerSecond).toBeGreaterThan(0);
    expect(edge?.ratePerSecond).toBeLessThanOrEqual(4 / 30);
    expect(edge?.serverLatencyMeanSeconds).toBeCloseTo(0.35 / 7, 9);
    // The 0.95 quantile: rank 6.65 of 7 falls in (0.2, 0.4], which holds the 7th request: 0.2 + 0.2 * 0.65.
    expect(edge?.serverLatencyP95Seconds).toBeCloseTo(0.33, 9);

    const text = await runTraceCheckCli([...labArgs(lab.log.url, lab.tempo.url), '--prometheus-url', prometheus.url]);
    expect(text.code, text.stdout + text.stderr).toBe(0);
    expect(text.stdout).toMatch(
      new RegExp(`^Service graph \\(Prometheus ${prometheus.url}\\): log-service → echo-service: 7 requests, 1 failed, \\d+\\.\\d\\d req/s \\(5m\\), server latency mean 50\\.0 ms, p95 330\\.0 ms$`, 'm'),
    );
  });

  it('exits 2 with the usage on a Prometheus URL that is not one', async () => {
    const run = await runTraceCheckCli(['--prometheus-url', 'prometheus:9090']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--prometheus-url must be an http(s) URL, got "prometheus:9090"');
  });

  it('fails, naming the URL, when Prometheus cannot be queried', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const run = await runTraceCheckCli([...labArgs(lab.log.url, lab.tempo.url, 3), '--prometheus-url', closed, '--json']);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout) as JsonReport;
    expect(result.ok).toBe(false);
    expect(result.serviceGraph?.status).toBe('error');
    expect(result.problems).toEqual([
      { kind: 'prometheus-unreachable', message: expect.stringMatching(new RegExp(`^Prometheus at ${closed} could not be queried: .*ECONNREFUSED`)) },
    ]);
  });
});
