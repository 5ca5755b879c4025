import { ECHO_CALL_ERROR_CODES, ECHO_SERVICE, LOG_SERVICE, TRACE_RESPONSE_HEADER } from '@tracing-lab/contract';
import { checkTrace } from './check-trace';
import { expectationFor, expectationForTrace, type TraceExpectation } from './expectations';
import { checkEndSignal, describeError, urlUnder } from './http';
import { logServiceRequestUrl, sendLogServiceRequest, type LogServiceAnswer } from './log-service-request';
import { oneLineExcerpt } from './one-line-excerpt';
import type { TraceCheckOptions } from './options';
import { problem, type Problem } from './problems';
import { retryUntilDeadline, type RetryBudget } from './retry';
import { checkServiceGraphEdge, type ServiceGraphReport } from './service-graph';
import { fetchTempoTrace, searchTempoByService, TraceTooLargeError } from './tempo-client';
import type { TraceSpan } from './trace-span';

export interface TraceCheckResult {
  ok: boolean;
  /** The request sent to log-service; null with `--trace-id`, which sends none. */
  request: { method: string; url: string; status: number | null; traceIdHeader: string | null } | null;
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
  /** What the checks that ran proved, in order, for the OK sentence (report.ts). */
  passed: string[];
  problems: Problem[];
  /** The service-graph step (with --prometheus-url), else null. */
  serviceGraph: ServiceGraphReport | null;
  elapsedMs: number;
}

/**
 * With `--trace-id`: once the trace holds spans, how long it must stay unchanged before it is checked as it is. A
 * finished span reaches Tempo within the services' batch delay (OTEL_BSP_SCHEDULE_DELAY, 1 s by default) and its
 * export; a trace that has not changed for this long is taken to be complete.
 */
export const EXISTING_TRACE_QUIET_MS = 2_000;

/**
 * The whole check: the request, the trace, the search (below), then, with a Prometheus URL, the service-graph edge.
 * With `--trace-id`, no request and no search: the trace named is read and checked. The edge's absence is reported
 * but does not fail the check; a Prometheus that cannot be queried does. Every wait is one retry until the same
 * deadline.
 */
export async function runTraceCheck(options: TraceCheckOptions): Promise<TraceCheckResult> {
  const started = Date.now();
  const budget: RetryBudget = { deadline: started + options.timeoutSeconds * 1000, pollIntervalMs: options.pollIntervalMs };
  const checkEnd = checkEndSignal(options.timeoutSeconds);
  if (options.traceId === null) {
    const expected = expectationFor(options.request);
    const request = { method: expected.method, url: logServiceRequestUrl(options.logServiceUrl, expected).href, status: null, traceIdHeader: null };
    const result = resultBeforeChecks(request);
    await checkRequestTrace(options, expected, { started, ...budget }, checkEnd, request, result);
    return finish(options, budget, checkEnd, started, result);
  }
  const result = resultBeforeChecks(null);
  await checkExistingTrace(options, options.traceId, budget, checkEnd, result);
  return finish(options, budget, checkEnd, started, result);
}

/** The service-graph step when asked for, then the verdict. */
async function finish(options: TraceCheckOptions, budget: RetryBudget, checkEnd: AbortSignal, started: number, result: TraceCheckResult): Promise<TraceCheckResult> {
  if (options.prometheusUrl !== null) {
    const step = await checkServiceGraphEdge(options.prometheusUrl, budget, checkEnd);
    result.serviceGraph = step.report;
    if (step.problem) result.problems.push(step.problem);
    else if (step.report.status === 'present') result.passed.push(`Prometheus holds the service-graph edge ${LOG_SERVICE} → ${ECHO_SERVICE}`);
  }
  result.ok = result.problems.length === 0;
  result.elapsedMs = Date.now() - started;
  return result;
}

/** The result before any check ran: nothing proved, nothing found wrong. */
export function resultBeforeChecks(request: TraceCheckResult['request']): TraceCheckResult {
  return {
    ok: false,
    request,
    unsampledRequests: 0,
    traceId: null,
    tempoTraceUrl: null,
    tempoStatus: null,
    tempoMessage: null,
    spans: [],
    searchable: null,
    passed: [],
    problems: [],
    serviceGraph: null,
    elapsedMs: 0,
  };
}

/** One try of the request: log-service's answer, or why there was none. */
type RequestOutcome = { answer: LogServiceAnswer } | { error: unknown };

/**
 * One look at Tempo: what is still wrong with the trace; `final` when asking again cannot help (too large, or the
 * trace is as complete as it will get).
 */
type TraceOutcome = { problems: Problem[]; final?: boolean };

/**
 * One request to log-service, then poll Tempo until the trace passes every structural check (or the deadline
 * passes), then poll the search API until it finds the trace. Fills in `result`. `checkEnd` gives up a request still
 * unanswered at the end of the check (http.ts).
 */
async function checkRequestTrace(
  options: TraceCheckOptions,
  expected: TraceExpectation,
  budget: RetryBudget & { started: number },
  checkEnd: AbortSignal,
  request: NonNullable<TraceCheckResult['request']>,
  result: TraceCheckResult,
): Promise<void> {
  const after = (p: Problem): Problem => ({ ...p, message: `after ${options.timeoutSeconds} s: ${p.message}` });

  // 1. The request. Connection errors are retried until the deadline (log-service may still be starting), and so is
  //    a request whose trace the services' sampler dropped (`traceresponse` flags 00): that trace never reaches Tempo.
  const sent = await retryUntilDeadline(
    budget,
    async (): Promise<RequestOutcome> => {
      try {
        const answer = await sendLogServiceRequest(options.logServiceUrl, expected, checkEnd);
        if (answer.sampled === false && answer.traceId !== undefined) result.unsampledRequests += 1;
        return { answer };
      } catch (error) {
        return { error };
      }
    },
    (outcome) => 'answer' in outcome && !(outcome.answer.sampled === false && outcome.answer.traceId !== undefined),
  );
  if ('error' in sent) {
    result.problems.push(problem('log-service-unreachable', `log-service unreachable: ${expected.method} ${request.url} failed: ${describeError(sent.error)}`));
    return;
  }
  const { answer } = sent;
  if (answer.sampled === false && answer.traceId !== undefined) {
    result.problems.push(
      problem(
        'never-sampled',
        `none of the ${result.unsampledRequests} requests sent in ${options.timeoutSeconds} s was sampled (${TRACE_RESPONSE_HEADER} flags 00): ` +
          "the services' sampler (OTEL_TRACES_SAMPLER, OTEL_TRACES_SAMPLER_ARG) dropped every trace",
      ),
    );
    return;
  }
  request.status = answer.status;
  request.traceIdHeader = answer.rawTraceIdHeader;
  if (answer.status !== expected.status) {
    result.problems.push(
      problem('unexpected-status', `log-service answered ${answer.status} to ${expected.method} ${expected.path}, expected ${expected.status}: ${oneLineExcerpt(answer.body)}`),
    );
  }
  if (answer.traceId === undefined) {
    const header = answer.rawTraceIdHeader === null ? 'no x-trace-id header' : `x-trace-id ${JSON.stringify(answer.rawTraceIdHeader)} is not a trace id`;
    result.problems.push(problem('no-trace-id', `${header} in log-service's answer, so there is no trace to look for`));
    return;
  }
  const traceId = answer.traceId;
  result.traceId = traceId;
  // echo-service saw no traceparent (its span began a trace of its own), or was never reached: this trace will never
  // hold its span. Once log-service's server span is in (it ends last of log-service's), waiting longer cannot help.
  const noPropagation = answer.echoReceivedTraceparent === false;
  const echoNeverInTrace = noPropagation || answer.errorCode === ECHO_CALL_ERROR_CODES.unreachable;
  if (noPropagation) {
    const search = urlUnder(options.tempoUrl, 'api/search');
    search.searchParams.set('tags', `root.service.name=${ECHO_SERVICE}`);
    result.problems.push(
      problem(
        'no-propagation',
        `no propagation: ${ECHO_SERVICE} received no traceparent header (log-service's answer says echo.traceparent is null), so its span ` +
          `began a trace of its own and this one ends at ${LOG_SERVICE}'s client span; find ${ECHO_SERVICE}'s trace with GET ${search.href}`,
      ),
    );
  }

  // 2. The trace, until it holds everything the checks need.
  const looked = await readTraceUntilChecked(options, traceId, budget, checkEnd, result, () => expected, (spans) =>
    echoNeverInTrace && spans.some((s) => s.service === LOG_SERVICE && s.kind === 'SERVER' && s.name === expected.logServer.name),
  );
  if (!reportTraceOutcome(looked, after, result)) return;

  // 3. The search Grafana Explore runs, until it finds the trace.
  const windowStart = budget.started / 1000 - 300;
  const searched = await retryUntilDeadline(
    budget,
    async (): Promise<Problem | undefined> => {
      try {
        const ids = await searchTempoByService(options.tempoUrl, LOG_SERVICE, windowStart, Date.now() / 1000 + 300, checkEnd);
        result.searchable = ids.includes(traceId);
        return result.searchable
          ? undefined
          : problem('not-searchable', `not searchable: GET /api/search?tags=service.name=${LOG_SERVICE} does not find trace ${traceId} (${ids.length} other traces found)`);
      } catch (err) {
        result.searchable = false;
        return problem('not-searchable', `not searchable: ${describeError(err)}`);
      }
    },
    (found) => found === undefined,
  );
  if (searched) result.problems.push(after(searched));
  else result.passed.push(`Tempo search by service.name=${LOG_SERVICE} finds it`);
}

/**
 * `--trace-id`: an existing trace, read until it passes every structural check or, once it holds spans, has not
 * changed for EXISTING_TRACE_QUIET_MS (then it is checked as it is); checked against the request its log-service
 * server span names (`GET /info` or `POST /logs`, else `--request`'s).
 */
async function checkExistingTrace(options: TraceCheckOptions, traceId: string, budget: RetryBudget, checkEnd: AbortSignal, result: TraceCheckResult): Promise<void> {
  result.traceId = traceId;
  let seen = '';
  let unchangedSince = Date.now();
  const looked = await readTraceUntilChecked(
    options,
    traceId,
    budget,
    checkEnd,
    result,
    (spans) => expectationForTrace(spans, options.request),
    (spans) => {
      const now = Date.now();
      const ids = spans.map((s) => s.spanId).sort().join(',');
      if (ids !== seen) [seen, unchangedSince] = [ids, now];
      return now - unchangedSince >= EXISTING_TRACE_QUIET_MS;
    },
  );
  const after = (p: Problem): Problem => ({ ...p, message: `after ${options.timeoutSeconds} s: ${p.message}` });
  reportTraceOutcome(looked, after, result);
}

/**
 * Polls Tempo until the trace passes every structural check, or `complete(spans)` says it will not change any more
 * (then it is checked as it is, `final`), or the deadline passes. Tempo answers an empty trace while the spans are
 * on their way (and Tempo's v2 API never says 404), so "no spans" means: ask again. Fills in the result's spans and
 * Tempo fields from the last trace Tempo held.
 */
async function readTraceUntilChecked(
  options: TraceCheckOptions,
  traceId: string,
  budget: RetryBudget,
  checkEnd: AbortSignal,
  result: TraceCheckResult,
  expectation: (spans: readonly TraceSpan[]) => TraceExpectation,
  complete: (spans: readonly TraceSpan[]) => boolean,
): Promise<TraceOutcome> {
  return retryUntilDeadline(
    budget,
    async (): Promise<TraceOutcome> => {
      try {
        const lookup = await fetchTempoTrace(options.tempoUrl, traceId, checkEnd);
        if (lookup.spans.length === 0) {
          return { problems: [problem('trace-missing', `trace ${traceId} never arrived in Tempo at ${options.tempoUrl} (last answer: ${lookup.answer})`)] };
        }
        // The last trace Tempo held is the one reported, whatever is still wrong with it.
        result.tempoTraceUrl = lookup.endpoint;
        result.spans = lookup.spans;
        result.tempoStatus = lookup.partialMessage === undefined ? 'COMPLETE' : 'PARTIAL';
        result.tempoMessage = lookup.partialMessage ?? null;
        const problems = checkTrace(traceId, lookup.spans, expectation(lookup.spans));
        if (problems.length > 0 && lookup.partialMessage !== undefined) {
          problems.push(
            problem(
              'trace-cut-short',
              `Tempo returned trace ${traceId} cut short (status PARTIAL: "${lookup.partialMessage}"): what is missing may be ` +
                "in the part it left out; raise Tempo's max_bytes_per_trace",
            ),
          );
        }
        return { problems, final: problems.length > 0 && complete(lookup.spans) };
      } catch (err) {
        if (err instanceof TraceTooLargeError) {
          const message = `Tempo at ${options.tempoUrl} refused trace ${traceId} as too large: ${err.message}; raise Tempo's max_bytes_per_trace`;
          return { problems: [problem('trace-too-large', message)], final: true };
        }
        return { problems: [problem('tempo-unreadable', `Tempo at ${options.tempoUrl} could not be read: ${describeError(err)}`)] };
      }
    },
    (outcome) => outcome.final === true || outcome.problems.length === 0,
  );
}

/**
 * Records what the look at the trace found: its problems (a wait that ran into the deadline says so, `after`), or
 * what it proved. True when the trace passed.
 */
function reportTraceOutcome(looked: TraceOutcome, after: (p: Problem) => Problem, result: TraceCheckResult): boolean {
  if (looked.problems.length > 0) {
    result.problems.push(...(looked.final ? looked.problems : looked.problems.map(after)));
    return false;
  }
  result.passed.push('one trace', `the ${ECHO_SERVICE} span is nested under the ${LOG_SERVICE} span`, 'server spans carry their routes');
  return true;
}
