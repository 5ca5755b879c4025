import { ECHO_SERVICE, LOG_SERVICE, ROUTES, TRACE_CHECK_REQUESTS, type TraceCheckRequest } from '@tracing-lab/contract';
import type { TraceSpan } from './trace-span';

/** What one trace-check request should produce in Tempo: the services and their server spans, named by route. */

export interface ServerSpanExpectation {
  service: string;
  /** The span name: method and route, e.g. `GET /info`. */
  name: string;
  /** The route, as the `http.route` attribute carries it when present. */
  route: string;
}

export interface TraceExpectation {
  method: 'GET' | 'POST';
  path: string;
  /** The status log-service must answer with. */
  status: number;
  logServer: ServerSpanExpectation;
  echoServer: ServerSpanExpectation;
}

const ECHO_SERVER: ServerSpanExpectation = { service: ECHO_SERVICE, name: `POST ${ROUTES.echo}`, route: ROUTES.echo };

/** The request trace-check sends for each choice, and the status log-service must answer it with. */
const LOG_SERVICE_REQUESTS = {
  info: { method: 'GET', path: ROUTES.info, status: 200 },
  logs: { method: 'POST', path: ROUTES.logs, status: 201 },
} as const satisfies Record<TraceCheckRequest, Pick<TraceExpectation, 'method' | 'path' | 'status'>>;

export function expectationFor(request: TraceCheckRequest): TraceExpectation {
  const { method, path, status } = LOG_SERVICE_REQUESTS[request];
  return {
    method,
    path,
    status,
    logServer: { service: LOG_SERVICE, name: `${method} ${path}`, route: path },
    echoServer: ECHO_SERVER,
  };
}

/**
 * The expectation for a trace that trace-check did not make (`--trace-id`): the request whose log-service server span
 * the trace holds (`GET /info` or `POST /logs`), else `fallback`'s.
 */
export function expectationForTrace(spans: readonly TraceSpan[], fallback: TraceCheckRequest): TraceExpectation {
  const serverNames = new Set(spans.filter((s) => s.service === LOG_SERVICE && s.kind === 'SERVER').map((s) => s.name));
  const request = TRACE_CHECK_REQUESTS.find((r) => serverNames.has(expectationFor(r).logServer.name)) ?? fallback;
  return expectationFor(request);
}
