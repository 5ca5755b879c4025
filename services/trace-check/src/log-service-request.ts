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
  /**
   * Whether echo-service received a `traceparent` header, as log-service's answer reports it (`echo.traceparent`, the
   * header echo-service echoes back: a string, or null when none came); undefined when the answer does not say (an
   * error answer, a body that is not that JSON).
   */
  echoReceivedTraceparent: boolean | undefined;
  /** The answer's `error.code` when it is log-service's error JSON, e.g. `echo_unavailable`; else undefined. */
  errorCode: string | undefined;
  body: string;
}

/** `error.code` of log-service's error answer (`{"error":{"code","message"}}`). */
export function errorCodeOf(body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const code = (parsed as { error?: { code?: unknown } } | null)?.error?.code;
  return typeof code === 'string' ? code : undefined;
}

/** `echo.traceparent` of log-service's answer body (GET /info and POST /logs both carry echo-service's reply). */
export function echoReceivedTraceparent(body: string): boolean | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const echo = (parsed as { echo?: unknown } | null)?.echo;
  if (typeof echo !== 'object' || echo === null || !('traceparent' in echo)) return undefined;
  const traceparent = (echo as { traceparent: unknown }).traceparent;
  return traceparent === null ? false : typeof traceparent === 'string' ? true : undefined;
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
    echoReceivedTraceparent: echoReceivedTraceparent(text),
    errorCode: errorCodeOf(text),
    body: text,
  };
}
