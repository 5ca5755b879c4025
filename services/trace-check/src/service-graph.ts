import { ECHO_SERVICE, LOG_SERVICE } from '@tracing-lab/contract';
import { describeError, request, urlUnder } from './http';
import { oneLineExcerpt } from './one-line-excerpt';
import { problem, type Problem } from './problems';
import { retryUntilDeadline, type RetryBudget } from './retry';

/**
 * The optional service-graph step: asks Prometheus for the edge log-service → echo-service that Tempo's
 * metrics-generator writes (processor `service-graphs`; metric names and labels from Tempo's documentation,
 * "Service graphs" → Metrics). The edge is absent until the generator has paired a client and a server span and
 * remote-written the counters, about a minute after the first requests: absence is reported, not failed, because
 * `helm test` often runs within that minute. A Prometheus that cannot be queried is a failure.
 */

/** The label selector of the edge. */
const EDGE_SELECTOR = `{client="${LOG_SERVICE}",server="${ECHO_SERVICE}"}`;
/** The series whose presence means "the edge exists". */
const EDGE_SERIES = `traces_service_graph_request_total${EDGE_SELECTOR}`;

/** The PromQL behind each number of the report. Counters count since the generator (re)started. */
const EDGE_QUERIES = {
  requests: `sum(${EDGE_SERIES})`,
  failed: `sum(traces_service_graph_request_failed_total${EDGE_SELECTOR})`,
  ratePerSecond: `sum(rate(${EDGE_SERIES}[5m]))`,
  serverLatencyMeanSeconds: `sum(traces_service_graph_request_server_seconds_sum${EDGE_SELECTOR}) / sum(traces_service_graph_request_server_seconds_count${EDGE_SELECTOR})`,
  serverLatencyP95Seconds: `histogram_quantile(0.95, sum by (le) (traces_service_graph_request_server_seconds_bucket${EDGE_SELECTOR}))`,
} as const;

export interface ServiceGraphEdge {
  client: string;
  server: string;
  /** Requests counted on the edge. */
  requests: number;
  /** Of those, failed (0 when the generator has written no failure series). */
  failed: number;
  /** Requests per second over the last 5 minutes; null with fewer than two samples in that window. */
  ratePerSecond: number | null;
  /** Server-side latency from the histogram; null when the histogram is not there. */
  serverLatencyMeanSeconds: number | null;
  serverLatencyP95Seconds: number | null;
}

export interface ServiceGraphReport {
  prometheusUrl: string;
  /** The series looked for. */
  series: string;
  /** present: the edge is there; absent: not (yet); error: Prometheus could not be queried. */
  status: 'present' | 'absent' | 'error';
  edge: ServiceGraphEdge | null;
  /** One sentence for people: the edge, why it is absent, or what went wrong. */
  message: string;
}

interface PrometheusSample {
  metric: Record<string, string>;
  value: [number, string];
}

/** `GET /api/v1/query`: the numbers of an instant vector (empty when nothing matches). */
async function instantQuery(prometheusUrl: string, query: string, checkEnd: AbortSignal | undefined): Promise<number[]> {
  const url = urlUnder(prometheusUrl, 'api/v1/query');
  url.searchParams.set('query', query);
  const res = await request(url, { signal: checkEnd ?? null });
  const text = res.text;
  let body: { status?: string; error?: string; data?: { resultType?: string; result?: PrometheusSample[] } };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new Error(`GET ${url.pathname}?query=${query} → ${res.status}, not JSON: ${oneLineExcerpt(text)}`);
  }
  if (res.status !== 200 || body.status !== 'success') {
    throw new Error(`GET ${url.pathname}?query=${query} → ${res.status} ${oneLineExcerpt(body.error ?? text)}`);
  }
  if (body.data?.resultType !== 'vector' || !Array.isArray(body.data.result)) {
    throw new Error(`GET ${url.pathname}?query=${query}: expected a vector, got ${body.data?.resultType}`);
  }
  return body.data.result.map((sample) => Number(sample.value[1]));
}

/** The one number of a summed query, or null when there is none (or it is NaN). */
async function scalar(prometheusUrl: string, query: string, checkEnd: AbortSignal | undefined): Promise<number | null> {
  const [value] = await instantQuery(prometheusUrl, query, checkEnd);
  return value === undefined || Number.isNaN(value) ? null : value;
}

/** Looks the edge up once. */
async function lookUpEdge(prometheusUrl: string, checkEnd: AbortSignal | undefined): Promise<ServiceGraphReport> {
  const report = { prometheusUrl, series: EDGE_SERIES };
  const requests = await scalar(prometheusUrl, EDGE_QUERIES.requests, checkEnd);
  if (requests === null) {
    return {
      ...report,
      status: 'absent',
      edge: null,
      message:
        `no edge ${LOG_SERVICE} → ${ECHO_SERVICE} in Prometheus yet (${EDGE_SERIES} has no series). Tempo's metrics-generator ` +
        'writes it about a minute after the first requests (it pairs the client and server spans, then remote-writes): ' +
        'look again in a minute. Not counted as a failure.',
    };
  }
  const edge: ServiceGraphEdge = {
    client: LOG_SERVICE,
    server: ECHO_SERVICE,
    requests,
    failed: (await scalar(prometheusUrl, EDGE_QUERIES.failed, checkEnd)) ?? 0,
    ratePerSecond: await scalar(prometheusUrl, EDGE_QUERIES.ratePerSecond, checkEnd),
    serverLatencyMeanSeconds: await scalar(prometheusUrl, EDGE_QUERIES.serverLatencyMeanSeconds, checkEnd),
    serverLatencyP95Seconds: await scalar(prometheusUrl, EDGE_QUERIES.serverLatencyP95Seconds, checkEnd),
  };
  return { ...report, status: 'present', edge, message: describeEdge(edge) };
}

const ms = (seconds: number | null) => (seconds === null ? 'n/a' : `${(seconds * 1000).toFixed(1)} ms`);

/** `log-service → echo-service: 12 requests, 0 failed, 0.20 req/s (5m), server latency mean 18.2 ms, p95 25.0 ms`. */
function describeEdge(edge: ServiceGraphEdge): string {
  const rate = edge.ratePerSecond === null ? 'rate n/a (fewer than two samples in 5m)' : `${edge.ratePerSecond.toFixed(2)} req/s (5m)`;
  const latency =
    edge.serverLatencyMeanSeconds === null && edge.serverLatencyP95Seconds === null
      ? 'no latency histogram'
      : `server latency mean ${ms(edge.serverLatencyMeanSeconds)}, p95 ${ms(edge.serverLatencyP95Seconds)}`;
  return `${edge.client} → ${edge.server}: ${edge.requests} requests, ${edge.failed} failed, ${rate}, ${latency}`;
}

/** The step's outcome: the report, and the problem it makes when Prometheus could not be queried. */
export interface ServiceGraphStep {
  report: ServiceGraphReport;
  problem: Problem | null;
}

/**
 * The step: looks the edge up, retrying while Prometheus cannot be reached until the deadline (at least one try).
 * Never throws: an unreachable or failing Prometheus is status `error`, and a problem. `checkEnd`: see `request`.
 */
export async function checkServiceGraphEdge(prometheusUrl: string, budget: RetryBudget, checkEnd?: AbortSignal): Promise<ServiceGraphStep> {
  const lookUp = (): Promise<ServiceGraphReport | { error: unknown }> => lookUpEdge(prometheusUrl, checkEnd).catch((error: unknown) => ({ error }));
  const outcome = await retryUntilDeadline(budget, lookUp, (found) => !('error' in found));
  if (!('error' in outcome)) return { report: outcome, problem: null };
  const message = `Prometheus at ${prometheusUrl} could not be queried: ${describeError(outcome.error)}`;
  return { report: { prometheusUrl, series: EDGE_SERIES, status: 'error', edge: null, message }, problem: problem('prometheus-unreachable', message) };
}
