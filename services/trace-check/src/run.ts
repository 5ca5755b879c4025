import { setTimeout as sleep } from 'node:timers/promises';
import { checkTrace } from './check-trace';
import { LOG_SERVICE } from '@tracing-lab/contract';
import { expectationFor } from './expectations';
import { logServiceRequestUrl, sendLogServiceRequest } from './log-service-request';
import { oneLineExcerpt } from './one-line-excerpt';
import type { TraceCheckOptions } from './options';
import { checkServiceGraphEdge, type ServiceGraphReport } from './service-graph';
import { fetchTempoTrace, searchTempoByService, TraceTooLargeError } from './tempo-client';
import type { TraceSpan } from './trace-span';

export interface TraceCheckResult {
  ok: boolean;
  request: { method: string; url: string; status: number | null; traceIdHeader: string | null };
  /** Requests sent before this one whose `traceresponse` said the sampler dropped their trace. */
  unsampledRequests: number;
  traceId: string | null;
  /** The Tempo URL the trace was read from, when it was found. */
  tempoTraceUrl: string | null;
  /** Tempo's status for the trace it returned: PARTIAL when it cut the trace short (larger than its limit). */
  tempoStatus: 'COMPLETE' | 'PARTIAL' | null;
  /** Tempo's message with PARTIAL. */
  tempoMessage: string | null;
  spans: TraceSpan[];
  /** Whether `GET /api/search?tags=service.name=log-service` found the trace (null: not tried). */
  searchable: boolean | null;
  problems: string[];
  /** The service-graph step (with --prometheus-url), else null. */
  serviceGraph: ServiceGraphReport | null;
  elapsedMs: number;
}

const message = (err: unknown): string => {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  const cause = e.cause?.code ?? e.cause?.message;
  return cause ? `${e.message} (${cause})` : (e.message ?? String(err));
};

/**
 * The whole check: the trace (below), then, with a Prometheus URL, the service-graph edge. The edge's absence is
 * reported but does not fail the check; a Prometheus that cannot be queried does.
 */
export async function runTraceCheck(options: TraceCheckOptions): Promise<TraceCheckResult> {
  const started = Date.now();
  const deadline = started + options.timeoutSeconds * 1000;
  const result = await checkRequestTrace(options, started, deadline);
  if (options.prometheusUrl === null) return result;
  const pause = () => sleep(Math.max(0, Math.min(options.pollIntervalMs, deadline - Date.now())));
  result.serviceGraph = await checkServiceGraphEdge(options.prometheusUrl, deadline, pause);
  if (result.serviceGraph.status === 'error') result.problems.push(result.serviceGraph.message);
  result.ok = result.problems.length === 0;
  result.elapsedMs = Date.now() - started;
  return result;
}

/**
 * One request to log-service, then poll Tempo until the trace passes every structural check (or the deadline
 * passes), then poll the search API until it finds the trace.
 */
async function checkRequestTrace(options: TraceCheckOptions, started: number, deadline: number): Promise<TraceCheckResult> {
  const expected = expectationFor(options.request);
  const result: TraceCheckResult = {
    ok: false,
    request: { method: expected.method, url: logServiceRequestUrl(options.logServiceUrl, expected).href, status: null, traceIdHeader: null },
    unsampledRequests: 0,
    traceId: null,
    tempoTraceUrl: null,
    tempoStatus: null,
    tempoMessage: null,
    spans: [],
    searchable: null,
    problems: [],
    serviceGraph: null,
    elapsedMs: 0,
  };
  const finish = (problems: string[]): TraceCheckResult => {
    result.problems = problems;
    result.ok = problems.length === 0;
    result.elapsedMs = Date.now() - started;
    return result;
  };
  const pause = () => sleep(Math.max(0, Math.min(options.pollIntervalMs, deadline - Date.now())));

  // 1. The request. Connection errors are retried until the deadline (log-service may still be starting), and so is
  //    a request whose trace the services' sampler dropped (`traceresponse` flags 00): that trace never reaches Tempo.
  let answer;
  for (;;) {
    try {
      answer = await sendLogServiceRequest(options.logServiceUrl, expected);
    } catch (err) {
      if (Date.now() >= deadline) {
        return finish([`log-service unreachable: ${expected.method} ${result.request.url} failed: ${message(err)}`]);
      }
      await pause();
      continue;
    }
    if (answer.sampled !== false || answer.traceId === undefined) break;
    result.unsampledRequests += 1;
    if (Date.now() >= deadline) {
      return finish([
        `none of the ${result.unsampledRequests} requests sent in ${options.timeoutSeconds} s was sampled (traceresponse flags 00): ` +
          "the services' sampler (OTEL_TRACES_SAMPLER, OTEL_TRACES_SAMPLER_ARG) dropped every trace",
      ]);
    }
    await pause();
  }
  const problems: string[] = [];
  result.request.status = answer.status;
  result.request.traceIdHeader = answer.rawTraceIdHeader;
  if (answer.status !== expected.status) {
    problems.push(`log-service answered ${answer.status} to ${expected.method} ${expected.path}, expected ${expected.status}: ${oneLineExcerpt(answer.body)}`);
  }
  if (answer.traceId === undefined) {
    const header = answer.rawTraceIdHeader === null ? 'no x-trace-id header' : `x-trace-id ${JSON.stringify(answer.rawTraceIdHeader)} is not a trace id`;
    return finish([...problems, `${header} in log-service's answer, so there is no trace to look for`]);
  }
  const traceId = answer.traceId;
  result.traceId = traceId;

  // 2. The trace, until it holds everything the checks need. Tempo answers an empty trace while the spans are on
  //    their way (and Tempo's v2 API never says 404), so "no spans" means: ask again.
  let traceProblems: string[] = [];
  for (;;) {
    try {
      const lookup = await fetchTempoTrace(options.tempoUrl, traceId);
      if (lookup.spans.length === 0) {
        traceProblems = [`trace ${traceId} never arrived in Tempo at ${options.tempoUrl} (last answer: ${lookup.answer})`];
      } else {
        result.tempoTraceUrl = lookup.endpoint;
        result.spans = lookup.spans;
        result.tempoStatus = lookup.partialMessage === undefined ? 'COMPLETE' : 'PARTIAL';
        result.tempoMessage = lookup.partialMessage ?? null;
        traceProblems = checkTrace(traceId, result.spans, expected);
        if (traceProblems.length > 0 && lookup.partialMessage !== undefined) {
          traceProblems.push(
            `Tempo returned trace ${traceId} cut short (status PARTIAL: "${lookup.partialMessage}"): what is missing may be ` +
              "in the part it left out; raise Tempo's max_bytes_per_trace",
          );
        }
      }
    } catch (err) {
      if (err instanceof TraceTooLargeError) {
        return finish([
          ...problems,
          `Tempo at ${options.tempoUrl} refused trace ${traceId} as too large: ${err.message}; raise Tempo's max_bytes_per_trace`,
        ]);
      }
      traceProblems = [`Tempo at ${options.tempoUrl} could not be read: ${message(err)}`];
    }
    if (traceProblems.length === 0 || Date.now() >= deadline) break;
    await pause();
  }
  if (traceProblems.length > 0) {
    return finish([...problems, ...traceProblems.map((p) => `after ${options.timeoutSeconds} s: ${p}`)]);
  }

  // 3. The search Grafana Explore runs, until it finds the trace.
  let searchProblem: string | undefined;
  const windowStart = started / 1000 - 300;
  for (;;) {
    try {
      const ids = await searchTempoByService(options.tempoUrl, LOG_SERVICE, windowStart, Date.now() / 1000 + 300);
      result.searchable = ids.includes(traceId);
      searchProblem = result.searchable
        ? undefined
        : `not searchable: GET /api/search?tags=service.name=${LOG_SERVICE} does not find trace ${traceId} (${ids.length} other traces found)`;
    } catch (err) {
      result.searchable = false;
      searchProblem = `not searchable: ${message(err)}`;
    }
    if (searchProblem === undefined || Date.now() >= deadline) break;
    await pause();
  }
  return finish(searchProblem === undefined ? problems : [...problems, `after ${options.timeoutSeconds} s: ${searchProblem}`]);
}
