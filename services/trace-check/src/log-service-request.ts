import { TRACE_ID_HEADER, TRACE_RESPONSE_HEADER } from '@tracing-lab/contract';
import type { TraceExpectation } from './expectations';
import { request, urlUnder } from './http';
import { isTraceIdHex } from './ids';

export interface LogServiceAnswer {
  status: number;
  /** The `x-trace-id` header, lower-cased; undefined when missing or not a valid trace id. */
  traceId: string | undefined;
  rawTraceIdHeader: string | null;
  /**
   * Whether the services' sampler kept the trace, from the `traceresponse` header's flags
   * (`00-<trace id>-<span id>-<flags>`); undefined when the header is missing or malformed.
   */
  sampled: boolean | undefined;
  body: string;
}

/** The sampled flag of a W3C `traceresponse` header (version 00), or undefined. */
export function sampledFlag(traceresponse: string | null): boolean | undefined {
  const match = /^00-[0-9a-f]{32}-[0-9a-f]{16}-([0-9a-f]{2})$/.exec(traceresponse?.trim().toLowerCase() ?? '');
  return match ? (Number.parseInt(match[1]!, 16) & 1) === 1 : undefined;
}

/** The URL of the checked route under log-service's base URL (which may carry a path prefix). */
export const logServiceRequestUrl = (logServiceUrl: string, expected: TraceExpectation): URL => urlUnder(logServiceUrl, expected.path);

/**
 * Sends the request the check is about (`GET /info` or `POST /logs`) to log-service and reads `x-trace-id`; `checkEnd`
 * gives it up at the end of the check (see `request`).
 */
export async function sendLogServiceRequest(logServiceUrl: string, expected: TraceExpectation, checkEnd?: AbortSignal): Promise<LogServiceAnswer> {
  const url = logServiceRequestUrl(logServiceUrl, expected);
  const init: RequestInit = { method: expected.method, signal: checkEnd ?? null };
  if (expected.method === 'POST') {
    init.headers = { 'content-type': 'application/json' };
    init.body = JSON.stringify({ level: 'info', message: `trace-check ${new Date().toISOString()}` });
  }
  const { status, headers, text } = await request(url, init);
  const header = headers.get(TRACE_ID_HEADER);
  const lowered = header?.trim().toLowerCase();
  return {
    status,
    traceId: lowered !== undefined && isTraceIdHex(lowered) ? lowered : undefined,
    rawTraceIdHeader: header,
    sampled: sampledFlag(headers.get(TRACE_RESPONSE_HEADER)),
    body: text,
  };
}
